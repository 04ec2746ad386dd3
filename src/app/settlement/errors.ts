/** Settlement failures, each with a stable `code`; workers/retry-policy.ts maps every one. */

/** The store's Blink connection is gone or does not open: nothing can be asked about its invoices. */
export class WatchConnectionUnavailableError extends Error {
  override readonly name = 'WatchConnectionUnavailableError';
  readonly code = 'watch-connection-unavailable';
}

/** Blink reports the invoice PAID but recording the payment was refused (e.g. a top-up whose amount is unknown). */
export class SettlementRefusedError extends Error {
  override readonly name = 'SettlementRefusedError';
  readonly code = 'settlement-refused';
}
