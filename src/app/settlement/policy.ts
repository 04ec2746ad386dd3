/**
 * How watching is scheduled, as pure functions of time (DESIGN.md §7.3): slow while the store's
 * subscription is healthy (it reports payments in real time, polling is the safety net), fast
 * while it is not (polling is the only signal), and never past the BOLT11's expiry plus a grace.
 */
import type { WatchedInvoice } from './ports';

export interface WatchTiming {
  /** Between checks while the store's subscription is healthy. @defaultValue 60 000 */
  readonly slowPollMs: number;
  /** First check interval while it is not; doubles each check up to `fastPollMaxMs`. @defaultValue 1 000 */
  readonly fastPollMinMs: number;
  /** @defaultValue 10 000 */
  readonly fastPollMaxMs: number;
  /** How long after the BOLT11's expiry a payment is still looked for (it may have raced the expiry). @defaultValue 120 000 */
  readonly graceMs: number;
  /**
   * Blink status requests a store's polling may cost per minute (one request answers 99 invoices):
   * a store with many open invoices is polled less often rather than flooding Blink. @defaultValue 60
   */
  readonly statusRequestsPerMinute: number;
  /** How long status checks to a Blink server stop after it answers TOO_MANY_REQUEST. @defaultValue 60 000 */
  readonly rateLimitPauseMs: number;
}

export const defaultWatchTiming: WatchTiming = {
  slowPollMs: 60_000, fastPollMinMs: 1_000, fastPollMaxMs: 10_000, graceMs: 120_000, statusRequestsPerMinute: 60, rateLimitPauseMs: 60_000,
};

/** Invoices one Blink status request answers. */
export const STATUS_BATCH = 99;

/** Until when an invoice is watched: the later of its own and its BOLT11's expiry, plus the grace. */
export function watchHorizon(invoice: Pick<WatchedInvoice, 'expirationTime'>, bolt11Expiry: Date | null, graceMs: number): Date {
  const expiry = Math.max(invoice.expirationTime.getTime(), bolt11Expiry?.getTime() ?? 0);
  return new Date(expiry + graceMs);
}

/** A payment is still possible (or its report may still come): the invoice is open, or expired unpaid within the horizon. */
export function isStillWatched(invoice: Pick<WatchedInvoice, 'status' | 'additionalStatus' | 'paidSats'>, now: Date, horizon: Date): boolean {
  if (invoice.status === 'New') return true;
  const expiredUnpaid = invoice.status === 'Expired' && invoice.additionalStatus === 'None' && invoice.paidSats === 0;
  return expiredUnpaid && now.getTime() < horizon.getTime();
}

export interface NextCheck {
  readonly at: Date;
  /** How many fast checks in a row so far (0 after a slow one). */
  readonly fastStep: number;
}

/**
 * When to look again. Never later than the invoice's expiration (it must be expired on time) nor
 * than the horizon (the last look).
 */
export function nextCheck(
  input: {
    readonly now: Date; readonly healthy: boolean; readonly fastStep: number; readonly expirationTime: Date; readonly horizon: Date;
    /** How many invoices the store's last batched check covered (one check asks about all of them). */
    readonly watchedInStore?: number;
  },
  timing: WatchTiming,
): NextCheck {
  const now = input.now.getTime();
  const step = Math.max(0, Math.min(input.fastStep, 30));
  const wanted = input.healthy ? timing.slowPollMs : Math.min(timing.fastPollMaxMs, timing.fastPollMinMs * 2 ** step);
  const requestsPerCheck = Math.ceil(Math.max(1, input.watchedInStore ?? 1) / STATUS_BATCH);
  const delay = Math.max(wanted, (requestsPerCheck * 60_000) / Math.max(1, timing.statusRequestsPerMinute));
  let at = now + delay;
  const expiration = input.expirationTime.getTime();
  if (now < expiration) at = Math.min(at, expiration);
  at = Math.min(at, Math.max(input.horizon.getTime(), now));
  return { at: new Date(at), fastStep: input.healthy ? 0 : step + 1 };
}

/**
 * When a payment Blink reports PAID was received. Neither the status query nor the update carries
 * the time, so it is the moment we learned it, but never later than the BOLT11's own expiry: a
 * BOLT11 cannot be paid after it, so a payment seen late was made in time and settles normally
 * (BTCPay's paid-late applies only to payments after the invoice's expiration).
 */
export function paymentTimeFor(now: Date, invoice: Pick<WatchedInvoice, 'expirationTime'>, bolt11Expiry: Date | null): Date {
  const latest = Math.max(invoice.expirationTime.getTime(), bolt11Expiry?.getTime() ?? 0) - 1_000;
  return new Date(Math.min(now.getTime(), latest));
}
