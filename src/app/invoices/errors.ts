/**
 * Invoice failures, each with a stable `code`; src/http/error-map.ts gives each one HTTP answer.
 * Store failures (store not found, Blink unreachable) reuse src/app/stores/errors.ts.
 */

export class InvoiceNotFoundError extends Error {
  override readonly name = 'InvoiceNotFoundError';
  readonly code = 'invoice-not-found';
  constructor() {
    super('The invoice was not found');
  }
}

/**
 * The invoice cannot be created with the store's Blink connection as it is: only the merchant can
 * fix it (BTCPay answers these 400 too). The message says what to do.
 */
export class InvoiceCreationRefusedError extends Error {
  override readonly name = 'InvoiceCreationRefusedError';
  constructor(
    readonly code: 'payment-method-unavailable' | 'blink-connection-rejected' | 'blink-receive-disabled',
    message: string,
  ) {
    super(message);
  }
}

/** Creating one more invoice now would make Blink block the merchant's account (or Blink already did). */
export class InvoiceRateLimitedError extends Error {
  override readonly name = 'InvoiceRateLimitedError';
  readonly code = 'invoice-rate-limited';
  constructor(readonly retryAfterSeconds: number, message: string) {
    super(message);
  }
}

/** Greenfield's answer to unarchiving an invoice that is not archived. */
export class InvoiceNotArchivedError extends Error {
  override readonly name = 'InvoiceNotArchivedError';
  readonly code = 'already-unarchived';
  constructor() {
    super('Invoice is already unarchived');
  }
}

/** Another request with the same `Idempotency-Key` is still creating its invoice. */
export class IdempotencyKeyInUseError extends Error {
  override readonly name = 'IdempotencyKeyInUseError';
  readonly code = 'idempotency-key-in-use';
  constructor() {
    super('A request with this Idempotency-Key is still being processed; retry in a moment to get its invoice');
  }
}

/** A settlement report that does not fit the invoice (another payment hash, no amount for a top-up). */
export class SettlementEvidenceError extends Error {
  override readonly name = 'SettlementEvidenceError';
  readonly code = 'settlement-evidence-rejected';
}
