import Redis from 'ioredis';
import { createSettlementState } from '../../../src/adapters/queue/settlement-state';
import type { StoredInvoice } from '../../../src/app/ports';
import { watchJobId } from '../../../src/app/settlement/jobs';
import type { StoreId } from '../../../src/domain/store/store-id';
import { redisUrl } from '../../support/services';
import { startWorld, type World } from './harness';

/**
 * The watch schedule follows the websocket: slow while the store's subscription is up, fast from the
 * moment it drops (jobs waiting on the slow schedule are woken), slow again once it is back.
 * The slow poll is 10 minutes here: only the fast schedule can settle within a test's life.
 */
describe('settlement watching while the websocket is down', () => {
  let world: World;
  let redis: Redis;
  beforeEach(() => { redis = new Redis(redisUrl()); });
  afterEach(async () => {
    await world?.close();
    await redis.quit();
  });

  const healthy = (storeId: StoreId) => createSettlementState(redis, world.config.QUEUE_PREFIX).isSubscriptionHealthy(storeId);
  /** When the invoice's watch job will next run, or null when it is not in the delayed set. */
  const nextRunAt = async (invoice: StoredInvoice): Promise<number | null> => {
    const score = await redis.zscore(world.queues.watch.keys.delayed!, watchJobId(invoice.id));
    // BullMQ scores delayed jobs as timestamp * 0x1000 + a counter.
    return score === null ? null : Math.floor(Number(score) / 0x1000);
  };
  const onSlowSchedule = async (invoice: StoredInvoice) => ((await nextRunAt(invoice)) ?? 0) > Date.now() + 60_000;

  it('settles a payment made while the socket is down by fast polling, and goes back to slow polling after reconnect', async () => {
    world = await startWorld({ SETTLEMENT_SLOW_POLL_MS: '600000' });
    const storeId = await world.addStore();
    await world.startWorkers();
    // Expirations far off: a check is never scheduled past an invoice's expiration.
    const paid = await world.newInvoice(storeId, { expiresInMs: 3_600_000 });
    const unpaid = await world.newInvoice(storeId, { expiresInMs: 3_600_000 });
    await world.until(async () => (await healthy(storeId)) && (await onSlowSchedule(paid)) && (await onSlowSchedule(unpaid)));

    world.sandbox.faults({ refuseWebsockets: true });
    await world.control('/sandbox/drop-websockets', {});
    await world.until(async () => !(await healthy(storeId)));
    await world.pay(paid);
    await world.until(async () => (await world.invoice(paid.id)).status === 'Settled');
    expect(await healthy(storeId)).toBe(false);
    expect(await onSlowSchedule(unpaid)).toBe(false);

    world.sandbox.faults({ refuseWebsockets: false });
    await world.until(async () => (await healthy(storeId)) && (await onSlowSchedule(unpaid)));
    expect((await world.invoice(unpaid.id)).status).toBe('New');
  });
});
