import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client, type Pool } from 'pg';
import { migrate } from '../../../src/adapters/db/migrate';
import { createPool, databaseNameOf, dropDatabase, ensureDatabase, withDatabase } from '../../../src/adapters/db/pool';
import { assertPostgresAnswers, freshDatabaseUrl, postgresUrl } from '../../support/services';

// Real services on a shared 2-core machine: jest's testTimeout in a project config is not applied.
jest.setTimeout(60_000);

async function databaseExists(name: string): Promise<boolean> {
  const client = new Client({ connectionString: withDatabase(postgresUrl(), 'postgres') });
  await client.connect();
  try {
    return (await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1;
  } finally {
    await client.end();
  }
}

describe('database creation and migrations', () => {
  const created: string[] = [];
  const pools: Pool[] = [];
  let dir: string;

  beforeAll(async () => {
    await assertPostgresAnswers();
    dir = await mkdtemp(path.join(tmpdir(), 'bg-migrations-'));
  });
  afterAll(async () => {
    await Promise.all(pools.map((pool) => pool.end()));
    await Promise.all(created.map((url) => dropDatabase(url)));
    await rm(dir, { recursive: true, force: true });
  });

  async function freshDatabase(): Promise<{ url: string; pool: Pool }> {
    const url = freshDatabaseUrl();
    created.push(url);
    await ensureDatabase(url);
    const pool = createPool(url);
    pools.push(pool);
    return { url, pool };
  }

  it('creates the database when missing, once, even when several processes race', async () => {
    const url = freshDatabaseUrl();
    created.push(url);
    expect(await databaseExists(databaseNameOf(url))).toBe(false);
    const results = await Promise.all([ensureDatabase(url), ensureDatabase(url), ensureDatabase(url), ensureDatabase(url)]);
    expect(results.filter(Boolean).length).toBeLessThanOrEqual(1);
    expect(await databaseExists(databaseNameOf(url))).toBe(true);
    expect(await ensureDatabase(url)).toBe(false);
  });

  it('applies the project migrations once; a second run applies nothing', async () => {
    const { pool } = await freshDatabase();
    const first = await migrate(pool);
    expect(first[0]).toBe('001_api_keys.sql');
    expect(await migrate(pool)).toEqual([]);
    const recorded = await pool.query<{ name: string }>('SELECT name FROM schema_migrations ORDER BY version');
    expect(recorded.rows.map((row) => row.name)).toEqual(first);
    await expect(pool.query('SELECT key_hash, label, permissions, created_at FROM api_keys')).resolves.toBeDefined();
  });

  it('is safe when several processes migrate at once: each migration runs exactly once', async () => {
    const { url } = await freshDatabase();
    const racers = Array.from({ length: 5 }, () => { const pool = createPool(url, { max: 2 }); pools.push(pool); return pool; });
    const results = await Promise.all(racers.map((pool) => migrate(pool)));
    const applied = results.flat();
    expect(new Set(applied).size).toBe(applied.length);
    const recorded = await (racers[0] as Pool).query<{ n: string }>('SELECT count(*) AS n FROM schema_migrations');
    expect(Number(recorded.rows[0]?.n)).toBe(applied.length);
    expect(applied.length).toBeGreaterThan(0);
  });

  it('applies in version order, each in a transaction: a failing one is rolled back and not recorded', async () => {
    const { pool } = await freshDatabase();
    await writeFile(path.join(dir, '002_second.sql'), 'ALTER TABLE first ADD COLUMN b int;');
    await writeFile(path.join(dir, '001_first.sql'), 'CREATE TABLE first (a int);');
    await writeFile(path.join(dir, '003_broken.sql'), 'CREATE TABLE half (a int); SELECT * FROM missing_table;');
    await expect(migrate(pool, { directory: dir })).rejects.toThrow(/003_broken\.sql failed and was rolled back: .*missing_table/);
    const recorded = await pool.query<{ name: string }>('SELECT name FROM schema_migrations ORDER BY version');
    expect(recorded.rows.map((row) => row.name)).toEqual(['001_first.sql', '002_second.sql']);
    const half = await pool.query("SELECT to_regclass('half') AS t");
    expect(half.rows[0]?.t).toBeNull();
    await writeFile(path.join(dir, '003_broken.sql'), 'CREATE TABLE half (a int);');
    expect(await migrate(pool, { directory: dir })).toEqual(['003_broken.sql']);
  });

  it('refuses badly named migration files', async () => {
    const { pool } = await freshDatabase();
    const badDir = await mkdtemp(path.join(tmpdir(), 'bg-migrations-bad-'));
    await writeFile(path.join(badDir, 'first.sql'), 'SELECT 1;');
    await expect(migrate(pool, { directory: badDir })).rejects.toThrow('001_name.sql');
    await rm(badDir, { recursive: true, force: true });
  });
});
