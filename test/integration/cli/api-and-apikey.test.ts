import { spawn } from 'node:child_process';
import path from 'node:path';
import { createApiKeyRepository } from '../../../src/adapters/db/api-key-repository';
import { createPool, dropDatabase } from '../../../src/adapters/db/pool';
import { createStoreRepository } from '../../../src/adapters/db/store-repository';
import { hashApiKey } from '../../../src/app/api-keys/key-material';
import type { StoreId } from '../../../src/domain/store/store-id';
import type { Store } from '../../../src/domain/store/store-settings';
import { assertPostgresAnswers, deleteRedisKeys, freshDatabaseUrl, freshRedisPrefix, redisUrl } from '../../support/services';

/** `blink-gateway migrate | apikey | api` as a user runs them: spawned processes, real services. */
// Each spawn pays tsx's start-up; jest's testTimeout in a project config is not applied.
jest.setTimeout(60_000);
const root = path.resolve(__dirname, '../../..');
const tsx = path.join(root, 'node_modules/.bin/tsx');

interface Run { code: number | null; stdout: string; stderr: string }

function cli(args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(tsx, ['src/cli.ts', ...args], { cwd: root, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString(); });
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('blink-gateway migrate, apikey create, api', () => {
  const databaseUrl = freshDatabaseUrl();
  const prefix = freshRedisPrefix();
  const env = { DATABASE_URL: databaseUrl, REDIS_URL: redisUrl(), QUEUE_PREFIX: prefix, LOG_LEVEL: 'info', PORT: '0' };

  beforeAll(assertPostgresAnswers);
  afterAll(async () => {
    await dropDatabase(databaseUrl);
    await deleteRedisKeys(prefix);
  });

  it('migrate creates the database and is idempotent', async () => {
    const first = await cli(['migrate'], env);
    expect(first).toMatchObject({ code: 0, stdout: expect.stringContaining('database is up to date') });
    expect(first.stdout).toContain('001_api_keys.sql');
    const second = await cli(['migrate'], env);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('"migrationsApplied":0');
  });

  it('apikey create refuses bad usage with exit 2', async () => {
    expect((await cli(['apikey', 'create'], env)).code).toBe(2);
    const bad = await cli(['apikey', 'create', '--permission', 'nope'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('Unknown permission policy "nope"');
  });

  it('apikey create --store mints a store-scoped key only for a store that exists', async () => {
    const missing = await cli(['apikey', 'create', '--store', 'NoSuchStore', '--permission', 'btcpay.store.cancreateinvoice'], env);
    expect(missing).toMatchObject({ code: 2, stdout: '', stderr: expect.stringContaining('no store with id "NoSuchStore"') });
    const pool = createPool(databaseUrl);
    try {
      const now = new Date();
      await createStoreRepository(pool).insert({
        id: 'Store1' as StoreId, name: 'Shop', website: null, defaultCurrency: 'USD', invoiceExpirationSeconds: 900,
        monitoringExpirationSeconds: 3600, speedPolicy: 'HighSpeed', lightningDescriptionTemplate: '',
        paymentTolerance: 0, createdAt: now, updatedAt: now,
      } satisfies Store);
      const created = await cli(['apikey', 'create', '--store', 'Store1', '--permission', 'btcpay.store.cancreateinvoice',
        '--permission', 'btcpay.store.canviewinvoices', '--label', 'shop'], env);
      expect(created.code).toBe(0);
      const key = created.stdout.trim();
      const row = await createApiKeyRepository(pool).findByHash(hashApiKey(key));
      expect(row).toMatchObject({ label: 'shop', permissions: ['btcpay.store.cancreateinvoice:Store1', 'btcpay.store.canviewinvoices:Store1'] });
    } finally {
      await pool.end();
    }
  });

  it('apikey create --admin prints a key the API accepts; api serves until SIGTERM, then exits 0', async () => {
    const created = await cli(['apikey', 'create', '--admin', '--label', 'ops'], env);
    expect(created.code).toBe(0);
    const key = created.stdout.trim();
    expect(key).toMatch(/^bgk_[A-Za-z0-9_-]{43}$/);
    expect(created.stderr).toContain('shown only this once');
    expect(created.stderr).not.toContain(key);

    const api = spawn(tsx, ['src/cli.ts', 'api'], { cwd: root, env: { ...process.env, ...env } });
    let output = '';
    api.stdout.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    api.stderr.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    const exited = new Promise<number | null>((resolve) => api.on('close', resolve));
    const port = await new Promise<number>((resolve, reject) => {
      const check = (): void => {
        const match = /"message":"API listening","port":(\d+)/.exec(output);
        if (match !== null) resolve(Number(match[1]));
      };
      api.stdout.on('data', check);
      api.on('close', () => reject(new Error(`api exited early:\n${output}`)));
    });
    const current = await fetch(`http://127.0.0.1:${port}/api/v1/api-keys/current`, { headers: { authorization: `Bearer ${key}` } });
    expect(current.status).toBe(200);
    expect(await current.json()).toEqual({ apiKey: null, label: 'ops', permissions: ['unrestricted'] });
    api.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output).toContain('"message":"stopped"');
    expect(output).not.toContain(key);
  });
});
