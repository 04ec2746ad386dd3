/**
 * Blink says this invoice's BOLT11 is PAID (subscription, poll or reconciliation): record it
 * through the one settle use case. Safe to call any number of times from any process.
 */
import type { BlinkConnection } from '../../../connection-string/types';
import type { PaymentHash } from '../../domain/ids';
import { InvoiceTransitionError } from '../../domain/invoice/apply';
import { parseSats, type Sats } from '../../domain/money/units';
import { BlinkError, type BlinkReceivedAmount } from '../blink-port';
import { settleInvoice } from '../invoices/settle-invoice';
import { SettlementEvidenceError } from '../invoices/errors';
import { loadStoreConnection } from '../stores/store-connection';
import { bolt11ExpiryOf } from './bolt11-expiry';
import type { SettlementDeps } from './deps';
import { SettlementRefusedError } from './errors';
import { paymentTimeFor } from './policy';
import type { WatchedInvoice } from './ports';

export type SettleOutcome = 'settled' | 'already-recorded' | 'unknown-invoice';

/** What the caller already knows besides "PAID": the store's connection, and what the payment credited (myUpdates tells it). */
export interface PaidReport {
  readonly connection?: BlinkConnection;
  readonly received?: BlinkReceivedAmount | null;
}

export async function settlePaidInvoice(
  deps: SettlementDeps,
  invoice: WatchedInvoice,
  report: PaidReport = {},
): Promise<SettleOutcome | SettlementRefusedError | BlinkError> {
  const sats = await paidSats(deps, invoice, report);
  if (sats instanceof Error) return sats;
  const now = deps.clock.now();
  const result = await settleInvoice(deps, {
    invoiceId: invoice.id,
    paymentHash: invoice.paymentHash,
    receivedTime: paymentTimeFor(now, invoice, bolt11ExpiryOf(invoice.bolt11)),
    ...(sats === undefined ? {} : { sats }),
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
  deps: SettlementDeps,
  paymentHash: PaymentHash,
  report: PaidReport = {},
): Promise<SettleOutcome | SettlementRefusedError | BlinkError> {
  const invoice = await deps.watch.findByPaymentHash(paymentHash);
  // Another wallet's or another system's invoice on the same Blink account: not ours to record.
  if (invoice === null) return 'unknown-invoice';
  return settlePaidInvoice(deps, invoice, report);
}

/**
 * The sats a payment brought: `undefined` for an invoice with an amount (its BOLT11 says it). A
 * no-amount (top-up) invoice takes what Blink booked for it: sats into a BTC wallet as they are;
 * cents into a USD wallet at Blink's price now (the payer's sats are not reported there).
 */
async function paidSats(deps: SettlementDeps, invoice: WatchedInvoice, report: PaidReport): Promise<Sats | undefined | SettlementRefusedError | BlinkError> {
  if (invoice.dueSats !== null) return undefined;
  let connection = report.connection;
  if (connection === undefined) {
    const loaded = await loadStoreConnection(deps, invoice.storeId);
    if (loaded instanceof Error) return new SettlementRefusedError(`top-up invoice ${invoice.id}: ${loaded.message}`);
    connection = loaded.connection;
  }
  const received = report.received ?? await deps.blink.receivedAmount(connection, invoice.walletId, invoice.paymentHash);
  if (received instanceof BlinkError) return received;
  if (received === null) {
    // Keyless connections cannot read transactions: the amount stays unknown and the invoice New.
    return new SettlementRefusedError(`top-up invoice ${invoice.id} is paid but Blink did not tell the amount`);
  }
  if (received.currency === 'BTC') {
    const sats = parseSats(received.amount);
    return sats instanceof Error ? new SettlementRefusedError(`top-up invoice ${invoice.id}: ${sats.message}`) : sats;
  }
  const quote = await deps.blink.convert(connection, received.amount / 100, 'USD');
  return quote instanceof BlinkError ? quote : quote.sats;
}
