import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Pool, PoolClient } from 'pg';
import type { Logger } from '../log';

/**
 * Applies `migrations/NNN_name.sql` in order, each in its own transaction, recorded in
 * `schema_migrations`. A session advisory lock makes concurrent starts (several API and worker
 * processes) safe: one applies, the others wait and then find nothing left to do.
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
  readonly checksum: string;
}

export interface MigrateOptions {
  /** Defaults to the `migrations/` folder at the project root (source tree or dist/). */
  readonly directory?: string;
  readonly logger?: Logger;
}

/** Arbitrary constant shared by every gateway process: "bg-migr" in ASCII. */
const MIGRATION_LOCK_KEY = 0x62672d6d696772n;
const FILE_NAME = /^(\d+)_([a-z0-9_-]+)\.sql$/i;

export function defaultMigrationsDirectory(): string {
  // src/adapters/db → ../../../migrations; dist/src/adapters/db → ../../../../migrations
  const candidates = [path.resolve(__dirname, '../../../migrations'), path.resolve(__dirname, '../../../../migrations')];
  return candidates.find((dir) => existsSync(dir)) ?? (candidates[0] as string);
}

export async function loadMigrations(directory: string): Promise<Migration[]> {
  const files = (await readdir(directory)).filter((file) => file.endsWith('.sql')).sort();
  const migrations: Migration[] = [];
  for (const file of files) {
    const match = FILE_NAME.exec(file);
    if (match === null) throw new Error(`migration file name must look like 001_name.sql: ${file}`);
    const sql = await readFile(path.join(directory, file), 'utf8');
    migrations.push({
      version: Number(match[1]),
      name: file,
      sql,
      checksum: createHash('sha256').update(sql).digest('hex'),
    });
  }
  const versions = new Set<number>();
  for (const migration of migrations) {
    if (versions.has(migration.version)) throw new Error(`two migrations share version ${migration.version}`);
    versions.add(migration.version);
  }
  return migrations.sort((a, b) => a.version - b.version);
}

/** Applies the pending migrations; returns the names of those it applied. */
export async function migrate(pool: Pool, options: MigrateOptions = {}): Promise<string[]> {
  const migrations = await loadMigrations(options.directory ?? defaultMigrationsDirectory());
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY.toString()]);
    try {
      return await applyPending(client, migrations, options.logger);
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY.toString()]);
    }
  } finally {
    client.release();
  }
}

async function applyPending(client: PoolClient, migrations: readonly Migration[], logger?: Logger): Promise<string[]> {
  // The runner owns this table: it must exist before any migration can be recorded in it.
  await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version integer PRIMARY KEY,
    name text NOT NULL,
    checksum text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`);
  const rows = await client.query<{ version: number; checksum: string }>('SELECT version, checksum FROM schema_migrations');
  const applied = new Map(rows.rows.map((row) => [row.version, row.checksum]));
  const done: string[] = [];
  for (const migration of migrations) {
    const checksum = applied.get(migration.version);
    if (checksum !== undefined) {
      if (checksum !== migration.checksum) {
        logger?.warn('an applied migration has changed since it ran; it is not re-applied', { migration: migration.name });
      }
      continue;
    }
    await applyOne(client, migration);
    logger?.info('migration applied', { migration: migration.name });
    done.push(migration.name);
  }
  return done;
}

async function applyOne(client: PoolClient, migration: Migration): Promise<void> {
  await client.query('BEGIN');
  try {
    await client.query(migration.sql);
    await client.query('INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)', [
      migration.version, migration.name, migration.checksum,
    ]);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`migration ${migration.name} failed and was rolled back: ${reason}`, { cause: error });
  }
}
