/**
 * Settlement watching (issue 6): payment → Settled latency (p50/p99) through the websocket
 * subscription and through polling alone; Blink status-check requests per settled invoice with a
 * healthy subscription and without; 10,000 open invoices watched by one worker process (Redis
 * memory under the prefix, worker RSS, Blink requests per minute). Real sandbox, Postgres, Redis;
 * production timings (60 s slow poll, 1→10 s fast poll, 30 s sweeper) unless named otherwise.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import Redis from 'ioredis';
import { createBlinkClient } from '../src/adapters/blink';
import type { BlinkPort } from '../src/app/blink-port';
import type { StoredInvoice } from '../src/app/ports';
import { sleep, startWorld, type World } from '../test/integration/settlement/harness';
import { percentile } from './support/stats';

export const PRODUCTION_TIMING: Record<string, string> = {
  SETTLEMENT_SLOW_POLL_MS: '60000', SETTLEMENT_FAST_POLL_MIN_MS: '1000', SETTLEMENT_FAST_POLL_MAX_MS: '10000',
  SETTLEMENT_GRACE_MS: '120000', SUBSCRIPTION_LOCK_MS: '30000', SUBSCRIPTION_HEARTBEAT_MS: '10000',
  SWEEPER_INTERVAL_MS: '30000', SWEEPER_OVERDUE_MS: '15000', LOG_LEVEL: 'warn',
};
const LATENCY_INVOICES = Number(process.env.BENCH_SETTLEMENT_LATENCY_N ?? 100);
const OPEN_INVOICES = Number(process.env.BENCH_SETTLEMENT_OPEN ?? 10_000);
const OBSERVE_MS = Number(process.env.BENCH_SETTLEMENT_OBSERVE_MS ?? 120_000);

/** A Blink client that counts status-check requests (Blink answers 99 hashes per request). */
function countingBlink() {
  const client = createBlinkClient({ timeouts: { connectMs: 5_000, headersMs: 10_000, bodyMs: 10_000 }, reconnect: { baseMs: 200, capMs: 2_000 } });
  const counter = { requests: 0 };
  const blink: Pick<BlinkPort, 'paymentStatuses' | 'receivedAmount' | 'convert' | 'subscribeAccountUpdates' | 'subscribeInvoiceStatus'> & { close(): Promise<void> } = {
    paymentStatuses: (connection, hashes) => {
      counter.requests += Math.ceil(new Set(hashes).size / 99);
      return client.paymentStatuses(connection, hashes);
    },
    receivedAmount: (connection, walletId, hash) => client.receivedAmount(connection, walletId, hash),
    convert: (connection, amount, currency) => client.convert(connection, amount, currency),
    subscribeAccountUpdates: (connection, listeners) => client.subscribeAccountUpdates(connection, listeners),
    subscribeInvoiceStatus: (connection, hash, listeners) => client.subscribeInvoiceStatus(connection, hash, listeners),
    close: () => client.close(),
  };
  return { blink, counter };
}

async function settledAfter(world: World, invoice: StoredInvoice, paidAt: number): Promise<number> {
  for (;;) {
    const { rows } = await world.pool.query("SELECT status FROM invoices WHERE id = $1", [invoice.id]);
    if (rows[0]?.status === 'Settled') return performance.now() - paidAt;
    await sleep(5);
  }
}

/** Pays each invoice at a random moment within `spreadMs`; returns latencies and Blink status requests per settled invoice. */
async function detection(mode: 'subscription' | 'polling'): Promise<{ p50: number; p99: number; perInvoice: number }> {
  const world = await startWorld(PRODUCTION_TIMING);
  if (mode === 'polling') world.sandbox.faults({ refuseWebsockets: true });
  const { blink, counter } = countingBlink();
  try {
    const storeId = await world.addStore();
    await world.startWorkers({ blink: blink as never });
    const invoices: StoredInvoice[] = [];
    for (let index = 0; index < LATENCY_INVOICES; index += 1) invoices.push(await world.newInvoice(storeId));
    await sleep(2_000);
    const before = counter.requests;
    const spreadMs = 20_000;
    const latencies = await Promise.all(invoices.map(async (invoice) => {
      await sleep(Math.random() * spreadMs);
      const paidAt = performance.now();
      await world.pay(invoice);
      return settledAfter(world, invoice, paidAt);
    }));
    return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), perInvoice: (counter.requests - before) / invoices.length };
  } finally {
    await world.close();
    await blink.close();
  }
}

async function prefixMemory(url: string, prefix: string): Promise<{ keys: number; bytes: number }> {
  const redis = new Redis(url);
  let cursor = '0';
  let keys = 0;
  let bytes = 0;
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', `${prefix.replace(/[[\]*?\\]/g, '\\$&')}*`, 'COUNT', 1000);
    for (const key of batch) { keys += 1; bytes += Number(await redis.memory('USAGE', key)) || 0; }
    cursor = next;
  } while (cursor !== '0');
  redis.disconnect();
  return { keys, bytes };
}

const rssOf = (pid: number) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) * 1024;

async function openInvoices(): Promise<void> {
  const world = await startWorld(PRODUCTION_TIMING);
  try {
    const storeId = await world.addStore();
    const idle = world.spawnWorker();
    await sleep(15_000);
    console.log(`idle worker process RSS (no invoice): ${(rssOf(idle.child.pid!) / 2 ** 20).toFixed(0)} MiB`);
    idle.child.kill('SIGTERM');
    await idle.exited;
    const started = performance.now();
    let created = 0;
    await Promise.all(Array.from({ length: 16 }, async () => {
      while (created < OPEN_INVOICES) { created += 1; await world.newInvoice(storeId, { sats: 1000 + created }); }
    }));
    console.log(`created ${OPEN_INVOICES} open invoices in ${((performance.now() - started) / 1000).toFixed(1)} s (expiry 1 min each is too short: moved to 1 h)`);
    await world.pool.query("UPDATE invoices SET expiration_time = now() + interval '1 hour' WHERE store_id = $1", [storeId]);
    const stats = async () => (await world.control('/sandbox/stats') as { requests: number }).requests;
    const worker = world.spawnWorker();
    await sleep(15_000); // start-up: first sweep, subscription, reconciliation
    const requestsBefore = await stats();
    await sleep(OBSERVE_MS);
    const requests = (await stats()) - requestsBefore;
    const memory = await prefixMemory(world.config.REDIS_URL, world.config.QUEUE_PREFIX);
    console.log(`| open invoices | Redis keys | Redis memory (prefix) | worker RSS | Blink requests/min |`);
    console.log(`|---|---|---|---|---|`);
    console.log(`| ${OPEN_INVOICES} | ${memory.keys} | ${(memory.bytes / 2 ** 20).toFixed(1)} MiB | ${(rssOf(worker.child.pid!) / 2 ** 20).toFixed(0)} MiB | ${(requests / (OBSERVE_MS / 60_000)).toFixed(1)} |`);
    worker.child.kill('SIGTERM');
    await worker.exited;
  } finally {
    await world.close();
  }
}

export async function runSettlementBench(): Promise<void> {
  const which = (process.env.BENCH_SETTLEMENT_PARTS ?? 'latency,open').split(',');
  if (which.includes('latency')) {
    console.log(`${LATENCY_INVOICES} invoices per mode, each paid at a random moment within 20 s; production timings`);
    console.log('| detection | payment→Settled p50 | p99 | status-check requests per settled invoice |');
    console.log('|---|---|---|---|');
    for (const mode of ['subscription', 'polling'] as const) {
      const result = await detection(mode);
      console.log(`| ${mode === 'subscription' ? 'websocket subscription (healthy)' : 'polling alone (websockets refused)'} | ${result.p50.toFixed(0)} ms | ${result.p99.toFixed(0)} ms | ${result.perInvoice.toFixed(3)} |`);
    }
  }
  if (which.includes('open')) await openInvoices();
}
