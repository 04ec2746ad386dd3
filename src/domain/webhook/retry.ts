/**
 * When a failed delivery is tried again: Standard Webhooks' example schedule (peers-and-webhooks.md
 * §2.3), retried for about 3 days, with ±10 % jitter so a recovering receiver is not hit by every
 * queued delivery at the same instant. BTCPay gives up after about an hour; shops go down for longer.
 */
export const RETRY_DELAYS_MS = [
  5_000, // 5 s
  5 * 60_000, // 5 min
  30 * 60_000, // 30 min
  2 * 3_600_000, // 2 h
  5 * 3_600_000, // 5 h
  10 * 3_600_000, // 10 h
  14 * 3_600_000, // 14 h
  20 * 3_600_000, // 20 h
  24 * 3_600_000, // 24 h
] as const;

/** The first attempt plus one per delay. */
export const MAX_DELIVERY_ATTEMPTS = RETRY_DELAYS_MS.length + 1;
export const RETRY_JITTER = 0.1;
/** A receiver's `Retry-After` is honoured up to this; beyond it the receiver is not trusted. */
export const MAX_RETRY_AFTER_MS = 3_600_000;

export interface RetryOptions {
  /** The receiver's `Retry-After`, in ms (see `parseRetryAfter`). */
  readonly retryAfterMs?: number | null;
  /** A shorter schedule for tests or operators; defaults to `RETRY_DELAYS_MS`. */
  readonly schedule?: readonly number[];
}

/**
 * When to make the next attempt after attempt number `failedAttempt` (1 = the first) failed, or null
 * when the schedule is exhausted. `random` is a number in [0, 1) (e.g. `Math.random()`), passed in so
 * the result is reproducible. The delay is the schedule's ±10 %, and never less than the receiver's
 * `Retry-After` (capped at an hour).
 */
export function nextAttemptAt(failedAttempt: number, now: Date, random: number, options: RetryOptions = {}): Date | null {
  const schedule = options.schedule ?? RETRY_DELAYS_MS;
  if (!Number.isInteger(failedAttempt) || failedAttempt < 1) throw new RangeError(`invalid attempt ${failedAttempt}`);
  const base = schedule[failedAttempt - 1];
  if (base === undefined) return null;
  const jitter = 1 + (2 * Math.min(Math.max(random, 0), 1) - 1) * RETRY_JITTER;
  const retryAfter = Math.min(Math.max(options.retryAfterMs ?? 0, 0), MAX_RETRY_AFTER_MS);
  return new Date(now.getTime() + Math.max(Math.round(base * jitter), retryAfter));
}

/** `Retry-After` as delta-seconds (`120`) or an HTTP date, in ms from `now`; null if absent or invalid. */
export function parseRetryAfter(value: string | null | undefined, now: Date): number | null {
  if (value === null || value === undefined) return null;
  const text = value.trim();
  if (/^\d{1,10}$/.test(text)) return Number(text) * 1000;
  // An HTTP date always names a weekday and GMT; this keeps bare numbers like "1.5" out of Date.parse.
  if (!/GMT$/.test(text)) return null;
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : Math.max(at - now.getTime(), 0);
}
