/**
 * The sweeper processor (a BullMQ job scheduler produces its job every SWEEPER_INTERVAL_MS, and a
 * second one the maintenance job every SWEEPER_MAINTENANCE_INTERVAL_MS) and the upserts of those
 * schedulers. Thin: call `sweep` or `runMaintenance`, log the report.
 */
import type { Job, Queue } from 'bullmq';
import type { Logger } from '../src/adapters/log';
import { MAINTENANCE_JOB_NAME, MAINTENANCE_SCHEDULER_ID, SWEEPER_SCHEDULER_ID } from '../src/app/settlement/jobs';
import { runMaintenance, type MaintenanceReport, type MaintenanceTasks } from '../src/app/settlement/maintenance';
import { sweep, type SweepDeps, type SweepReport } from '../src/app/settlement/sweep';

/** Above this lag, the sweeper's report is a warning: invoices wait past their expiration unresolved. */
const LAG_WARNING_MS = 60_000;

export function createSweeperProcessor(deps: SweepDeps, logger: Logger, maintenance: MaintenanceTasks = {}) {
  return async (job?: Pick<Job, 'name'>): Promise<SweepReport | MaintenanceReport> => {
    if (job?.name === MAINTENANCE_JOB_NAME) {
      const done = await runMaintenance({ tasks: maintenance, log: logger });
      logger.info('maintenance done', done);
      return done;
    }
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

/** Idempotent like the sweeper's: the maintenance job on the same queue, a few times a day. */
export async function upsertMaintenanceScheduler(queue: Queue, everyMs: number): Promise<void> {
  await queue.upsertJobScheduler(MAINTENANCE_SCHEDULER_ID, { every: everyMs }, {
    name: MAINTENANCE_JOB_NAME, data: {}, opts: { removeOnComplete: true, removeOnFail: true },
  });
}
