/**
 * The `Idempotency-Key` extension on invoice creation: the same key with the same body returns the
 * first invoice (even while it is still being created: the replay waits for it); with another body
 * it is a 422. Keys live 24 h. A key whose request crashed mid-creation is free again after 2 min.
 */
import { createHash } from 'node:crypto';
import { ValidationError, validationError } from '../errors';
import type { Clock, IdempotencyScope, InvoiceRepository, StoredInvoice } from '../ports';
import { IdempotencyKeyInUseError } from './errors';

export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
export const IDEMPOTENCY_ABANDONED_AFTER_MS = 2 * 60 * 1000;
/** How long a replay waits for the first request's invoice before answering 409. */
export const IDEMPOTENCY_WAIT_MS = 30_000;
export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

export interface IdempotencyDeps {
  readonly invoices: InvoiceRepository;
  readonly clock: Clock;
  readonly sleep?: (ms: number) => Promise<void>;
}

export function parseIdempotencyKey(header: string | undefined): string | undefined | ValidationError {
  if (header === undefined) return undefined;
  return KEY_PATTERN.test(header) ? header
    : validationError(IDEMPOTENCY_KEY_HEADER, 'Idempotency-Key must be 1 to 255 visible ASCII characters (a UUID is a good choice)');
}

/** SHA-256 of the body with object keys sorted: the same JSON, however it is laid out, is the same request. */
export function requestHash(body: unknown): string {
  return createHash('sha256').update(canonicalJson(body)).digest('hex');
}

function canonicalJson(value: unknown): string {
  // Parsed bodies carry exact decimals (bigint units): "5" and 5 are the same amount, so the same request.
  if (typeof value === 'bigint') return `${value}n`;
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).filter(([, item]) => item !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** `claimed`: the caller creates the invoice. An invoice: the one this key already made. */
export async function claimIdempotencyKey(
  deps: IdempotencyDeps,
  scope: IdempotencyScope,
  hash: string,
): Promise<'claimed' | StoredInvoice | ValidationError | IdempotencyKeyInUseError> {
  const sleep = deps.sleep ?? realSleep;
  let waited = 0;
  let delay = 20;
  for (;;) {
    const claim = await deps.invoices.claimIdempotencyKey(scope, hash, deps.clock.now(), IDEMPOTENCY_TTL_MS, IDEMPOTENCY_ABANDONED_AFTER_MS);
    if (claim.kind === 'claimed') return 'claimed';
    if (claim.requestHash !== hash) {
      return validationError(IDEMPOTENCY_KEY_HEADER, 'This Idempotency-Key was already used with a different request body; use a new key for a new invoice');
    }
    if (claim.invoiceId !== null) {
      const invoice = await deps.invoices.findById(claim.invoiceId);
      if (invoice !== null) return invoice;
    }
    if (waited >= IDEMPOTENCY_WAIT_MS) return new IdempotencyKeyInUseError();
    await sleep(delay);
    waited += delay;
    delay = Math.min(delay * 2, 250);
  }
}
