import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
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

const field = (text: string, label: string): string => {
  const match = new RegExp(`${label}\\s+(\\S+)`).exec(text);
  if (match?.[1] === undefined) throw new Error(`no "${label}" line in:\n${text}`);
  return match[1];
};

describe('blink-gateway serve with nothing configured (sandbox mode)', () => {
  const databaseUrl = freshDatabaseUrl();
  const prefix = freshRedisPrefix();
  const env = { DATABASE_URL: databaseUrl, REDIS_URL: redisUrl(), QUEUE_PREFIX: prefix, PORT: '0', NODE_ENV: 'development', LOG_LEVEL: 'warn' };

  beforeAll(assertPostgresAnswers);
  afterAll(async () => {
    await dropDatabase(withDatabase(databaseUrl, `${databaseNameOf(databaseUrl)}_sandbox`));
    await deleteRedisKeys(prefix.replace(/}$/, ''));
  });

  it('starts an embedded sandbox and a demo store whose printed key works, then stops on SIGTERM', async () => {
    const child = startServe(env);
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
