/** Store failures, with Greenfield's codes and wording. */

export class StoreNotFoundError extends Error {
  override readonly name = 'StoreNotFoundError';
  readonly code = 'store-not-found';
  constructor() {
    super('The store was not found');
  }
}

/** The store has no such payment method, or the gateway does not support it (only BTC-LN). */
export class PaymentMethodNotFoundError extends Error {
  override readonly name = 'PaymentMethodNotFoundError';
  readonly code = 'paymentmethod-not-found';
  constructor(message = 'The payment method is not found') {
    super(message);
  }
}

/** Blink could not be asked (down, unreachable, rate limiting us): nothing was saved, try again later. */
export class BlinkUnavailableError extends Error {
  override readonly name = 'BlinkUnavailableError';
  readonly code = 'blink-unavailable';
}

/** A stored connection does not open: the sealing secret is missing from GATEWAY_SECRET(_PREVIOUS), or the row was altered. */
export class StoredConnectionUnreadableError extends Error {
  override readonly name = 'StoredConnectionUnreadableError';
  readonly code = 'stored-connection-unreadable';
}
