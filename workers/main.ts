/**
 * Composition root of the workers (`blink-gateway worker`, and `serve` next to the API): the
 * settlement workers (watch, subscription, sweeper) on one Redis and Postgres. Any number of
 * processes may run it; no process holds state another cannot take over. `close()` stops taking
 * jobs, lets the ones in flight finish (subscriptions hand their store back at once), closes the
 * websockets and connections, within WORKER_SHUTDOWN_MS.
 */
import { watchTimingOf } from '../src/adapters/queue/watch-timing';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { Worker, type Job } from 'bullmq';
import type Redis from 'ioredis';
import { createBlinkClient } from '../src/adapters/blink';
import { createSecretBox, secretFromBase64 } from '../src/adapters/crypto/secret-box';
import { createInvoiceRepository } from '../src/adapters/db/invoice-repository';
import { createStoreRepository } from '../src/adapters/db/store-repository';
import { createWatchQueries } from '../src/adapters/db/watch-queries';
import type { Logger } from '../src/adapters/log';
import { createProducerConnection, createWorkerConnection, ready } from '../src/adapters/queue/connections';
import { createSettlementQueues } from '../src/adapters/queue/settlement-jobs';
import { createSettlementState } from '../src/adapters/queue/settlement-state';
import type { BlinkPort } from '../src/app/blink-port';
import type { Clock } from '../src/app/ports';
import type { SettlementDeps } from '../src/app/settlement/deps';
import type { SubscriptionDeps } from '../src/app/settlement/hold-subscription';
import { SETTLEMENT_QUEUES } from '../src/app/settlement/jobs';
import type { Config } from '../src/config';
import { prepareDatabase } from '../src/server/api-server';
import { startWebhookDelivery } from '../src/server/webhook-worker';
import { createWebhookDeliveryRepository } from '../src/adapters/db/webhook-delivery-repository';
import { pruneWebhookDeliveries } from '../src/app/webhooks/prune-deliveries';
import { createOpenedConnections } from '../src/app/stores/store-connection';
import { jitteredBackoff, type RetryTiming } from './retry-policy';
import { createSubscriptionProcessor } from './subscription';
import { createSweeperProcessor, upsertMaintenanceScheduler, upsertSweeperScheduler } from './sweeper';
import { createWatchProcessor } from './watch';

export interface StartWorkersOptions {
  /** A Blink port to use instead of a client built from the config (tests, the sandbox). */
  readonly blink?: Pick<BlinkPort, 'paymentStatuses' | 'receivedAmount' | 'convert' | 'subscribeAccountUpdates' | 'subscribeInvoiceStatus'>;
  readonly clock?: Clock;
  /** Issue 7: re-creates the jobs of undelivered webhook deliveries; the sweeper calls it each run. */
  readonly requeuePendingDeliveries?: () => Promise<number>;
  /** False: no webhook delivery worker in this process (tests of settlement alone). @defaultValue true */
  readonly webhooks?: boolean;
}

export interface RunningWorkers {
  close(): Promise<void>;
}

const systemClock: Clock = { now: () => new Date() };
const SHUTDOWN_MS = 8_000;
/** Each closing step after the jobs' grace: the whole close() stays within about 10 s. */
const CLOSE_STEP_MS = 500;
const REFUSED_KEY_RETRY_MS = 5 * 60_000;

/** Waits for `work` at most `ms`; true when it was still running then. */
async function isLate(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = await Promise.race([
    work.then(() => false, () => false),
    new Promise<boolean>((resolve) => { timer = setTimeout(() => resolve(true), ms); }),
  ]);
  clearTimeout(timer);
  return late;
}

export async function startWorkers(config: Config, logger: Logger, options: StartWorkersOptions = {}): Promise<RunningWorkers> {
  if (config.GATEWAY_SECRET === undefined) {
    throw new Error('GATEWAY_SECRET is required to run workers: they open the stores\' sealed Blink connections');
  }
  const pool = await prepareDatabase(config, logger);
  const clock = options.clock ?? systemClock;
  const ownBlink = options.blink ? undefined : createBlinkClient({
    timeouts: { connectMs: config.BLINK_CONNECT_TIMEOUT_MS, headersMs: config.BLINK_HEADERS_TIMEOUT_MS, bodyMs: config.BLINK_BODY_TIMEOUT_MS },
    logger,
  });
  const blink = options.blink ?? ownBlink!;
  const producer = createProducerConnection(config.REDIS_URL, logger, 'settlement-producer');
  await ready(producer);
  const prefix = config.QUEUE_PREFIX;
  const queues = createSettlementQueues(producer, prefix, () => clock.now().getTime());
  const settlement: SettlementDeps = {
    invoices: createInvoiceRepository(pool), stores: createStoreRepository(pool),
    sealer: createSecretBox({ current: secretFromBase64(config.GATEWAY_SECRET) }),
    clock, blink, watch: createWatchQueries(pool), state: createSettlementState(producer, prefix),
    timing: watchTimingOf(config),
    log: logger, inflight: new Map(), openedConnections: createOpenedConnections(),
  };
  const retry: RetryTiming = { rateLimitPauseMs: config.BLINK_RATE_LIMIT_PAUSE_MS, refusedKeyRetryMs: REFUSED_KEY_RETRY_MS };
  const backoffStrategy = (attemptsMade: number) => jitteredBackoff(attemptsMade, { baseMs: config.SETTLEMENT_FAST_POLL_MIN_MS, capMs: config.SETTLEMENT_SLOW_POLL_MS });
  const workerId = randomBytes(4).toString('hex');
  // BullMQ does not close connections it was handed: these are closed at the end of close().
  const connections: Redis[] = [];
  const connection = (role: string) => {
    const redis = createWorkerConnection(config.REDIS_URL, logger, role);
    connections.push(redis);
    return redis;
  };

  const watchWorker: Worker = new Worker(SETTLEMENT_QUEUES.watch, createWatchProcessor(settlement, retry), {
    connection: connection('settlement-watch'), prefix,
    concurrency: config.WATCH_CONCURRENCY, settings: { backoffStrategy },
  });
  const subscriptionDeps: SubscriptionDeps = {
    ...settlement, blink, jobs: queues.jobs,
    subscription: { heartbeatMs: config.SUBSCRIPTION_HEARTBEAT_MS, idleMs: config.SUBSCRIPTION_IDLE_MS },
  };
  const shutdown = new AbortController();
  const subscriptionWorker: Worker = new Worker(SETTLEMENT_QUEUES.subscription, createSubscriptionProcessor({
    settlement: subscriptionDeps, timing: retry, shutdown: shutdown.signal,
    lockHolder: (jobId) => producer.get(queues.subscription.toKey(`${jobId}:lock`)),
  }), {
    connection: connection('settlement-subscription'), prefix,
    // Recorded as the job's `processedBy`: which process holds a store's websocket.
    name: `${hostname()}:${process.pid}`,
    concurrency: config.SUBSCRIPTION_CONCURRENCY, settings: { backoffStrategy },
    lockDuration: config.SUBSCRIPTION_LOCK_MS, stalledInterval: Math.max(500, Math.floor(config.SUBSCRIPTION_LOCK_MS / 2)),
    // A subscription job "stalls" every time its process dies: that is a takeover, not a failure.
    maxStalledCount: Number.MAX_SAFE_INTEGER,
  });
  const webhooks = options.webhooks === false ? undefined : await startWebhookDelivery(config, logger, { pool, clock });
  const requeuePendingDeliveries = options.requeuePendingDeliveries ?? webhooks?.sweep;
  const sweeperWorker = new Worker(SETTLEMENT_QUEUES.sweeper, createSweeperProcessor({
    ...settlement, jobs: queues.jobs, overdueAfterMs: config.SWEEPER_OVERDUE_MS,
    ...(requeuePendingDeliveries ? { requeuePendingDeliveries } : {}),
  }, logger, {
    webhookDeliveriesPruned: () => pruneWebhookDeliveries({ deliveries: createWebhookDeliveryRepository(pool), clock }),
    idempotencyKeysDeleted: () => settlement.invoices.pruneIdempotencyKeys(clock.now()),
  }), {
    connection: connection('settlement-sweeper'), prefix, concurrency: 1,
  });
  const workers = [watchWorker, subscriptionWorker, sweeperWorker];
  for (const worker of workers) {
    worker.on('error', (error: Error) => logger.warn('worker error', { queue: worker.name, error: error.message }));
    worker.on('failed', (job: Job | undefined, error: Error) => {
      if (job && job.attemptsMade >= (job.opts.attempts ?? 1)) logger.warn('job failed', { queue: worker.name, jobId: job.id, error: error.message });
      else logger.debug('job will be retried', { queue: worker.name, jobId: job?.id, error: error.message });
    });
  }

  // Every process keeps the sweeper's scheduler in place, so a flushed Redis gets it back.
  const upsert = () => Promise.all([
    upsertSweeperScheduler(queues.sweeper, config.SWEEPER_INTERVAL_MS),
    upsertMaintenanceScheduler(queues.sweeper, config.SWEEPER_MAINTENANCE_INTERVAL_MS),
  ])
    .catch((error: unknown) => logger.warn('could not schedule the sweeper', { error: error instanceof Error ? error.message : String(error) }));
  await upsert();
  const schedulerTimer = setInterval(() => { void upsert(); }, config.SWEEPER_INTERVAL_MS);
  logger.info('workers started', { workerId, queues: Object.values(SETTLEMENT_QUEUES), prefix });

  let closing: Promise<void> | undefined;
  return {
    close() {
      closing ??= (async () => {
        clearInterval(schedulerTimer);
        // Subscriptions end at once and hand their store back (also one fetched while this begins,
        // which cancelAllJobs cannot reach); other jobs finish what they do.
        shutdown.abort('shutting down');
        subscriptionWorker.cancelAllJobs('shutting down');
        const graceful = Promise.allSettled([...workers.map((worker) => worker.close()), ...(webhooks ? [webhooks.close()] : [])]);
        if (await isLate(graceful, SHUTDOWN_MS)) {
          // BullMQ's close(true) would only return the graceful close under way: the jobs still
          // running are left behind instead. Their locks lapse once the connections below are
          // closed, and another worker retries them.
          logger.warn('jobs still running at shutdown: they will be retried by another worker');
        }
        // Each step is bounded too: pool.end() waits for every client a job left checked out.
        await isLate(Promise.allSettled([ownBlink?.close(), queues.close()]), CLOSE_STEP_MS);
        await isLate(Promise.allSettled([producer.quit(), ...connections.map((redis) => redis.quit())]), CLOSE_STEP_MS);
        connections.forEach((redis) => redis.disconnect());
        producer.disconnect();
        if (await isLate(pool.end(), CLOSE_STEP_MS)) logger.warn('database clients still in use at shutdown: left to the process exit');
        logger.info('workers stopped', { workerId });
      })();
      return closing;
    },
  };
}
