import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { Client } from 'pg';
import { withDatabase } from '../../src/adapters/db/pool';

/**
 * The services integration tests run against, resolved as DESIGN.md §5 says: the URL in the
 * environment, else the local default; a service that does not answer fails the run at once with
 * what to do.
 */
export const postgresUrl = (): string => process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const redisUrl = (): string => process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

export const randomSuffix = (): string => randomBytes(6).toString('hex');

/** A database URL no other test uses: `bg_test_<random>` on the test server (not created yet). */
export function freshDatabaseUrl(): string {
  return withDatabase(postgresUrl(), `bg_test_${randomSuffix()}`);
}

/** A Redis key prefix no other test uses, with the `{…}` hash tag BullMQ needs. */
export const freshRedisPrefix = (): string => `{bgt-${randomSuffix()}}`;

export async function assertPostgresAnswers(): Promise<void> {
  const client = new Client({ connectionString: withDatabase(postgresUrl(), 'postgres'), connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.end();
  } catch (error) {
    throw new Error(
      `PostgreSQL does not answer at ${withDatabase(postgresUrl(), 'postgres')} (${String(error)}). ` +
        'Start it (bash .ci/run starts a local one) or set DATABASE_URL.',
      { cause: error },
    );
  }
}

/** Deletes every key under `prefix` (a test's own keys only). */
export async function deleteRedisKeys(prefix: string): Promise<void> {
  const redis = new Redis(redisUrl(), { maxRetriesPerRequest: 1, lazyConnect: true });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix.replace(/[[\]*?\\]/g, '\\$&')}*`, 'COUNT', 500);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } catch (error) {
    throw new Error(`Redis does not answer at ${redisUrl()}: start it (bash .ci/run) or set REDIS_URL`, { cause: error });
  } finally {
    redis.disconnect();
  }
}
