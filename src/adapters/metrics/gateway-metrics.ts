/**
 * Prometheus metrics of an API process, served at `GET /metrics`. Two kinds:
 *  - this process's own: its HTTP requests by route and status, and Node's process metrics;
 *  - the deployment's, read at scrape time from where every process writes (Postgres, BullMQ's Redis
 *    keys): open and overdue invoices, pending webhook deliveries and the age of the oldest, jobs per queue and
 *    state. Scraping any one API process therefore shows the workers' backlog too.
 * A dependency that does not answer during a scrape makes its figures unknown (and `…_dependency_up`
 * 0) rather than failing the scrape or showing stale values.
 */
import type Redis from 'ioredis';
import type { Pool } from 'pg';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { z } from 'zod';
import { QUEUE_NAMES, SETTLEMENT_QUEUES } from '../../app/jobs';
import type { GatewayMetrics } from '../../app/ports';
import type { Logger } from '../log';
import { queueOn } from '../queue/connections';

const PREFIX = 'blink_gateway_';
const QUEUES = [SETTLEMENT_QUEUES.watch, SETTLEMENT_QUEUES.subscription, SETTLEMENT_QUEUES.sweeper, QUEUE_NAMES.webhookDelivery];
const JOB_STATES = ['waiting', 'prioritized', 'active', 'delayed', 'failed'] as const;
const backlogRow = z.object({ open: z.number().int(), overdue: z.number().int(), pending: z.number().int(), oldest: z.number().nullable() });

export interface GatewayMetricsDeps {
  readonly pool: Pool;
  readonly redis: Redis;
  readonly queuePrefix: string;
  /** An invoice still New this long past its expiration is overdue: the sweeper should have expired it. */
  readonly overdueAfterMs: number;
  readonly logger: Logger;
}

export function createGatewayMetrics(deps: GatewayMetricsDeps): GatewayMetrics & { close(): Promise<void> } {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: PREFIX });
  // A failed read shows in dependency_up.
  const queues = QUEUES.map((name) => queueOn<unknown>(name, deps.redis, deps.queuePrefix));

  const requests = new Counter({
    name: `${PREFIX}http_requests_total`, help: 'HTTP requests answered by this process, by method, route template and status code',
    labelNames: ['method', 'route', 'status'], registers: [registry],
  });
  const durations = new Histogram({
    name: `${PREFIX}http_request_duration_seconds`, help: 'Time from request to response by this process, by method and route template',
    labelNames: ['method', 'route'], buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10], registers: [registry],
  });
  const gauge = (name: string, help: string, labelNames: string[] = []) =>
    new Gauge({ name: `${PREFIX}${name}`, help, labelNames, registers: [registry] });
  const up = gauge('dependency_up', 'Whether the dependency answered during this scrape (1) or not (0)', ['dependency']);
  const openInvoices = gauge('invoices_open', 'Invoices waiting for payment (status New), all stores');
  const overdueInvoices = gauge('invoices_overdue', 'Invoices still New well past their expiration: the settlement workers are not keeping up');
  const pendingDeliveries = gauge('webhook_deliveries_pending', 'Webhook deliveries not yet delivered nor given up, all stores');
  const oldestPending = gauge('webhook_delivery_oldest_pending_seconds', 'Age of the oldest pending webhook delivery (0 when none)');
  const jobs = gauge('queue_jobs', 'BullMQ jobs by queue and state, all processes', ['queue', 'state']);

  /**
   * Fills gauges with `read`. When the dependency fails they become unknown (`forget`), never stale
   * nor a false 0; the scrape itself still answers.
   */
  const refresh = async (dependency: 'postgres' | 'redis', read: () => Promise<void>, forget: () => void) => {
    try {
      await read();
      up.set({ dependency }, 1);
    } catch (error) {
      forget();
      up.set({ dependency }, 0);
      deps.logger.warn('metrics: a dependency did not answer', { dependency, error: error instanceof Error ? error.message : String(error) });
    }
  };
  const readPostgres = () => refresh('postgres', async () => {
    const result = await deps.pool.query(`SELECT
      (SELECT count(*) FROM invoices WHERE status = 'New')::int AS open,
      (SELECT count(*) FROM invoices WHERE status = 'New' AND expiration_time < now() - make_interval(secs => $1::float8 / 1000))::int AS overdue,
      (SELECT count(*) FROM webhook_deliveries WHERE status = 'pending')::int AS pending,
      (SELECT extract(epoch FROM now() - min(created_at))::float8 FROM webhook_deliveries WHERE status = 'pending') AS oldest`,
    [deps.overdueAfterMs]);
    const row = backlogRow.parse(result.rows[0]);
    openInvoices.set(row.open);
    overdueInvoices.set(row.overdue);
    pendingDeliveries.set(row.pending);
    oldestPending.set(Math.max(0, row.oldest ?? 0));
  }, () => {
    // prom-client always shows a series without labels: NaN says "unknown".
    for (const each of [openInvoices, overdueInvoices, pendingDeliveries, oldestPending]) each.set(Number.NaN);
  });
  const readQueues = () => refresh('redis', async () => {
    const counts = await Promise.all(queues.map((queue) => queue.getJobCounts(...JOB_STATES)));
    jobs.reset();
    queues.forEach((queue, index) => {
      for (const state of JOB_STATES) jobs.set({ queue: queue.name, state }, counts[index]?.[state] ?? 0);
    });
  }, () => jobs.reset());

  return {
    observeRequest({ method, route, status, seconds }) {
      requests.inc({ method, route, status: String(status) });
      durations.observe({ method, route }, seconds);
    },
    async render() {
      await Promise.all([readPostgres(), readQueues()]);
      return { contentType: registry.contentType, text: await registry.metrics() };
    },
    async close() {
      await Promise.allSettled(queues.map((queue) => queue.close()));
    },
  };
}
