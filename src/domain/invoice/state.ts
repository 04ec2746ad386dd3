/**
 * The part of an invoice the state machine reads and writes. Everything else (metadata, checkout
 * options, the BOLT11, the rate) is the use cases' business and never changes a transition.
 */
import type { Sats } from '../money/units';
import type { AdditionalStatus, InvoiceStatus, InvoiceType } from './status';
import type { InvoiceEvent, InvoicePayment } from './events';

export interface InvoiceState {
  readonly status: InvoiceStatus;
  readonly additionalStatus: AdditionalStatus;
  readonly type: InvoiceType;
  /** What the BOLT11 asks for; `null` for a top-up invoice, which any amount pays. */
  readonly dueSats: Sats | null;
  /** The sum of every recorded payment. */
  readonly paidSats: Sats;
  /** Payment hashes already recorded: a payment is counted once however often it is reported. */
  readonly paymentIds: readonly string[];
  readonly expirationTime: Date;
}

/** What can happen to an invoice. Each use case turns its trigger into one of these. */
export type InvoiceCause =
  /** Blink reports the invoice's Lightning payment as PAID (subscription, poll or reconciliation). */
  | { readonly kind: 'payment-settled'; readonly payment: InvoicePayment }
  /** The expiry worker or the sweeper found the invoice due to expire. */
  | { readonly kind: 'expiry-reached' }
  /** `POST …/invoices/{id}/status` */
  | { readonly kind: 'mark'; readonly status: 'Settled' | 'Invalid' };

export type NewInvoice =
  | { readonly type: 'Standard'; readonly dueSats: Sats; readonly expirationTime: Date }
  | { readonly type: 'TopUp'; readonly expirationTime: Date };

/** A freshly created invoice and the event that announces it. */
export function openInvoice(invoice: NewInvoice): { invoice: InvoiceState; events: InvoiceEvent[] } {
  return {
    invoice: {
      status: 'New',
      additionalStatus: 'None',
      type: invoice.type,
      dueSats: invoice.type === 'TopUp' ? null : invoice.dueSats,
      paidSats: 0 as Sats,
      paymentIds: [],
      expirationTime: invoice.expirationTime,
    },
    events: [{ type: 'InvoiceCreated' }],
  };
}
