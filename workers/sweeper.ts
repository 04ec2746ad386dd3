/**
 * The sweeper processor (a BullMQ job scheduler produces its job every SWEEPER_INTERVAL_MS) and the
 * upsert of that scheduler. Thin: call `sweep`, log its report.
 */
import type { Queue } from 'bullmq';
import type { Logger } from '../src/adapters/log';
import { SWEEPER_SCHEDULER_ID } from '../src/app/settlement/jobs';
import { sweep, type SweepDeps, type SweepReport } from '../src/app/settlement/sweep';

/** Above this lag, the sweeper's report is a warning: invoices wait past their expiration unresolved. */
const LAG_WARNING_MS = 60_000;

export function createSweeperProcessor(deps: SweepDeps, logger: Logger) {
  return async (): Promise<SweepReport> => {
    const report = await sweep(deps);
    if (report.lagMs > LAG_WARNING_MS) logger.warn('settlement is lagging', { ...report });
    else logger.debug('sweep done', { ...report });
    return report;
  };
}

/** Idempotent: every worker process calls it at start and at each interval, so a flushed Redis gets its scheduler back. */
export async function upsertSweeperScheduler(queue: Queue, everyMs: number): Promise<void> {
  await queue.upsertJobScheduler(SWEEPER_SCHEDULER_ID, { every: everyMs }, {
    name: 'sweep', data: {}, opts: { removeOnComplete: true, removeOnFail: true },
  });
}
