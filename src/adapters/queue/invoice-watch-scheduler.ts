/**
 * The API's side of settlement watching: after an invoice's commit, its watch job and its store's
 * subscription job are added through a fail-fast producer connection (a Redis outage fails the
 * scheduling, not the invoice; the sweeper re-creates the jobs from Postgres).
 */
import { watchTimingOf } from './watch-timing';
import type Redis from 'ioredis';
import { createInvoiceWatchScheduler } from '../../app/settlement/ensure-watch-jobs';
import type { InvoiceWatchScheduler } from '../../app/settlement/ports';
import type { Clock } from '../../app/ports';
import type { Config } from '../../config';
import { createSettlementQueues } from './settlement-jobs';
import { createSettlementState } from './settlement-state';

export function createQueueInvoiceWatchScheduler(redis: Redis, config: Config, clock: Clock): { scheduler: InvoiceWatchScheduler; close(): Promise<void> } {
  const queues = createSettlementQueues(redis, config.QUEUE_PREFIX, () => clock.now().getTime());
  const scheduler = createInvoiceWatchScheduler({
    jobs: queues.jobs, state: createSettlementState(redis, config.QUEUE_PREFIX), clock,
    timing: watchTimingOf(config),
  });
  return { scheduler, close: () => queues.close() };
}
