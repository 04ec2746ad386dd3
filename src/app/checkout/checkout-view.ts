/**
 * What a buyer's browser may see of an invoice: the store's name, the amount, the BOLT11, the status,
 * the expiry and where to go once paid. Nothing else (no store id, metadata, order id, wallet or
 * Blink data): the checkout page and its status endpoints are public, reachable by anyone with the URL.
 */
import type { InvoiceId } from '../../domain/ids';
import { fillRedirectPlaceholders, type RedirectPlaceholderValues } from '../../domain/invoice/redirect-url';
import { formatInCurrency, type Sats } from '../../domain/money';
import type { StoredInvoice } from '../ports';

export const CHECKOUT_STATUSES = ['unpaid', 'processing', 'paid', 'expired', 'invalid'] as const;
export type CheckoutStatus = (typeof CHECKOUT_STATUSES)[number];

export interface CheckoutRedirect {
  /** http(s) only: anything else (`javascript:` …) is never handed to a browser. */
  readonly url: string;
  /** Greenfield's `checkout.redirectAutomatically`: go there by itself once paid. */
  readonly automatic: boolean;
}

export interface CheckoutView {
  readonly invoiceId: InvoiceId;
  readonly storeName: string;
  /** In the invoice currency with its decimals; `null` when the buyer chooses (a top-up). */
  readonly amount: { readonly value: string; readonly currency: string } | null;
  /** The BOLT11's amount; `null` for a no-amount BOLT11. */
  readonly sats: Sats | null;
  readonly bolt11: string;
  readonly status: CheckoutStatus;
  readonly expirationTime: Date;
  readonly redirect: CheckoutRedirect | null;
}

/** What the status endpoint and each Server-Sent Event carry. */
export interface CheckoutStatusUpdate {
  readonly status: CheckoutStatus;
  /** Unix seconds. */
  readonly expirationTime: number;
}

/**
 * An unpaid invoice past its expiry shows as expired even before the expiry worker writes it: its
 * BOLT11 can no longer be paid, and the page must not depend on the workers running.
 */
export function checkoutStatusOf(invoice: Pick<StoredInvoice, 'status' | 'expirationTime'>, now: Date): CheckoutStatus {
  switch (invoice.status) {
    case 'New':
      return now.getTime() >= invoice.expirationTime.getTime() ? 'expired' : 'unpaid';
    case 'Processing':
      return 'processing';
    case 'Settled':
      return 'paid';
    case 'Expired':
      return 'expired';
    case 'Invalid':
      return 'invalid';
  }
}

/** With `placeholders`, `{InvoiceId}` and `{OrderId}` are filled first, as BTCPay does before redirecting. */
export function publicRedirectOf(checkout: StoredInvoice['checkout'], placeholders?: RedirectPlaceholderValues): CheckoutRedirect | null {
  const template = checkout.redirectURL;
  if (template === null || template === '') return null;
  const url = placeholders === undefined ? template : fillRedirectPlaceholders(template, placeholders);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return null;
  return { url: parsed.href, automatic: checkout.redirectAutomatically };
}

export function toCheckoutView(invoice: StoredInvoice, storeName: string, now: Date): CheckoutView {
  return {
    invoiceId: invoice.id,
    storeName,
    amount: invoice.amount === null ? null : { value: formatInCurrency(invoice.amount, invoice.currency, 'ceil'), currency: invoice.currency },
    sats: invoice.dueSats,
    bolt11: invoice.bolt11,
    status: checkoutStatusOf(invoice, now),
    expirationTime: invoice.expirationTime,
    redirect: publicRedirectOf(invoice.checkout, { invoiceId: invoice.id, orderId: invoice.orderId }),
  };
}

export const statusUpdateOf = (view: Pick<CheckoutView, 'status' | 'expirationTime'>): CheckoutStatusUpdate => ({
  status: view.status,
  expirationTime: Math.floor(view.expirationTime.getTime() / 1000),
});
