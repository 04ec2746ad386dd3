/**
 * The sweeper's run (every 30 s through a BullMQ job scheduler): Postgres is the record, Redis only
 * holds work that can be rebuilt from it. It re-creates the watch job of every watched invoice and
 * the subscription job of every store with one (adding a job that exists changes nothing), expires
 * invoices overdue beyond any watch job's slack (after asking Blink: a PAID one is settled instead),
 * has webhook deliveries requeued, and reports how far behind watching is.
 */
import type { InvoiceId } from '../../domain/ids';
import type { StoreId } from '../../domain/store/store-id';
import { InvoiceTransitionError } from '../../domain/invoice/apply';
import { expireInvoice } from '../invoices/expire-invoice';
import { checkStoreInvoices } from './check-store-invoices';
import type { SettlementDeps } from './deps';
import type { SettlementJobs, WatchedInvoice } from './ports';

export interface SweepDeps extends SettlementDeps {
  readonly jobs: SettlementJobs;
  /** An invoice still `New` this long after its expiration has lost its watch job. @defaultValue 15 000 */
  readonly overdueAfterMs: number;
  /** Issue 7's use case: re-creates the jobs of undelivered webhook deliveries. */
  readonly requeuePendingDeliveries?: () => Promise<number>;
}

export interface SweepReport {
  readonly watched: number;
  readonly stores: number;
  readonly expired: number;
  readonly settled: number;
  /** Invoices still `New` past their expiration after the sweep (Blink unreachable, most likely). */
  readonly overdue: number;
  /** How long past its expiration the oldest of those is: the watchers' lag. */
  readonly lagMs: number;
  readonly deliveriesRequeued: number | null;
}

const PAGE = 500;

export async function sweep(deps: SweepDeps): Promise<SweepReport> {
  const now = deps.clock.now();
  const stores = new Set<StoreId>();
  let watched = 0;
  let after: InvoiceId | null = null;
  for (;;) {
    const page: WatchedInvoice[] = await deps.watch.watchedPage(new Date(now.getTime() - deps.timing.graceMs), after, PAGE);
    if (page.length === 0) break;
    await deps.jobs.ensureWatches(page.map((invoice) => ({ invoiceId: invoice.id, storeId: invoice.storeId, firstCheckAt: now })));
    for (const invoice of page) stores.add(invoice.storeId);
    watched += page.length;
    after = page[page.length - 1]!.id;
    if (page.length < PAGE) break;
  }
  for (const storeId of stores) await deps.jobs.ensureSubscription(storeId);

  const { expired, settled } = await expireOverdue(deps, now);
  const stillOverdue = await deps.watch.overdue(new Date(now.getTime() - deps.overdueAfterMs), 1_000);
  const oldest = stillOverdue[0];
  const deliveriesRequeued = deps.requeuePendingDeliveries ? await deps.requeuePendingDeliveries() : null;
  return {
    watched, stores: stores.size, expired, settled, overdue: stillOverdue.length,
    lagMs: oldest ? now.getTime() - oldest.expirationTime.getTime() : 0, deliveriesRequeued,
  };
}

async function expireOverdue(deps: SweepDeps, now: Date): Promise<{ expired: number; settled: number }> {
  const overdue = await deps.watch.overdue(new Date(now.getTime() - deps.overdueAfterMs), 1_000);
  const byStore = new Map<StoreId, WatchedInvoice[]>();
  for (const invoice of overdue) byStore.set(invoice.storeId, [...(byStore.get(invoice.storeId) ?? []), invoice]);
  let expired = 0;
  let settled = 0;
  for (const [storeId, invoices] of byStore) {
    // Never expire on a guess: only invoices Blink has just answered for, and not PAID (those the check settled).
    const check = await checkStoreInvoices(deps, storeId);
    if (check instanceof Error) {
      deps.log.warn('overdue invoices left open: their status could not be checked', { storeId, code: check.code, count: invoices.length });
      continue;
    }
    for (const invoice of invoices) {
      if (check.settled.includes(invoice.id)) { settled += 1; continue; }
      const failure = check.failures.get(invoice.id);
      if (!check.statuses.has(invoice.id) && failure?.code !== 'blink-invalid-input') continue;
      const result = await expireInvoice(deps, invoice.id);
      if (result instanceof InvoiceTransitionError || result instanceof Error) continue;
      if (result.events.length > 0) expired += 1;
    }
  }
  return { expired, settled };
}
