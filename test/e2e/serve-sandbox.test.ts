import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { promisify } from 'node:util';
import { dropDatabase, withDatabase, databaseNameOf } from '../../src/adapters/db/pool';
import { assertPostgresAnswers, deleteRedisKeys, freshDatabaseUrl, freshRedisPrefix, redisUrl } from '../support/services';

/** `npm start` as a newcomer runs it: nothing configured, only PostgreSQL and Redis running. */
const root = path.resolve(__dirname, '../..');
const tsx = path.join(root, 'node_modules/.bin/tsx');

function startServe(env: Record<string, string>): ChildProcessWithoutNullStreams {
  const { GATEWAY_SECRET: _secret, ADMIN_API_KEY: _admin, ...inherited } = process.env;
  return spawn(tsx, ['src/cli.ts', 'serve'], { cwd: root, env: { ...inherited, ...env } });
}

/** Resolves with stdout once `marker` appears in it. */
function waitForOutput(child: ChildProcessWithoutNullStreams, marker: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes(marker)) resolve(stdout);
    });
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
    child.on('exit', (code) => reject(new Error(`serve exited (${code}) before printing ${marker}:\n${stdout}\n${stderr}`)));
  });
}

const run = promisify(execFile);

/** Runs a printed command exactly as a newcomer pastes it into a shell; answers its stdout as JSON. */
async function shell(command: string): Promise<Record<string, unknown>> {
  const { stdout } = await run('sh', ['-c', command], { timeout: 15_000 });
  return JSON.parse(stdout) as Record<string, unknown>;
}

/** Every command line the welcome prints (indented, one line each). */
const commandsIn = (text: string): string[] => text.split('\n').map((line) => line.trim()).filter((line) => line.startsWith('curl '));

const one = (lines: string[], what: string, test: (line: string) => boolean): string => {
  const found = lines.filter(test);
  if (found.length !== 1) throw new Error(`expected one ${what} command, found ${found.length}:\n${lines.join('\n')}`);
  return found[0]!;
};

/** Runs the printed status command until the invoice is Settled (the workers settle it). */
async function untilSettled(statusCommand: string): Promise<Record<string, unknown>> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const invoice = await shell(statusCommand);
    if (invoice.status === 'Settled') return invoice;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`the invoice never settled: ${statusCommand}`);
}

const field = (text: string, label: string): string => {
  const match = new RegExp(`${label}\\s+(\\S+)`).exec(text);
  if (match?.[1] === undefined) throw new Error(`no "${label}" line in:\n${text}`);
  return match[1];
};

/**
 * The welcome's three steps, run literally: its create curl answers the invoice whose checkout link
 * and pay command it prints; paying settles it through the workers; a new invoice (the curl without
 * its Idempotency-Key) is paid with the BOLT11 its checkout page shows, through the printed template.
 */
async function followTheWelcome(stdout: string): Promise<void> {
  const commands = commandsIn(stdout);
  expect(commands).toHaveLength(4);
  const create = one(commands, 'create', (line) => line.includes('/invoices ') && line.includes('-X POST'));
  const payByHash = one(commands, 'pay', (line) => line.includes('/sandbox/pay') && line.includes('"paymentHash"'));
  const payTemplate = one(commands, 'pay template', (line) => line.includes('/sandbox/pay') && line.includes('<BOLT11>'));
  const status = one(commands, 'status', (line) => !line.includes('-X POST'));
  const checkoutLink = /open it:\s+(\S+)/.exec(stdout)?.[1];

  const invoice = await shell(create);
  expect(invoice).toMatchObject({ status: 'New', amount: '5', currency: 'USD', checkoutLink });
  const page = await fetch(String(checkoutLink));
  expect(page.status).toBe(200);
  expect(await page.text()).toContain('Demo Store');

  const paid = await shell(payByHash);
  expect(paid).toMatchObject({ invoice: { status: 'PAID' } });
  expect(await untilSettled(status)).toMatchObject({ id: invoice.id, status: 'Settled' });
  const publicStatus = await fetch(`${String(checkoutLink)}/status`);
  expect(await publicStatus.json()).toMatchObject({ status: 'paid' });
  // Run again, the same curl still answers the same (now settled) invoice.
  expect(await shell(create)).toMatchObject({ id: invoice.id, status: 'Settled' });

  const fresh = await shell(create.replace(/ -H 'Idempotency-Key: [^']+'/, ''));
  expect(fresh.id).not.toBe(invoice.id);
  const freshPage = await (await fetch(String(fresh.checkoutLink))).text();
  const bolt11 = /id="bolt11"[^>]*value="([^"]+)"/.exec(freshPage)?.[1];
  expect(bolt11).toMatch(/^lnbcrt/);
  await shell(payTemplate.replace('<BOLT11>', String(bolt11)));
  expect(await untilSettled(status.replace(String(invoice.id), String(fresh.id)))).toMatchObject({ id: fresh.id, status: 'Settled' });
}

describe('blink-gateway serve with nothing configured (sandbox mode)', () => {
  const databaseUrl = freshDatabaseUrl();
  const prefix = freshRedisPrefix();
  const env = { DATABASE_URL: databaseUrl, REDIS_URL: redisUrl(), QUEUE_PREFIX: prefix, PORT: '0', NODE_ENV: 'development', LOG_LEVEL: 'warn' };

  beforeAll(assertPostgresAnswers);
  const children: ChildProcessWithoutNullStreams[] = [];
  afterAll(async () => {
    // A failed assertion leaves its gateway running: stop it before dropping its database.
    await Promise.all(children.filter((child) => child.exitCode === null && child.signalCode === null)
      .map(async (child) => { child.kill('SIGKILL'); await once(child, 'exit'); }));
    await dropDatabase(withDatabase(databaseUrl, `${databaseNameOf(databaseUrl)}_sandbox`));
    await deleteRedisKeys(prefix.replace(/}$/, ''));
  });

  it('starts an embedded sandbox and a demo store whose printed key works, then stops on SIGTERM', async () => {
    const child = startServe(env);
    children.push(child);
    const stdout = await waitForOutput(child, 'Stop with Ctrl-C');
    expect(stdout).toContain('SANDBOX MODE');
    const url = /running in SANDBOX MODE at (\S+)/.exec(stdout)?.[1] ?? '';
    const storeId = field(stdout, 'demo store');
    const storeKey = field(stdout, 'store API key');
    const adminKey = field(stdout, 'admin API key');
    expect(storeKey).not.toBe(adminKey);

    const store = await fetch(`${url}/api/v1/stores/${storeId}`, { headers: { authorization: `token ${storeKey}` } });
    expect(store.status).toBe(200);
    expect(await store.json()).toMatchObject({ id: storeId, name: 'Demo Store' });
    const connection = await fetch(`${url}/api/v1/stores/${storeId}/payment-methods/BTC-LN`, { headers: { authorization: `token ${storeKey}` } });
    expect(await connection.json()).toMatchObject({ enabled: true, paymentMethodId: 'BTC-LN' });
    // The store key is scoped: it cannot create stores.
    const denied = await fetch(`${url}/api/v1/stores`, {
      method: 'POST', headers: { authorization: `token ${storeKey}`, 'content-type': 'application/json' }, body: '{"name":"x"}',
    });
    expect(denied.status).toBe(403);

    await followTheWelcome(stdout);

    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
  });

  it('refuses to start in production without GATEWAY_SECRET', async () => {
    const child = startServe({ ...env, NODE_ENV: 'production' });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
    const [code] = await once(child, 'exit');
    expect(code).toBe(2);
    expect(stderr).toContain('GATEWAY_SECRET is required in production');
  });
});
