/**
 * Housekeeping the sweeper's second job scheduler runs a few times a day: each task deletes or
 * prunes what has outlived its use (webhook delivery bodies after 60 days, Idempotency-Keys after
 * 24 h) and says how many rows it touched. A failing task does not keep the others from running.
 */
import type { SettlementLog } from './ports';

export type MaintenanceTasks = Readonly<Record<string, () => Promise<number>>>;

/** Rows each task touched, or `null` when it failed (logged; the next run tries again). */
export type MaintenanceReport = Record<string, number | null>;

export async function runMaintenance(deps: { readonly tasks: MaintenanceTasks; readonly log: SettlementLog }): Promise<MaintenanceReport> {
  const report: MaintenanceReport = {};
  for (const [name, task] of Object.entries(deps.tasks)) {
    try {
      report[name] = await task();
    } catch (error: unknown) {
      report[name] = null;
      deps.log.warn('maintenance task failed', { task: name, error: error instanceof Error ? error.message : String(error) });
    }
  }
  return report;
}
