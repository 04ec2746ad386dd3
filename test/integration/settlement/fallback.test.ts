import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import Redis from 'ioredis';
import { createSettlementState } from '../../../src/adapters/queue/settlement-state';
import type { StoredInvoice } from '../../../src/app/ports';
import { watchJobId } from '../../../src/app/settlement/jobs';
import type { StoreId } from '../../../src/domain/store/store-id';
import { redisUrl } from '../../support/services';
import { sleep, startWorld, type World } from './harness';

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

/**
 * A Blink server in front of the sandbox that answers HTTP 429 (Blink's ingress limit) while
 * `limited`, and refuses websockets (its stores poll). Requests are real HTTP to the real sandbox.
 */
async function rateLimitingProxy(target: string) {
  const state = { limited: false, refused: 0 };
  const server = createServer((req, res) => {
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      if (state.limited) {
        state.refused += 1;
        res.writeHead(429, { 'content-type': 'text/plain' }).end('Too Many Requests');
        return;
      }
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      const key = req.headers['x-api-key'];
      if (typeof key === 'string') headers['x-api-key'] = key;
      const answer = await fetch(target, { method: 'POST', headers, body: Buffer.concat(chunks) });
      res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' }).end(Buffer.from(await answer.arrayBuffer()));
    })().catch(() => res.destroy());
  });
  server.on('upgrade', (_req, socket) => socket.destroy());
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    state, url: `http://127.0.0.1:${port}/graphql`,
    close: () => new Promise<void>((done) => { server.closeAllConnections(); server.close(() => done()); }),
  };
}

describe('Blink rate limiting', () => {
  let world: World;
  afterEach(async () => { await world?.close(); });

  it('pauses only the Blink server that rate limits: stores on other servers keep being polled', async () => {
    // A pause longer than the test: the queue-wide pause this replaces would leave every store waiting.
    world = await startWorld({ BLINK_RATE_LIMIT_PAUSE_MS: '600000' });
    world.sandbox.faults({ refuseWebsockets: true });
    const proxy = await rateLimitingProxy(world.sandbox.graphqlUrl);
    try {
      const limitedStore = await world.addStore('api-key', proxy.url);
      const otherStore = await world.addStore();
      await world.startWorkers();
      const limited = await world.newInvoice(limitedStore);
      proxy.state.limited = true;
      await world.until(async () => proxy.state.refused > 0);

      const other = await world.newInvoice(otherStore);
      await world.pay(other);
      await world.pay(limited);
      await world.until(async () => (await world.invoice(other.id)).status === 'Settled');
      // The limited server is left alone while paused: its store's jobs ask it nothing more.
      const refused = proxy.state.refused;
      await sleep(1_000);
      expect(proxy.state.refused).toBe(refused);
      expect((await world.invoice(limited.id)).status).toBe('New');
    } finally {
      await proxy.close();
    }
  });
});
