import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Redis from 'ioredis';
import type { Pool } from 'pg';
import { randomBytes } from 'node:crypto';
import { createBlinkClient, type BlinkClient } from '../adapters/blink';
import { newStoreId } from '../adapters/crypto/random-id';
import { createSecretBox, secretFromBase64, type SecretBox } from '../adapters/crypto/secret-box';
import type { Logger } from '../adapters/log';
import { createApiKeyRepository } from '../adapters/db/api-key-repository';
import { createStoreRepository } from '../adapters/db/store-repository';
import { createInvoiceRepository } from '../adapters/db/invoice-repository';
import { createInvoiceStatusFeed } from '../adapters/db/invoice-status-feed';
import { createGatewayMetrics } from '../adapters/metrics/gateway-metrics';
import { createWebhookDeliveryRepository } from '../adapters/db/webhook-delivery-repository';
import { createWebhookRepository } from '../adapters/db/webhook-repository';
import { createWebhookDeliveryQueue } from '../adapters/queue/webhook-delivery-queue';
import { createQueueInvoiceWatchScheduler } from '../adapters/queue/invoice-watch-scheduler';
import { createInvoiceRateGuard } from '../adapters/redis/invoice-rate-guard';
import { newInvoiceId } from '../domain/ids';
import { postgresHealthProbe } from '../adapters/db/health-probe';
import { migrate } from '../adapters/db/migrate';
import { createPool, ensureDatabase } from '../adapters/db/pool';
import { redisHealthProbe } from '../adapters/redis/health-probe';
import { createRedisRateLimiter } from '../adapters/redis/rate-limiter';
import { createRedisOperatorSessionStore } from '../adapters/redis/operator-session-store';
import { cacheApiKeys, DEFAULT_API_KEY_CACHE_TTL_MS } from '../app/api-keys/api-key-cache';
import { authenticateApiKey, knownPrincipal } from '../app/api-keys/authenticate';
import { hashApiKey } from '../app/api-keys/key-material';
import type { Clock } from '../app/ports';
import type { Config } from '../config';
import { createApp, type GatewayApp } from '../http/app';
import { apiRouteModules } from './route-modules';

/** Composition of the HTTP API: database (created and migrated), Redis, app, listening server. */
export interface ApiServer {
  readonly url: string;
  readonly port: number;
  readonly gateway: GatewayApp;
  readonly pool: Pool;
  readonly redis: Redis;
  /** Stops accepting connections, lets in-flight requests finish, then closes Postgres and Redis. */
  close(): Promise<void>;
}

const systemClock: Clock = { now: () => new Date() };
const SHUTDOWN_GRACE_MS = 10_000;

export function createApiRedis(config: Config): Redis {
  // Fail fast rather than queue: the rate limiter lets requests through when Redis is unreachable.
  return new Redis(config.REDIS_URL, { maxRetriesPerRequest: 1, commandTimeout: 2_000, lazyConnect: false });
}

export async function prepareDatabase(config: Config, logger: Logger): Promise<Pool> {
  try {
    if (await ensureDatabase(config.DATABASE_URL)) logger.info('database created');
  } catch (error) {
    // The role may lack CREATEDB, or the maintenance database may be closed to it; the database may exist anyway.
    logger.warn('could not check or create the database', { error: error instanceof Error ? error.message : String(error) });
  }
  const pool = createPool(config.DATABASE_URL, { logger });
  try {
    const applied = await migrate(pool, { logger });
    logger.info('database ready', { migrationsApplied: applied.length });
  } catch (error) {
    await pool.end();
    throw error;
  }
  return pool;
}

export async function startApiServer(
  config: Config,
  logger: Logger,
  options: { version?: string; clock?: Clock } = {},
): Promise<ApiServer> {
  const pool = await prepareDatabase(config, logger);
  const redis = createApiRedis(config);
  redis.on('error', (error: Error) => logger.warn('redis connection error', { error: error.message }));
  const clock = options.clock ?? systemClock;
  // One cache for authentication and revocation: a key revoked through this process stops at once,
  // through another process within DEFAULT_API_KEY_CACHE_TTL_MS (5 s).
  const apiKeys = cacheApiKeys(createApiKeyRepository(pool), { clock, ttlMs: DEFAULT_API_KEY_CACHE_TTL_MS });
  // Redeliveries are queued from the API; the producer shares the API's fail-fast connection.
  const deliveryQueue = createWebhookDeliveryQueue({ connection: redis, prefix: config.QUEUE_PREFIX, logger, clock });
  // Issue 6: each new invoice gets its watch job (and its store a subscription job) after its commit.
  const watch = createQueueInvoiceWatchScheduler(redis, config, clock);
  const metrics = createGatewayMetrics({
    pool, redis, queuePrefix: config.QUEUE_PREFIX, logger,
    // The sweeper expires an invoice SWEEPER_OVERDUE_MS past its expiry, at its next pass.
    overdueAfterMs: config.SWEEPER_OVERDUE_MS + config.SWEEPER_INTERVAL_MS,
  });
  const closeQueues = () => Promise.allSettled([deliveryQueue.close(), watch.close(), metrics.close()]).then(() => undefined);
  const blink = createBlinkClient({
    timeouts: { connectMs: config.BLINK_CONNECT_TIMEOUT_MS, headersMs: config.BLINK_HEADERS_TIMEOUT_MS, bodyMs: config.BLINK_BODY_TIMEOUT_MS },
    logger,
  });
  // PUBLIC_URL, else this host on the port actually bound (PORT=0 picks one).
  let boundPort = config.PORT;
  const publicUrl = () => (config.PUBLIC_URL ?? `http://localhost:${boundPort}`).replace(/\/+$/, '');
  // Checkout pages' live status: one LISTEN connection, opened with the first event stream.
  const invoiceStatusFeed = createInvoiceStatusFeed({ databaseUrl: config.DATABASE_URL, logger });
  const closing = new AbortController();
  const adminKeyHash = config.ADMIN_API_KEY === undefined ? undefined : hashApiKey(config.ADMIN_API_KEY);
  const authDeps = { apiKeys, ...(adminKeyHash === undefined ? {} : { adminKeyHash }) };
  const rateLimiter = createRedisRateLimiter(redis, config.QUEUE_PREFIX);
  const gateway = createApp(
    {
      logger,
      authenticator: (key) => authenticateApiKey(authDeps, key),
      knownPrincipal: (key) => knownPrincipal(authDeps, key),
      rateLimiter,
      rateLimits: {
        windowMs: config.RATE_LIMIT_WINDOW_SECONDS * 1000,
        perIp: config.RATE_LIMIT_PER_IP,
        perKey: config.RATE_LIMIT_PER_KEY,
      },
      bodyLimitBytes: config.HTTP_BODY_LIMIT_BYTES,
      trustProxy: config.TRUST_PROXY,
      version: options.version ?? '0.1.0',
      observeRequest: (sample) => metrics.observeRequest(sample),
      ...(config.PUBLIC_URL === undefined ? {} : { publicUrl: config.PUBLIC_URL }),
    },
    apiRouteModules({
      clock, apiKeys, probes: [postgresHealthProbe(pool), redisHealthProbe(redis)], metrics,
      stores: createStoreRepository(pool), newStoreId, blink, sealer: secretBoxFor(config, logger),
      allowWriteScope: config.BLINK_ALLOW_WRITE_SCOPE, logger,
      invoices: createInvoiceRepository(pool),
      invoiceRateGuard: createInvoiceRateGuard(redis, config.QUEUE_PREFIX, { perWindow: config.BLINK_INVOICE_RATE_LIMIT_PER_MINUTE, logger }),
      newInvoiceId: () => newInvoiceId(randomBytes(16)),
      publicUrl,
      webhooks: createWebhookRepository(pool), webhookDeliveries: createWebhookDeliveryRepository(pool), deliveryQueue, randomBytes,
      watchScheduler: watch.scheduler, invoiceStatusFeed, closing: closing.signal,
      // Issue 9: the authorize page's operator sessions live in Redis (short TTL, shared by every API process).
      operatorSessions: createRedisOperatorSessionStore(redis, config.QUEUE_PREFIX), rateLimiter,
      ...(adminKeyHash === undefined ? {} : { adminKeyHash }),
    }),
  );
  const server = gateway.app.listen(config.PORT);
  try {
    await once(server, 'listening');
  } catch (error) {
    await closeQueues();
    await Promise.allSettled([pool.end(), redis.quit(), blink.close()]);
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  boundPort = port;
  logger.info('API listening', { port });
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    gateway,
    pool,
    redis,
    close: async () => {
      // Event streams never go idle: end them first, or the server would wait out its grace period.
      closing.abort();
      await invoiceStatusFeed.close();
      await closeAll(server, pool, redis, blink, closeQueues);
    },
  };
}

/**
 * GATEWAY_SECRET seals the Blink keys. Without it (sandbox mode, DESIGN.md §6) an ephemeral secret is
 * used: connections registered in this run cannot be opened after a restart.
 */
function secretBoxFor(config: Config, logger: Logger): SecretBox {
  if (config.GATEWAY_SECRET !== undefined) return createSecretBox({ current: secretFromBase64(config.GATEWAY_SECRET) });
  logger.warn('GATEWAY_SECRET is not set: Blink keys are sealed under an ephemeral secret and will not open after a restart');
  return createSecretBox({ current: randomBytes(32) });
}

async function closeAll(server: Server, pool: Pool, redis: Redis, blink: BlinkClient, closeQueues: () => Promise<void>): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const timer = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS);
  await closed;
  clearTimeout(timer);
  await closeQueues().catch(() => undefined);
  await Promise.allSettled([pool.end(), redis.quit(), blink.close()]);
}
