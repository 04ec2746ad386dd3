/**
 * What happened to an invoice, one variant per Greenfield webhook event type, carrying exactly the
 * type-specific fields BTCPay puts in the webhook (btcpay-greenfield.md §f). Plain JSON values only:
 * events are stored in the outbox as they are and read back with `invoiceEventSchema`.
 */
import { z } from 'zod';

/** Lightning is the only payment method this gateway offers; BTCPay names it `BTC-LN`. */
export const LIGHTNING_PAYMENT_METHOD = 'BTC-LN';

/** A settled Lightning payment, as Greenfield's `payment` object needs it. */
export const invoicePaymentSchema = z.object({
  /** The payment hash (BTCPay's Lightning payment id). */
  id: z.string().regex(/^[0-9a-f]{64}$/),
  /** Unix seconds when the payment settled (Greenfield's `receivedDate`). */
  receivedTime: z.number().int().nonnegative(),
  sats: z.number().int().nonnegative(),
  /** The BOLT11 that was paid. */
  destination: z.string(),
});
export type InvoicePayment = z.infer<typeof invoicePaymentSchema>;

const paymentEvent = {
  afterExpiration: z.boolean(),
  paymentMethodId: z.literal(LIGHTNING_PAYMENT_METHOD),
  payment: invoicePaymentSchema,
};

export const invoiceEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('InvoiceCreated') }),
  z.object({ type: z.literal('InvoiceReceivedPayment'), ...paymentEvent }),
  z.object({ type: z.literal('InvoicePaymentSettled'), ...paymentEvent }),
  z.object({ type: z.literal('InvoiceProcessing'), overPaid: z.boolean() }),
  z.object({ type: z.literal('InvoiceSettled'), manuallyMarked: z.boolean(), overPaid: z.boolean() }),
  z.object({ type: z.literal('InvoiceInvalid'), manuallyMarked: z.boolean() }),
  z.object({ type: z.literal('InvoiceExpired'), partiallyPaid: z.boolean() }),
  z.object({ type: z.literal('InvoiceExpiredPaidPartial') }),
  z.object({ type: z.literal('InvoicePaidAfterExpiration') }),
]);
export type InvoiceEvent = z.infer<typeof invoiceEventSchema>;
export type InvoiceEventType = InvoiceEvent['type'];

/** Every invoice event type, in the order BTCPay documents them. */
export const INVOICE_EVENT_TYPES = [
  'InvoiceCreated',
  'InvoiceReceivedPayment',
  'InvoicePaymentSettled',
  'InvoiceProcessing',
  'InvoiceSettled',
  'InvoiceInvalid',
  'InvoiceExpired',
  'InvoiceExpiredPaidPartial',
  'InvoicePaidAfterExpiration',
] as const satisfies readonly InvoiceEventType[];

/** Compile-time check that the list above names every variant of the union. */
const _everyEventTypeListed: Exclude<InvoiceEventType, (typeof INVOICE_EVENT_TYPES)[number]> extends never
  ? true
  : never = true;
