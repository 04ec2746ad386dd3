/**
 * Blink reports the invoice's BOLT11 as PAID (websocket, poll or reconciliation: issue 6 workers).
 * Idempotent: the payment hash is recorded once, so any number of reports settle it once.
 */
import type { InvoiceTransitionError } from '../../domain/invoice/apply';
import type { InvoiceId, PaymentHash } from '../../domain/ids';
import type { Sats } from '../../domain/money/units';
import { InvoiceNotFoundError, SettlementEvidenceError } from './errors';
import { transitionInvoice, type InvoiceTransitionDeps, type InvoiceTransitionResult } from './transition';

export interface SettlementEvidence {
  readonly invoiceId: InvoiceId;
  readonly paymentHash: PaymentHash;
  /** When Blink settled it. */
  readonly receivedTime: Date;
  /** What was paid; absent means the BOLT11's own amount (required for a no-amount top-up). */
  readonly sats?: Sats;
}

export function settleInvoice(
  deps: InvoiceTransitionDeps,
  evidence: SettlementEvidence,
): Promise<InvoiceTransitionResult | InvoiceNotFoundError | InvoiceTransitionError | SettlementEvidenceError> {
  return transitionInvoice<SettlementEvidenceError>(deps, evidence.invoiceId, (invoice) => {
    if (invoice.paymentHash !== evidence.paymentHash) {
      return new SettlementEvidenceError(`payment ${evidence.paymentHash} is not the BOLT11 of invoice ${invoice.id}`);
    }
    const sats = evidence.sats ?? invoice.dueSats;
    if (sats === null) return new SettlementEvidenceError(`top-up invoice ${invoice.id} needs the amount paid`);
    return {
      kind: 'payment-settled',
      payment: {
        id: evidence.paymentHash,
        receivedTime: Math.floor(evidence.receivedTime.getTime() / 1000),
        sats,
        destination: invoice.bolt11,
      },
    };
  });
}
