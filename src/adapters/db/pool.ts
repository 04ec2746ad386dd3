import { Client, Pool, type PoolConfig } from 'pg';
import type { Logger } from '../log';

/**
 * The PostgreSQL pool, and creation of the database named in DATABASE_URL when it is missing
 * (the role needs CREATEDB; it connects to the `postgres` maintenance database to do so).
 */
export interface PoolOptions {
  readonly max?: number;
  readonly logger?: Logger;
}

export function createPool(databaseUrl: string, options: PoolOptions = {}): Pool {
  const config: PoolConfig = {
    connectionString: databaseUrl,
    max: options.max ?? 10,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
  };
  const pool = new Pool(config);
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on('error', (error) => options.logger?.warn('postgres idle client error', { error: error.message }));
  return pool;
}

/** The database name in a postgres URL, and the same URL pointing at another database. */
export function databaseNameOf(databaseUrl: string): string {
  const name = decodeURIComponent(new URL(databaseUrl).pathname.replace(/^\//, ''));
  if (name === '') throw new Error('DATABASE_URL names no database');
  return name;
}

export function withDatabase(databaseUrl: string, database: string): string {
  const url = new URL(databaseUrl);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}

const quoteIdentifier = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** SQLSTATEs meaning another process created the database first. */
const ALREADY_EXISTS = new Set(['42P04', '23505']);

/** Creates the database when missing. Returns true when it created it. Safe when racing. */
export async function ensureDatabase(databaseUrl: string): Promise<boolean> {
  const name = databaseNameOf(databaseUrl);
  const admin = new Client({ connectionString: withDatabase(databaseUrl, 'postgres'), connectionTimeoutMillis: 5_000 });
  await admin.connect();
  try {
    const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount !== 0) return false;
    try {
      await admin.query(`CREATE DATABASE ${quoteIdentifier(name)}`);
      return true;
    } catch (error) {
      if (ALREADY_EXISTS.has(sqlState(error) ?? '')) return false;
      throw error;
    }
  } finally {
    await admin.end();
  }
}

/** Drops a database (tests), ending other sessions on it first. */
export async function dropDatabase(databaseUrl: string): Promise<void> {
  const name = databaseNameOf(databaseUrl);
  const admin = new Client({ connectionString: withDatabase(databaseUrl, 'postgres') });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(name)} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

export function sqlState(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}
