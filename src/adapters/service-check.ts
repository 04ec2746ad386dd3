import Redis from 'ioredis';
import { Client } from 'pg';
import { withDatabase } from './db/pool';
import { redactText } from './log';

/**
 * Whether PostgreSQL and Redis answer, checked before a command starts anything, so a newcomer whose
 * services are down reads what to start instead of a stack trace. Answers null, or what is wrong.
 */
const TIMEOUT_MS = 3_000;

/** The URL without its password, for messages. */
function shown(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return redactText(url);
  }
}

export async function checkPostgres(databaseUrl: string): Promise<string | null> {
  const maintenance = withDatabase(databaseUrl, 'postgres');
  const client = new Client({ connectionString: maintenance, connectionTimeoutMillis: TIMEOUT_MS });
  try {
    await client.connect();
    return null;
  } catch (error) {
    return `PostgreSQL does not answer at ${shown(maintenance)} (${error instanceof Error ? error.message : String(error)}). `
      + 'Start it (Debian/Ubuntu: sudo service postgresql start; Docker: docker run -d -p 5432:5432 -e POSTGRES_HOST_AUTH_METHOD=trust postgres:16-alpine) '
      + 'or set DATABASE_URL to one that runs.';
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function checkRedis(redisUrl: string): Promise<string | null> {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: TIMEOUT_MS, retryStrategy: () => null });
  // connect() only says "Connection is closed."; the socket's own error says why (ECONNREFUSED …).
  let cause: Error | undefined;
  redis.on('error', (error: Error) => { cause ??= error; });
  try {
    await redis.connect();
    await redis.ping();
    return null;
  } catch (error) {
    return `Redis does not answer at ${shown(redisUrl)} (${cause?.message ?? (error instanceof Error ? error.message : String(error))}). `
      + 'Start it (Debian/Ubuntu: sudo service redis-server start; Docker: docker run -d -p 6379:6379 redis:7-alpine) '
      + 'or set REDIS_URL to one that runs.';
  } finally {
    redis.disconnect();
  }
}
