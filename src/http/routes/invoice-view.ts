/**
 * Invoices in Greenfield's JSON shapes (InvoiceData, InvoicePaymentMethodDataModel), with the JSON
 * types the PHP clients insist on: amounts are decimal strings, times unix seconds, flags booleans.
 */
import { z } from 'zod';
import type { StoredInvoice } from '../../app/ports';
import { availableStatusesForManualMarking } from '../../domain/invoice/transitions';
import { LIGHTNING_PAYMENT_METHOD } from '../../domain/invoice/events';
import {
  formatAmount, formatDecimal, formatInCurrency, formatSatsAsBtc, formatSatsAsBtcFixed, normalize, rescale,
  satsToAmount, decimal, type Sats,
} from '../../domain/money';

const unix = (date: Date): number => Math.floor(date.getTime() / 1000);
const decimalString = z.string().describe('A decimal number as a JSON string');

export const invoiceCheckoutData = z.object({
  speedPolicy: z.string(),
  paymentMethods: z.array(z.string()),
  defaultPaymentMethod: z.string().nullable(),
  expirationMinutes: z.number().describe('The real expiration (a USD wallet caps it at 5)'),
  monitoringMinutes: z.number(),
  paymentTolerance: z.number(),
  redirectURL: z.string().nullable(),
  redirectAutomatically: z.boolean(),
  requiresRefundEmail: z.boolean().nullable(),
  defaultLanguage: z.string().nullable(),
  checkoutType: z.string().nullable(),
  lazyPaymentMethods: z.boolean(),
});

export const invoicePaymentData = z.object({
  id: z.string().describe('The payment hash'),
  receivedDate: z.number().int(),
  value: decimalString,
  fee: decimalString,
  status: z.enum(['Invalid', 'Processing', 'Settled']),
  destination: z.string(),
});

export const invoicePaymentMethodData = z.object({
  paymentMethodId: z.literal(LIGHTNING_PAYMENT_METHOD),
  currency: z.literal('BTC'),
  destination: z.string().describe('The BOLT11'),
  paymentLink: z.string(),
  rate: decimalString.describe('Price of 1 BTC in the invoice currency'),
  paymentMethodPaid: decimalString,
  totalPaid: decimalString,
  due: decimalString,
  amount: decimalString,
  paymentMethodFee: decimalString,
  networkFee: decimalString,
  activated: z.boolean(),
  additionalData: z.object({ paymentHash: z.string(), preimage: z.string().nullable(), invoiceId: z.string() }),
  payments: z.array(invoicePaymentData),
});

export const invoiceData = z.object({
  id: z.string(),
  storeId: z.string(),
  amount: decimalString,
  paidAmount: decimalString,
  currency: z.string(),
  type: z.enum(['Standard', 'TopUp']),
  checkoutLink: z.string(),
  status: z.enum(['New', 'Processing', 'Settled', 'Expired', 'Invalid']),
  additionalStatus: z.enum(['None', 'PaidLate', 'PaidPartial', 'Marked', 'Invalid', 'PaidOver']),
  createdTime: z.number().int(),
  expirationTime: z.number().int(),
  monitoringExpiration: z.number().int(),
  availableStatusesForManualMarking: z.array(z.enum(['Settled', 'Invalid'])),
  archived: z.boolean(),
  metadata: z.record(z.string(), z.unknown()),
  checkout: invoiceCheckoutData,
  receipt: z.record(z.string(), z.unknown()),
  additionalSearchTerms: z.array(z.string()),
  paymentMethods: z.array(invoicePaymentMethodData).optional().describe('Only with includePaymentMethods=true'),
});

export type InvoiceData = z.infer<typeof invoiceData>;
export type InvoicePaymentMethodData = z.infer<typeof invoicePaymentMethodData>;

/** `<PUBLIC_URL>/i/<invoiceId>`, BTCPay's checkout page address. */
export const checkoutLinkOf = (publicUrl: string, invoice: StoredInvoice): string =>
  `${publicUrl.replace(/\/+$/, '')}/i/${encodeURIComponent(invoice.id)}`;

/** What was paid, in the invoice currency: exactly the amount when the BOLT11 was paid as asked. */
function paidAmountOf(invoice: StoredInvoice): string {
  if (invoice.paidSats === 0) return formatInCurrency(decimal(0n), invoice.currency);
  if (invoice.amount !== null && invoice.dueSats !== null && invoice.paidSats === invoice.dueSats) {
    return formatInCurrency(invoice.amount, invoice.currency, 'ceil');
  }
  if (invoice.rate === null) return formatInCurrency(decimal(0n), invoice.currency);
  const paid = satsToAmount(invoice.paidSats, invoice.currency, invoice.rate);
  return paid instanceof Error ? formatInCurrency(decimal(0n), invoice.currency) : formatInCurrency(paid, invoice.currency);
}

export function toInvoiceData(invoice: StoredInvoice, publicUrl: string, options: { includePaymentMethods?: boolean } = {}): InvoiceData {
  return {
    id: invoice.id,
    storeId: invoice.storeId,
    amount: invoice.amount === null ? '0' : formatAmount(invoice.amount),
    paidAmount: paidAmountOf(invoice),
    currency: invoice.currency,
    type: invoice.type,
    checkoutLink: checkoutLinkOf(publicUrl, invoice),
    status: invoice.status,
    additionalStatus: invoice.additionalStatus,
    createdTime: unix(invoice.createdTime),
    expirationTime: unix(invoice.expirationTime),
    monitoringExpiration: unix(invoice.monitoringExpiration),
    availableStatusesForManualMarking: availableStatusesForManualMarking(invoice),
    archived: invoice.archived,
    metadata: { ...invoice.metadata },
    checkout: { ...invoice.checkout, paymentMethods: [...invoice.checkout.paymentMethods] },
    receipt: { enabled: null, showQR: null, showPayments: null, ...invoice.receipt },
    additionalSearchTerms: [...invoice.additionalSearchTerms],
    ...(options.includePaymentMethods ? { paymentMethods: toPaymentMethodData(invoice) } : {}),
  };
}

/** The rate with at most 8 decimals, trailing zeros dropped; "0" when nothing priced the invoice. */
const rateText = (invoice: StoredInvoice): string =>
  invoice.rate === null ? '0' : formatDecimal(normalize(rescale(invoice.rate, 8, 'floor')));

export function toPaymentMethodData(invoice: StoredInvoice): InvoicePaymentMethodData[] {
  const due = invoice.dueSats === null ? 0 : Math.max(0, invoice.dueSats - invoice.paidSats);
  return [{
    paymentMethodId: LIGHTNING_PAYMENT_METHOD,
    currency: 'BTC',
    destination: invoice.bolt11,
    paymentLink: `lightning:${invoice.bolt11.toLowerCase()}`,
    rate: rateText(invoice),
    paymentMethodPaid: formatSatsAsBtcFixed(invoice.paidSats),
    totalPaid: formatSatsAsBtcFixed(invoice.paidSats),
    due: formatSatsAsBtcFixed(due as Sats),
    amount: formatSatsAsBtcFixed((invoice.dueSats ?? 0) as Sats),
    paymentMethodFee: '0.00000000',
    networkFee: '0.00000000',
    activated: true,
    additionalData: { paymentHash: invoice.paymentHash, preimage: null, invoiceId: invoice.paymentHash },
    payments: invoice.payments.map((payment) => ({
      id: payment.id,
      receivedDate: unix(payment.receivedTime),
      value: formatSatsAsBtc(payment.sats),
      fee: '0',
      status: payment.status,
      destination: payment.destination,
    })),
  }];
}
