/**
 * Composition of webhook delivery in a worker process: the BullMQ worker and its dependencies, and
 * the outbox listener that queues each delivery as soon as its transaction commits. The sweeper
 * (issue 6's schedule) calls `sweep()`; it also runs after every (re)connect of the listener.
 */
import type { Worker } from 'bullmq';
import type Redis from 'ioredis';
import type { Pool } from 'pg';
import { memoizeOpen } from '../adapters/crypto/memoized-sealer';
import { createSecretBox, secretFromBase64 } from '../adapters/crypto/secret-box';
import { batchDeliveryAttempts } from '../adapters/db/delivery-batching';
import { listenForNewDeliveries, type DeliveryListener } from '../adapters/db/delivery-listener';
import { createWebhookDeliveryRepository } from '../adapters/db/webhook-delivery-repository';
import type { Logger } from '../adapters/log';
import { createEndpointLimiter } from '../adapters/queue/endpoint-limiter';
import { createWorkerConnection } from '../adapters/queue/connections';
import { createWebhookDeliveryQueue, type WebhookDeliveryQueue } from '../adapters/queue/webhook-delivery-queue';
import type { Lookup } from '../adapters/webhook-http/guarded-connector';
import { createWebhookSender } from '../adapters/webhook-http/sender';
import type { Clock, SecretSealer } from '../app/ports';
import type { WebhookDeliveryJob } from '../app/jobs';
import type { DeliverDeps } from '../app/webhooks/deliver-webhook';
import { pruneWebhookDeliveries } from '../app/webhooks/prune-deliveries';
import { requeuePendingDeliveries } from '../app/webhooks/requeue-pending';
import type { Config } from '../config';
import { createWebhookDeliveryWorker } from '../../workers/webhook-delivery';
import { gatewayVersion } from './version';

export interface WebhookDeliveryRuntime {
  readonly worker: Worker<WebhookDeliveryJob>;
  readonly queue: WebhookDeliveryQueue;
  /** `requeuePendingDeliveries`: for the sweeper. Returns how many deliveries were queued. */
  sweep(): Promise<number>;
  /** `pruneWebhookDeliveries` (60 days): for the sweeper, a few times a day. */
  prune(): Promise<number>;
  /** Stops taking jobs, lets the requests in flight finish, closes every connection it opened. */
  close(): Promise<void>;
}

export interface WebhookDeliveryOptions {
  readonly pool: Pool;
  /** Must open what the API sealed: defaults to a box under GATEWAY_SECRET. */
  readonly sealer?: SecretSealer;
  readonly clock?: Clock;
  /** Tests: a resolver for host names. */
  readonly lookup?: Lookup;
  /** False: no LISTEN (jobs come only from the API and the sweeper). */
  readonly listen?: boolean;
}

const systemClock: Clock = { now: () => new Date() };

export async function startWebhookDelivery(config: Config, logger: Logger, options: WebhookDeliveryOptions): Promise<WebhookDeliveryRuntime> {
  const clock = options.clock ?? systemClock;
  // Every delivery is signed with its webhook's secret: each is decrypted once per process.
  const sealer = memoizeOpen(options.sealer ?? sealerFromConfig(config));
  const commands: Redis = createWorkerConnection(config.REDIS_URL, logger, 'webhook-commands');
  const blocking: Redis = createWorkerConnection(config.REDIS_URL, logger, 'webhook-worker');
  // Two limiter commands per attempt from a hundred attempts at a time: sent together, one write per
  // event-loop turn instead of one each (ioredis auto-pipelining; kept off BullMQ's own connections).
  const limiterRedis: Redis = createWorkerConnection(config.REDIS_URL, logger, 'webhook-limiter', { enableAutoPipelining: true });
  const queue = createWebhookDeliveryQueue({ connection: commands, prefix: config.QUEUE_PREFIX, logger, clock });
  const sender = createWebhookSender({
    timeoutMs: config.WEBHOOK_TIMEOUT_MS,
    allowPrivateNetworks: config.WEBHOOK_ALLOW_PRIVATE_NETWORKS,
    userAgent: `blink-gateway/${gatewayVersion()}`,
    ...(options.lookup === undefined ? {} : { lookup: options.lookup }),
  });
  const deliveries = createWebhookDeliveryRepository(options.pool);
  const deps: DeliverDeps = {
    // Concurrent attempts share their reads and writes (one statement each way per batch).
    deliveries: { ...deliveries, ...batchDeliveryAttempts(options.pool) }, sender, sealer, clock, random: Math.random,
    limiter: createEndpointLimiter({ redis: limiterRedis, prefix: config.QUEUE_PREFIX, limit: config.WEBHOOK_MAX_IN_FLIGHT_PER_ENDPOINT }),
    settings: {
      timeoutMs: config.WEBHOOK_TIMEOUT_MS,
      busyRetryMs: 250,
      ...(config.WEBHOOK_RETRY_SCHEDULE_MS === undefined ? {} : { retrySchedule: config.WEBHOOK_RETRY_SCHEDULE_MS }),
    },
  };
  const worker = createWebhookDeliveryWorker({
    connection: blocking, prefix: config.QUEUE_PREFIX, concurrency: config.WEBHOOK_WORKER_CONCURRENCY, lockMs: config.WEBHOOK_JOB_LOCK_MS,
    deps, logger,
  });
  const sweep = () => requeuePendingDeliveries({ deliveries, queue, clock });
  let listener: DeliveryListener | undefined;
  if (options.listen !== false) {
    listener = listenForNewDeliveries({
      databaseUrl: config.DATABASE_URL, logger,
      onDeliveries: (ids) => queue.enqueue(ids.map((id) => ({ id, nextAttemptAt: clock.now() }))),
      onConnected: async () => {
        await sweep();
      },
    });
    await listener.ready;
  }
  await worker.waitUntilReady();
  return {
    worker, queue, sweep,
    prune: () => pruneWebhookDeliveries({ deliveries, clock }),
    async close() {
      await listener?.close();
      await worker.close();
      await queue.close();
      await sender.close();
      await Promise.allSettled([commands.quit(), blocking.quit(), limiterRedis.quit()]);
    },
  };
}

function sealerFromConfig(config: Config): SecretSealer {
  if (config.GATEWAY_SECRET === undefined) {
    throw new Error('GATEWAY_SECRET is required to deliver webhooks: their secrets are sealed with it');
  }
  return createSecretBox({ current: secretFromBase64(config.GATEWAY_SECRET) });
}
