import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import Redis from 'ioredis';
import { Client } from 'pg';
import { withDatabase } from '../../src/adapters/db/pool';
import { assertPostgresAnswers, deleteRedisKeys, freshDatabaseUrl, freshRedisPrefix, postgresUrl, redisUrl } from '../support/services';

/** `npm run demo` as a newcomer runs it (the tsx entry `npm run demo` calls), only PostgreSQL and Redis running. */
jest.setTimeout(90_000);

const root = path.resolve(__dirname, '../..');
const tsx = path.join(root, 'node_modules/.bin/tsx');

interface Finished { code: number | null; stdout: string; stderr: string }

async function runDemo(env: Record<string, string>): Promise<Finished> {
  const { GATEWAY_SECRET: _secret, ADMIN_API_KEY: _admin, PUBLIC_URL: _url, ...inherited } = process.env;
  const child = spawn(tsx, ['src/cli.ts', 'demo'], { cwd: root, env: { ...inherited, ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString(); });
  child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
  const killer = setTimeout(() => child.kill('SIGKILL'), 80_000);
  const [code] = await once(child, 'exit') as [number | null];
  clearTimeout(killer);
  return { code, stdout, stderr };
}

async function databaseExists(name: string): Promise<boolean> {
  const client = new Client({ connectionString: withDatabase(postgresUrl(), 'postgres') });
  await client.connect();
  try {
    return (await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1;
  } finally {
    await client.end();
  }
}

async function keysUnder(prefix: string): Promise<string[]> {
  const redis = new Redis(redisUrl());
  try {
    return await redis.keys(`${prefix.replace(/[[\]*?\\]/g, '\\$&')}*`);
  } finally {
    redis.disconnect();
  }
}

const WEBHOOK_LINE = /^\s+\+(\d+) ms\s+(\w+)\s+BTCPay-Sig verified\s+Standard Webhooks verified$/;

describe('npm run demo', () => {
  const prefix = freshRedisPrefix();
  beforeAll(assertPostgresAnswers);
  afterAll(() => deleteRedisKeys(prefix.replace(/}$/, '')));

  it('tells the whole story: the five webhooks of a full payment, both signatures verified, timings, exit 0, nothing left behind', async () => {
    const { code, stdout, stderr } = await runDemo({ DATABASE_URL: freshDatabaseUrl(), REDIS_URL: redisUrl(), QUEUE_PREFIX: prefix, LOG_LEVEL: 'info' });
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });

    const hooks = stdout.split('\n').map((line) => WEBHOOK_LINE.exec(line)).filter((match) => match !== null);
    const types = hooks.map((match) => match[2]);
    // Deliveries run concurrently: the order of arrival may vary, the set may not.
    expect([...types].sort()).toEqual(['InvoiceCreated', 'InvoicePaymentSettled', 'InvoiceProcessing', 'InvoiceReceivedPayment', 'InvoiceSettled']);
    expect(stdout).not.toContain('FAILED');
    expect(stdout).toMatch(/^OK: 5 webhooks .*every signature verified\.$/m);
    for (const step of ['invoice created', 'paid', 'InvoiceSettled received', 'order to settled webhook']) {
      expect(stdout).toMatch(new RegExp(`^  ${step}\\s+\\d+ ms`, 'm'));
    }
    expect(stdout).toMatch(/the buyer pays at http:\/\/localhost:\d+\/i\/\w+/);
    // Only the store key and webhook secret's existence are shown, never their values.
    expect(stdout).not.toMatch(/bgk_|whsec_[A-Za-z0-9+/]/);

    const cleaned = /Cleaned up: database (\S+) dropped, (\d+) Redis keys under (\S+) deleted\./.exec(stdout);
    expect(cleaned).not.toBeNull();
    const [, database, deleted, demoPrefix] = cleaned!;
    expect(database).toMatch(/^bg_test_\w+_demo_[0-9a-f]{8}$/);
    expect(await databaseExists(database!)).toBe(false);
    expect(Number(deleted)).toBeGreaterThan(0);
    expect(demoPrefix).toMatch(/^\{bgt-\w+-demo_[0-9a-f]{8}\}$/);
    expect(await keysUnder(demoPrefix!)).toEqual([]);
  });

  it('with PostgreSQL down, says how to start it and exits 1', async () => {
    const { code, stdout, stderr } = await runDemo({ DATABASE_URL: 'postgres://postgres@127.0.0.1:1/blink_gateway', REDIS_URL: redisUrl(), QUEUE_PREFIX: prefix });
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain('PostgreSQL does not answer at postgres://postgres@127.0.0.1:1/postgres');
    expect(stderr).toContain('sudo service postgresql start');
    expect(stderr).not.toContain('Redis does not answer');
  });

  it('with Redis down, says how to start it and exits 1', async () => {
    const { code, stderr } = await runDemo({ DATABASE_URL: freshDatabaseUrl(), REDIS_URL: 'redis://127.0.0.1:1', QUEUE_PREFIX: prefix });
    expect(code).toBe(1);
    expect(stderr).toContain('Redis does not answer at redis://127.0.0.1:1 (connect ECONNREFUSED');
    expect(stderr).toContain('sudo service redis-server start');
  });
});
