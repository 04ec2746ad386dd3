/**
 * Branded identifiers, so an invoice id is never passed where a store id is expected. Each is built
 * only by its `parseX()` (outside data) or `newX()` (fresh randomness, passed in so this stays pure).
 */
declare const brand: unique symbol;
/** `T` tagged with `B` at compile time only; the runtime value is a plain `T`. */
export type Brand<T, B extends string> = T & { readonly [brand]: B };

export type InvoiceId = Brand<string, 'InvoiceId'>;
export type StoreId = Brand<string, 'StoreId'>;
export type WebhookId = Brand<string, 'WebhookId'>;
export type DeliveryId = Brand<string, 'DeliveryId'>;
/** A Lightning payment hash: 32 bytes as 64 lower-case hex digits (Blink's `PaymentHash`). */
export type PaymentHash = Brand<string, 'PaymentHash'>;

export type IdKind = 'invoice' | 'store' | 'webhook' | 'delivery' | 'payment-hash';

export class InvalidIdError extends Error {
  override readonly name = 'InvalidIdError';
  readonly code = 'invalid-id';
  constructor(readonly kind: IdKind) {
    super(`Invalid ${kind} id`);
  }
}

/**
 * Opaque ids are echoed in URLs, logs and webhook headers: a safe alphabet and a bounded length keep
 * them harmless there. The same rule as store ids in permissions (`src/domain/permissions`).
 */
const OPAQUE_ID = /^[A-Za-z0-9_-]{1,64}$/;
const PAYMENT_HASH = /^[0-9a-f]{64}$/;

function parseOpaque<T extends string>(kind: IdKind, text: string): T | InvalidIdError {
  return OPAQUE_ID.test(text) ? (text as T) : new InvalidIdError(kind);
}

export const parseInvoiceId = (text: string): InvoiceId | InvalidIdError => parseOpaque<InvoiceId>('invoice', text);
export const parseStoreId = (text: string): StoreId | InvalidIdError => parseOpaque<StoreId>('store', text);
export const parseWebhookId = (text: string): WebhookId | InvalidIdError => parseOpaque<WebhookId>('webhook', text);
export const parseDeliveryId = (text: string): DeliveryId | InvalidIdError =>
  parseOpaque<DeliveryId>('delivery', text);

/** Blink and BOLT11 decoders may print upper-case hex; we store and compare lower-case only. */
export function parsePaymentHash(text: string): PaymentHash | InvalidIdError {
  const lower = text.toLowerCase();
  return PAYMENT_HASH.test(lower) ? (lower as PaymentHash) : new InvalidIdError('payment-hash');
}

const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

/** Bitcoin's Base58 alphabet, as BTCPay writes its ids (no 0/O/I/l to misread). */
export function encodeBase58(bytes: Uint8Array): string {
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  let text = '';
  while (value > 0n) {
    text = BASE58[Number(value % 58n)] + text;
    value /= 58n;
  }
  for (const byte of bytes) {
    if (byte !== 0) break;
    text = `1${text}`;
  }
  return text;
}

/** BTCPay's ids are Base58 of 16 random bytes (invoices, webhooks, deliveries) or 32 (stores). */
function newId<T extends string>(random: Uint8Array, size: 16 | 32): T {
  if (random.length !== size) throw new RangeError(`expected ${size} random bytes, got ${random.length}`);
  return encodeBase58(random) as T;
}

export const newInvoiceId = (random16: Uint8Array): InvoiceId => newId<InvoiceId>(random16, 16);
export const newWebhookId = (random16: Uint8Array): WebhookId => newId<WebhookId>(random16, 16);
export const newDeliveryId = (random16: Uint8Array): DeliveryId => newId<DeliveryId>(random16, 16);
export const newStoreId = (random32: Uint8Array): StoreId => newId<StoreId>(random32, 32);
