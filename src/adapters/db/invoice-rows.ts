/** Rows of the invoice tables (migrations/003_invoices.sql) ⇄ the app's types, parsed with zod on the way out. */
import { z } from 'zod';
import type { WalletId } from '../../../connection-string/types';
import type { InvoiceCheckout, StoredInvoice, StoredInvoiceEvent, StoredInvoicePayment } from '../../app/ports';
import type { InvoiceId, PaymentHash } from '../../domain/ids';
import { invoiceEventSchema } from '../../domain/invoice/events';
import { ADDITIONAL_STATUSES, INVOICE_STATUSES, INVOICE_TYPES } from '../../domain/invoice/status';
import type { CurrencyCode } from '../../domain/money/currency';
import { formatDecimal, parseDecimal, type Decimal } from '../../domain/money/decimal';
import type { Sats, UsdCents } from '../../domain/money/units';
import type { StoreId } from '../../domain/store/store-id';

export const INVOICE_COLUMNS = `id, store_id, type, status, additional_status, currency, amount::text AS amount, rate::text AS rate,
  order_id, metadata, checkout, receipt, additional_search_terms, archived, wallet_id, wallet_currency, due_sats,
  due_cents, paid_sats, bolt11, payment_hash, blink_external_id, memo, created_time, expiration_time, monitoring_expiration`;

/** pg returns int8 as text: these never exceed 2^53 (sats in existence, Blink's 10^13 cap). */
const int8 = z.union([z.string().regex(/^\d+$/), z.number().int()]).transform(Number);
const decimalText = z.string().transform((text, ctx): Decimal => {
  const parsed = parseDecimal(text);
  if (parsed instanceof Error) {
    ctx.addIssue({ code: 'custom', message: `not a decimal: ${text}` });
    return z.NEVER;
  }
  return parsed;
});

const checkoutSchema = z.object({
  speedPolicy: z.string(),
  paymentMethods: z.array(z.string()),
  defaultPaymentMethod: z.string().nullable(),
  expirationMinutes: z.number(),
  monitoringMinutes: z.number(),
  paymentTolerance: z.number(),
  redirectURL: z.string().nullable(),
  redirectAutomatically: z.boolean(),
  requiresRefundEmail: z.boolean().nullable(),
  defaultLanguage: z.string().nullable(),
  checkoutType: z.string().nullable(),
  lazyPaymentMethods: z.boolean(),
}) satisfies z.ZodType<InvoiceCheckout>;

const invoiceRow = z.object({
  id: z.string(),
  store_id: z.string(),
  type: z.enum(INVOICE_TYPES),
  status: z.enum(INVOICE_STATUSES),
  additional_status: z.enum(ADDITIONAL_STATUSES),
  currency: z.string(),
  amount: decimalText.nullable(),
  rate: decimalText.nullable(),
  order_id: z.string().nullable(),
  metadata: z.record(z.string(), z.unknown()),
  checkout: checkoutSchema,
  receipt: z.record(z.string(), z.unknown()),
  additional_search_terms: z.array(z.string()),
  archived: z.boolean(),
  wallet_id: z.string(),
  wallet_currency: z.enum(['BTC', 'USD']),
  due_sats: int8.nullable(),
  due_cents: int8.nullable(),
  paid_sats: int8,
  bolt11: z.string(),
  payment_hash: z.string(),
  blink_external_id: z.string(),
  memo: z.string(),
  created_time: z.date(),
  expiration_time: z.date(),
  monitoring_expiration: z.date(),
});

const paymentRow = z.object({
  invoice_id: z.string(),
  id: z.string(),
  received_time: z.date(),
  sats: int8,
  destination: z.string(),
  status: z.enum(['Invalid', 'Processing', 'Settled']),
});

const eventRow = z.object({
  id: z.union([z.string(), z.number()]).transform(String),
  invoice_id: z.string(),
  store_id: z.string(),
  data: invoiceEventSchema,
  occurred_at: z.date(),
});

export type PaymentRow = z.infer<typeof paymentRow>;

export const toPayment = (raw: unknown): PaymentRow => paymentRow.parse(raw);

export function paymentOf(row: PaymentRow): StoredInvoicePayment {
  return { id: row.id, receivedTime: row.received_time, sats: row.sats as Sats, destination: row.destination, status: row.status };
}

export function toInvoice(raw: unknown, payments: readonly StoredInvoicePayment[]): StoredInvoice {
  const row = invoiceRow.parse(raw);
  return {
    id: row.id as InvoiceId,
    storeId: row.store_id as StoreId,
    type: row.type,
    status: row.status,
    additionalStatus: row.additional_status,
    currency: row.currency as CurrencyCode,
    amount: row.amount,
    rate: row.rate,
    orderId: row.order_id,
    metadata: row.metadata,
    checkout: row.checkout,
    receipt: row.receipt,
    additionalSearchTerms: row.additional_search_terms,
    archived: row.archived,
    walletId: row.wallet_id as WalletId,
    walletCurrency: row.wallet_currency,
    dueSats: row.due_sats as Sats | null,
    dueCents: row.due_cents as UsdCents | null,
    paidSats: row.paid_sats as Sats,
    bolt11: row.bolt11,
    paymentHash: row.payment_hash as PaymentHash,
    blinkExternalId: row.blink_external_id,
    memo: row.memo,
    createdTime: row.created_time,
    expirationTime: row.expiration_time,
    monitoringExpiration: row.monitoring_expiration,
    payments,
  };
}

export function toEvent(raw: unknown): StoredInvoiceEvent {
  const row = eventRow.parse(raw);
  return { id: row.id, invoiceId: row.invoice_id as InvoiceId, storeId: row.store_id as StoreId, event: row.data, occurredAt: row.occurred_at };
}

/** Lower-cased text `textSearch` looks in: id, order id, top-level metadata strings and numbers, search terms. */
export function searchTextOf(invoice: StoredInvoice): string {
  const metadataValues = Object.values(invoice.metadata)
    .filter((value): value is string | number => typeof value === 'string' || typeof value === 'number')
    .map(String);
  return [invoice.id, invoice.orderId ?? '', ...metadataValues, ...invoice.additionalSearchTerms].join('\n').toLowerCase();
}

export function invoiceValues(invoice: StoredInvoice, now: Date): unknown[] {
  return [
    invoice.id, invoice.storeId, invoice.type, invoice.status, invoice.additionalStatus, invoice.currency,
    invoice.amount === null ? null : formatDecimal(invoice.amount), invoice.rate === null ? null : formatDecimal(invoice.rate),
    invoice.orderId, JSON.stringify(invoice.metadata), JSON.stringify(invoice.checkout), JSON.stringify(invoice.receipt),
    invoice.additionalSearchTerms, searchTextOf(invoice), invoice.archived, invoice.walletId, invoice.walletCurrency,
    invoice.dueSats, invoice.dueCents, invoice.paidSats, invoice.bolt11, invoice.paymentHash, invoice.blinkExternalId,
    invoice.memo, invoice.createdTime, invoice.expirationTime, invoice.monitoringExpiration, now,
  ];
}

/** The columns `invoiceValues` fills, in its order. */
export const INSERT_INVOICE_COLUMNS = `id, store_id, type, status, additional_status, currency, amount, rate,
  order_id, metadata, checkout, receipt, additional_search_terms, search_text, archived, wallet_id, wallet_currency,
  due_sats, due_cents, paid_sats, bolt11, payment_hash, blink_external_id, memo, created_time, expiration_time,
  monitoring_expiration, updated_at`;

/**
 * The invoice, its events (in order) and the completion of its Idempotency-Key in ONE statement: atomic
 * without a transaction, one round trip (invoice creation is the hot path). Foreign keys are checked at
 * the end of the statement, when the invoice row exists. Parameters: `invoiceValues` ($1–$28), the
 * events as a JSON array ($29), the idempotency key or NULL ($30). Returns the event rows.
 */
export const INSERT_INVOICE = `WITH inserted AS (
    INSERT INTO invoices (${INSERT_INVOICE_COLUMNS})
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24,
      $25, $26, $27, $28)
    RETURNING id, store_id),
  events AS (
    INSERT INTO invoice_events (invoice_id, store_id, type, data, occurred_at)
    SELECT inserted.id, inserted.store_id, e.data->>'type', e.data, $28
    FROM inserted, jsonb_array_elements($29::jsonb) WITH ORDINALITY AS e(data, n) ORDER BY e.n
    RETURNING id, invoice_id, store_id, data, occurred_at),
  completed AS (
    UPDATE idempotency_keys SET invoice_id = $1
    WHERE $30::text IS NOT NULL AND store_id = $2 AND key = $30 AND invoice_id IS NULL)
  SELECT id, invoice_id, store_id, data, occurred_at FROM events`;
