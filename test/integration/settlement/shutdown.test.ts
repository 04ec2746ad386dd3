/**
 * A subscription job that starts after its worker began shutting down (fetched while close() runs,
 * so BullMQ's cancelAllJobs never reaches it) must still end at once and hand its store back;
 * otherwise it holds the store's websocket, and the worker's close(), forever.
 */
import type { Job } from 'bullmq';
import { DelayedError } from 'bullmq';
import { createBlinkClient } from '../../../src/adapters/blink';
import { createSecretBox, secretFromBase64 } from '../../../src/adapters/crypto/secret-box';
import { createInvoiceRepository } from '../../../src/adapters/db/invoice-repository';
import { createStoreRepository } from '../../../src/adapters/db/store-repository';
import { createWatchQueries } from '../../../src/adapters/db/watch-queries';
import { createProducerConnection, ready } from '../../../src/adapters/queue/connections';
import { createSettlementState } from '../../../src/adapters/queue/settlement-state';
import { watchTimingOf } from '../../../src/adapters/queue/watch-timing';
import { createSubscriptionProcessor } from '../../../workers/subscription';
import { startWorld, type World } from './harness';

jest.setTimeout(30_000);

describe('a subscription job that starts during shutdown', () => {
  let world: World;
  afterEach(async () => { await world?.close(); });

  it('ends at once and hands its store back (moved to delayed, due now)', async () => {
    world = await startWorld();
    const storeId = await world.addStore();
    const { config, pool } = world;
    const redis = createProducerConnection(config.REDIS_URL, world.logger, 'shutdown-test');
    const blink = createBlinkClient({ timeouts: { connectMs: 1_000, headersMs: 2_000, bodyMs: 2_000 } });
    try {
      await ready(redis);
      const shutdown = new AbortController();
      shutdown.abort('shutting down'); // before the job starts: no BullMQ signal will ever come
      const processJob = createSubscriptionProcessor({
        settlement: {
          invoices: createInvoiceRepository(pool), stores: createStoreRepository(pool),
          sealer: createSecretBox({ current: secretFromBase64(config.GATEWAY_SECRET!) }), clock: { now: () => new Date() },
          blink, watch: createWatchQueries(pool), state: createSettlementState(redis, config.QUEUE_PREFIX), timing: watchTimingOf(config),
          log: world.logger, jobs: world.queues.jobs, subscription: { heartbeatMs: 60_000, idleMs: 600_000 },
        },
        timing: { rateLimitPauseMs: 60_000, refusedKeyRetryMs: 300_000 },
        lockHolder: async () => 'token',
        shutdown: shutdown.signal,
      });
      const handedBack: number[] = [];
      const job = { id: `store-${storeId}`, data: { storeId }, moveToDelayed: async (at: number) => { handedBack.push(at); } } as unknown as Job;
      const startedAt = Date.now();
      await expect(processJob(job, 'token')).rejects.toBeInstanceOf(DelayedError);
      expect(handedBack).toHaveLength(1);
      expect(handedBack[0]).toBeGreaterThanOrEqual(startedAt);
      expect(handedBack[0]).toBeLessThanOrEqual(Date.now());
    } finally {
      await blink.close();
      redis.disconnect();
    }
  });
});
