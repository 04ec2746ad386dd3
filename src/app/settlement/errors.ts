/** Settlement failures, each with a stable `code`; workers/retry-policy.ts maps every one. */

/** The store's Blink connection is gone or does not open: nothing can be asked about its invoices. */
export class WatchConnectionUnavailableError extends Error {
  override readonly name = 'WatchConnectionUnavailableError';
  readonly code = 'watch-connection-unavailable';
}

/**
 * The Blink server answered TOO_MANY_REQUEST (or HTTP 429) to a status check: nothing is asked of
 * that server until `until`. Its limit is per client IP at Blink's ingress (status queries have no
 * per-account limiter), so the pause covers every store on that server, and only them.
 */
export class BlinkPausedError extends Error {
  override readonly name = 'BlinkPausedError';
  readonly code = 'blink-paused';
  constructor(readonly server: string, readonly until: Date) {
    super(`Blink at ${server} is rate limiting: status checks paused until ${until.toISOString()}`);
  }
}

/** Blink reports the invoice PAID but recording the payment was refused (e.g. a top-up whose amount is unknown). */
export class SettlementRefusedError extends Error {
  override readonly name = 'SettlementRefusedError';
  readonly code = 'settlement-refused';
}
