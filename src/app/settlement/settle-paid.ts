/**
 * Blink says this invoice's BOLT11 is PAID (subscription, poll or reconciliation): record it
 * through the one settle use case. Safe to call any number of times from any process.
 */
import type { PaymentHash } from '../../domain/ids';
import { InvoiceTransitionError } from '../../domain/invoice/apply';
import { settleInvoice } from '../invoices/settle-invoice';
import { SettlementEvidenceError } from '../invoices/errors';
import { bolt11ExpiryOf } from './bolt11-expiry';
import type { SettlementDeps } from './deps';
import { SettlementRefusedError } from './errors';
import { paymentTimeFor } from './policy';
import type { WatchedInvoice } from './ports';

export type SettleOutcome = 'settled' | 'already-recorded' | 'unknown-invoice';

export async function settlePaidInvoice(
  deps: Pick<SettlementDeps, 'invoices' | 'clock' | 'log'>,
  invoice: WatchedInvoice,
): Promise<SettleOutcome | SettlementRefusedError> {
  const now = deps.clock.now();
  const result = await settleInvoice(deps, {
    invoiceId: invoice.id,
    paymentHash: invoice.paymentHash,
    receivedTime: paymentTimeFor(now, invoice, bolt11ExpiryOf(invoice.bolt11)),
  });
  if (result instanceof SettlementEvidenceError || result instanceof InvoiceTransitionError) {
    deps.log.warn('a paid invoice could not be settled', { invoiceId: invoice.id, code: result.code, reason: result.message });
    return new SettlementRefusedError(result.message);
  }
  if (result instanceof Error) return 'unknown-invoice';
  if (result.events.length === 0) return 'already-recorded';
  deps.log.info('invoice paid', { invoiceId: invoice.id, storeId: invoice.storeId, status: result.invoice.status, additionalStatus: result.invoice.additionalStatus });
  return 'settled';
}

/** A PAID report that names only the payment hash (Blink's `myUpdates`, a status subscription). */
export async function settlePaidHash(
  deps: Pick<SettlementDeps, 'invoices' | 'clock' | 'log' | 'watch'>,
  paymentHash: PaymentHash,
): Promise<SettleOutcome | SettlementRefusedError> {
  const invoice = await deps.watch.findByPaymentHash(paymentHash);
  // Another wallet's or another system's invoice on the same Blink account: not ours to record.
  if (invoice === null) return 'unknown-invoice';
  return settlePaidInvoice(deps, invoice);
}
