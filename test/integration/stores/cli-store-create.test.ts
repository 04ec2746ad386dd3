/**
 * `blink-gateway store create` as an operator runs it: a spawned process, the connection string on
 * stdin, the sandbox over the wire, a real database.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { createSecretBox } from '../../../src/adapters/crypto/secret-box';
import { createPool, dropDatabase } from '../../../src/adapters/db/pool';
import { MULTI_ACCOUNT_SEED, startSandbox, type RunningSandbox } from '../../../src/sandbox';
import { assertPostgresAnswers, freshDatabaseUrl } from '../../support/services';
import { connectionString, merchant } from './harness';

jest.setTimeout(60_000);
const root = path.resolve(__dirname, '../../..');
const tsx = path.join(root, 'node_modules/.bin/tsx');

interface Run { code: number | null; stdout: string; stderr: string }

function cli(args: string[], env: Record<string, string>, stdin = ''): Promise<Run> {
  return new Promise((resolve, reject) => {
    const { GATEWAY_SECRET: _inherited, ...inherited } = process.env;
    const child = spawn(tsx, ['src/cli.ts', ...args], { cwd: root, env: { ...inherited, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString(); });
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

const secret = randomBytes(32);
const databaseUrl = freshDatabaseUrl();
const env = { DATABASE_URL: databaseUrl, GATEWAY_SECRET: secret.toString('base64'), LOG_LEVEL: 'info' };
let sandbox: RunningSandbox;

beforeAll(async () => {
  await assertPostgresAnswers();
  sandbox = await startSandbox({ port: 0, seed: MULTI_ACCOUNT_SEED });
});
afterAll(async () => {
  await sandbox.close();
  await dropDatabase(databaseUrl);
});

async function query(sql: string, params: unknown[] = []): Promise<Record<string, unknown>[]> {
  const pool = createPool(databaseUrl);
  try {
    return (await pool.query(sql, params)).rows as Record<string, unknown>[];
  } finally {
    await pool.end();
  }
}

describe('blink-gateway store create', () => {
  it('creates the store with its Blink connection from stdin and prints only the store id', async () => {
    const { readReceive, btcWallet, allKeys } = merchant(sandbox);
    const run = await cli(['store', 'create', '--name', 'Corner Shop', '--connection-string', '-'], env,
      `${connectionString(sandbox, { apiKey: readReceive, walletId: btcWallet })}\n`);
    expect(run.code).toBe(0);
    const storeId = run.stdout.trim();
    expect(storeId).toMatch(/^[1-9A-HJ-NP-Za-km-z]{40,44}$/);
    expect(run.stderr).toContain(`wallet ${btcWallet} (BTC), read-receive, regtest`);
    for (const key of allKeys) expect(run.stdout + run.stderr).not.toContain(key.slice(6));

    const [row] = await query('SELECT s.name, c.wallet_id, c.connection_sealed FROM stores s JOIN store_blink_connections c ON c.store_id = s.id WHERE s.id = $1', [storeId]);
    expect(row).toMatchObject({ name: 'Corner Shop', wallet_id: btcWallet });
    // Sealed under GATEWAY_SECRET, so the API server (same secret) can open it.
    expect(createSecretBox({ current: secret }).open(String(row?.connection_sealed), `store-connection:${storeId}`)).toContain(readReceive);
  });

  it('without --connection-string, creates a bare store (no GATEWAY_SECRET needed)', async () => {
    const run = await cli(['store', 'create', '--name', 'Bare'], { DATABASE_URL: databaseUrl });
    expect(run.code).toBe(0);
    expect(await query('SELECT name FROM stores WHERE id = $1', [run.stdout.trim()])).toEqual([{ name: 'Bare' }]);
  });

  it('a refused connection creates no store: exit 2 with the reason', async () => {
    const before = await query('SELECT count(*)::int AS n FROM stores');
    const { write, btcWallet } = merchant(sandbox);
    const run = await cli(['store', 'create', '--name', 'Risky', '--connection-string', '-'], env,
      connectionString(sandbox, { apiKey: write, walletId: btcWallet }));
    expect(run).toMatchObject({ code: 2, stdout: '' });
    expect(run.stderr).toMatch(/Write scope/);
    expect(run.stderr).not.toContain(write.slice(6));
    expect(await query('SELECT count(*)::int AS n FROM stores')).toEqual(before);
  });

  it('refuses bad usage with exit 2: no name, a key on the command line, no GATEWAY_SECRET', async () => {
    expect((await cli(['store', 'create'], env)).code).toBe(2);
    const onCommandLine = await cli(['store', 'create', '--name', 'X', '--connection-string', 'type=blink;api-key=blink_abc'], env);
    expect(onCommandLine).toMatchObject({ code: 2, stderr: expect.stringContaining('stays out of shell history') });
    const noSecret = await cli(['store', 'create', '--name', 'X', '--connection-string', '-'], { DATABASE_URL: databaseUrl }, 'type=blink;wallet-id=x');
    expect(noSecret).toMatchObject({ code: 2, stderr: expect.stringContaining('GATEWAY_SECRET is not set') });
  });
});
