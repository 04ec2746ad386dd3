/**
 * Webhook delivery (issue 7). Throughput: N pending deliveries written through the real outbox path
 * (recordWebhookDeliveries: payloads, rows, NOTIFY) across E endpoints (local receivers, one origin
 * each), then ONE `blink-gateway worker` process started: its start-up sweep queues them, and the
 * wall time runs from the first request the receivers see to the last delivery recorded delivered
 * in Postgres. Latency: invoices paid in the sandbox (POST /sandbox/pay) at random moments, settled
 * by the same worker process through its websocket subscription, time to the InvoiceSettled webhook
 * arriving at the shop. Real sandbox, Postgres, Redis; production timings.
 */
import { CLOCK_TICKS_PER_SECOND, machineTicks, ownTicks, processTicks, ticksOf } from './support/cpu';
import { performance } from 'node:perf_hooks';
import { randomBytes } from 'node:crypto';
import { recordWebhookDeliveries, type OutboxEvent } from '../src/adapters/db/webhook-outbox';
import type { StoredInvoice } from '../src/app/ports';
import { newInvoiceId } from '../src/domain/ids';
import { PRODUCTION_TIMING } from './settlement';
import { percentile } from './support/stats';
import { sleep, startWorld, type SpawnedWorker, type World } from '../test/integration/settlement/harness';
import { startReceiver, type Receiver } from '../test/integration/webhooks/receiver';
import { addWebhook, payloadOf, spawnWorkerProcess, stopWorkerProcess, WEBHOOKS_TO_LOCAL_RECEIVERS } from '../test/integration/webhooks/worker-world';

const DELIVERIES = Number(process.env.BENCH_WEBHOOKS_N ?? 20_000);
const ENDPOINTS = Number(process.env.BENCH_WEBHOOKS_ENDPOINTS ?? 16);
const LATENCY_INVOICES = Number(process.env.BENCH_WEBHOOKS_LATENCY_N ?? 100);
/** Extra worker settings to compare (e.g. BENCH_WEBHOOKS_ENV='{"WEBHOOK_WORKER_CONCURRENCY":"200"}'). */
const WORKER_ENV = JSON.parse(process.env.BENCH_WEBHOOKS_ENV ?? '{}') as Record<string, string>;
interface CpuSample { readonly worker: number; readonly bench: number; readonly postgres: number; readonly redis: number; readonly machine: { busy: number; total: number } }
const sampleCpu = (worker: SpawnedWorker): CpuSample => ({
  worker: processTicks(worker.child.pid!),
  bench: ownTicks(),
  postgres: ticksOf(/^postgres/), redis: ticksOf(/^redis-server/), machine: machineTicks(),
});

/** BENCH_CPU_PROF_DIR=<dir>: a V8 CPU profile of the worker process (written at SIGTERM; open it in Chrome DevTools). */
const spawnWorker = (world: World): SpawnedWorker => spawnWorkerProcess(world.env,
  process.env.BENCH_CPU_PROF_DIR === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF_DIR}`]);

/** Writes `count` deliveries across the store's webhooks as invoice events do: one InvoiceCreated event reaches every webhook. */
async function writeOutbox(world: World, storeId: Parameters<typeof recordWebhookDeliveries>[1], count: number, webhooks: number): Promise<void> {
  const events = Math.ceil(count / webhooks);
  const perTransaction = 500;
  for (let first = 0; first < events; first += perTransaction) {
    const batch: OutboxEvent[] = Array.from({ length: Math.min(perTransaction, events - first) }, (_, index) => ({
      // No invoice rows: the outbox keys deliveries by event id, which needs no invoice_events row.
      id: String(first + index + 1), invoiceId: newInvoiceId(randomBytes(16)), event: { type: 'InvoiceCreated' }, occurredAt: new Date(),
    }));
    const tx = await world.pool.connect();
    try {
      await tx.query('BEGIN');
      await recordWebhookDeliveries(tx, storeId, batch, { metadata: { orderId: `bench-${first}`, itemDesc: 'A benchmark order' } });
      await tx.query('COMMIT');
    } finally {
      tx.release();
    }
  }
}

async function deliveryCounts(world: World): Promise<{ delivered: number; failed: number; pending: number; attempts: number }> {
  const { rows } = await world.pool.query(`SELECT count(*) FILTER (WHERE status = 'delivered')::int AS delivered,
    count(*) FILTER (WHERE status = 'failed')::int AS failed, count(*) FILTER (WHERE status = 'pending')::int AS pending,
    coalesce(sum(attempts), 0)::int AS attempts FROM webhook_deliveries`);
  return rows[0] as never;
}

async function throughput(): Promise<void> {
  const world = await startWorld({ ...PRODUCTION_TIMING, ...WEBHOOKS_TO_LOCAL_RECEIVERS, ...WORKER_ENV });
  const receivers: Receiver[] = [];
  let worker: SpawnedWorker | undefined;
  try {
    const storeId = await world.addStore();
    for (let index = 0; index < ENDPOINTS; index += 1) {
      const receiver = await startReceiver({ keepBodies: false });
      receivers.push(receiver);
      await addWebhook(world, storeId, receiver.url);
    }
    const written = performance.now();
    await writeOutbox(world, storeId, DELIVERIES, ENDPOINTS);
    const total = (await deliveryCounts(world)).pending;
    console.log(`outbox: ${total} pending deliveries across ${ENDPOINTS} endpoints written in ${((performance.now() - written) / 1000).toFixed(1)} s`);

    const spawnedAt = performance.now();
    worker = spawnWorker(world);
    const received = () => receivers.reduce((sum, receiver) => sum + receiver.count(), 0);
    while (received() === 0) {
      if (worker.child.exitCode !== null) throw new Error(`worker exited: ${worker.output()}`);
      await sleep(5);
    }
    const firstAt = performance.now();
    const before = sampleCpu(worker);
    let counts = await deliveryCounts(world);
    while (counts.delivered + counts.failed < total) {
      if (worker.child.exitCode !== null) throw new Error(`worker exited: ${worker.output()}`);
      await sleep(100);
      counts = await deliveryCounts(world);
    }
    const doneAt = performance.now();
    const after = sampleCpu(worker);
    const seconds = (doneAt - firstAt) / 1000;
    const cores = (ticks: number) => `${((ticks / CLOCK_TICKS_PER_SECOND / seconds) * 100).toFixed(0)} %`;
    const machine = (after.machine.busy - before.machine.busy) / (after.machine.total - before.machine.total);
    const distinct = new Set(receivers.flatMap((receiver) => receiver.ids())).size;
    console.log(`worker start → first request ${((firstAt - spawnedAt) / 1000).toFixed(1)} s; requests received ${received()}, `
      + `distinct webhook-ids ${distinct}, attempts recorded ${counts.attempts}, failed ${counts.failed}`);
    console.log('| deliveries | endpoints | wall time | deliveries/s | worker CPU | bench process CPU (receivers) | postgres CPU | redis CPU | machine busy |');
    console.log('|---|---|---|---|---|---|---|---|---|');
    console.log(`| ${total} | ${ENDPOINTS} | ${seconds.toFixed(1)} s | ${(counts.delivered / seconds).toFixed(0)} | ${cores(after.worker - before.worker)} `
      + `| ${cores(after.bench - before.bench)} | ${cores(after.postgres - before.postgres)} | ${cores(after.redis - before.redis)} `
      + `| ${(machine * 100).toFixed(0)} % of 2 cores |`);
  } finally {
    await stopWorkerProcess(worker);
    await Promise.allSettled(receivers.map((receiver) => receiver.close()));
    await world.close();
  }
}

async function latency(): Promise<void> {
  const world = await startWorld({ ...PRODUCTION_TIMING, ...WEBHOOKS_TO_LOCAL_RECEIVERS, ...WORKER_ENV });
  // Wall-clock times (Date.now), comparable with the settle transaction's event time in Postgres.
  const settledAt = new Map<string, number>();
  const shop = await startReceiver({
    onRequest: (request) => {
      const payload = payloadOf(request);
      if (payload.type === 'InvoiceSettled') settledAt.set(payload.invoiceId, Date.now());
    },
  });
  let worker: SpawnedWorker | undefined;
  try {
    const storeId = await world.addStore();
    await addWebhook(world, storeId, shop.url);
    worker = spawnWorker(world);
    const invoices: StoredInvoice[] = [];
    for (let index = 0; index < LATENCY_INVOICES; index += 1) invoices.push(await world.newInvoice(storeId));
    await shop.waitFor(LATENCY_INVOICES, 60_000); // every InvoiceCreated delivered: the worker is up
    await sleep(2_000);
    const spreadMs = 20_000;
    const paidAt = new Map<string, number>();
    const latencies = await Promise.all(invoices.map(async (invoice) => {
      await sleep(Math.random() * spreadMs);
      paidAt.set(invoice.id, Date.now());
      await world.pay(invoice);
      while (!settledAt.has(invoice.id)) await sleep(2);
      return settledAt.get(invoice.id)! - paidAt.get(invoice.id)!;
    }));
    // The two halves: payment → settled in Postgres (settlement), settled → webhook at the shop (delivery).
    const { rows } = await world.pool.query(`SELECT convert_from(body, 'UTF8')::json->>'invoiceId' AS invoice_id, created_at
      FROM webhook_deliveries WHERE event_type = 'InvoiceSettled'`);
    const settling = rows.map((row: { invoice_id: string; created_at: Date }) => row.created_at.getTime() - paidAt.get(row.invoice_id)!);
    const delivering = rows.map((row: { invoice_id: string; created_at: Date }) => settledAt.get(row.invoice_id)! - row.created_at.getTime());
    console.log(`${LATENCY_INVOICES} invoices paid at random moments within 20 s; one worker process (settlement + delivery), production timings`);
    console.log('| path | p50 | p99 | max |');
    console.log('|---|---|---|---|');
    const row = (label: string, values: number[]) =>
      console.log(`| ${label} | ${percentile(values, 50).toFixed(0)} ms | ${percentile(values, 99).toFixed(0)} ms | ${Math.max(...values).toFixed(0)} ms |`);
    row('payment → InvoiceSettled webhook at the shop (websocket subscription)', latencies);
    row('of which payment → settled in Postgres', settling);
    row('of which settled → webhook at the shop', delivering);
  } finally {
    await stopWorkerProcess(worker);
    await shop.close();
    await world.close();
  }
}

export async function runWebhooksBench(): Promise<void> {
  const which = (process.env.BENCH_WEBHOOKS_PARTS ?? 'throughput,latency').split(',');
  if (Object.keys(WORKER_ENV).length > 0) console.log(`worker settings: ${JSON.stringify(WORKER_ENV)}`);
  if (which.includes('throughput')) await throughput();
  if (which.includes('latency')) await latency();
}
