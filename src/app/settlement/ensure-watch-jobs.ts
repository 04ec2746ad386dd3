/**
 * What invoice creation calls once its transaction has committed: the invoice's watch job, and its
 * store's subscription job if it has none. Both ids derive from the invoice and store ids, so a
 * repeated call (or the sweeper doing the same) adds nothing.
 */
import type { Clock } from '../ports';
import type { WatchTiming } from './policy';
import type { InvoiceWatchScheduler, SettlementJobs, SettlementState } from './ports';

export function createInvoiceWatchScheduler(deps: {
  readonly jobs: SettlementJobs;
  readonly state: Pick<SettlementState, 'isSubscriptionHealthy'>;
  readonly clock: Clock;
  readonly timing: WatchTiming;
}): InvoiceWatchScheduler {
  return {
    async invoiceCreated(invoice) {
      const [healthy] = await Promise.all([deps.state.isSubscriptionHealthy(invoice.storeId), deps.jobs.ensureSubscription(invoice.storeId)]);
      const now = deps.clock.now().getTime();
      const delay = healthy ? deps.timing.slowPollMs : deps.timing.fastPollMinMs;
      const firstCheckAt = new Date(Math.min(now + delay, Math.max(now, invoice.expirationTime.getTime())));
      await deps.jobs.ensureWatches([{ invoiceId: invoice.id, storeId: invoice.storeId, firstCheckAt }]);
    },
  };
}
