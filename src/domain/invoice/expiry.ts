/**
 * How long an invoice lives, and the `expiresIn` Blink is asked for. Blink counts whole minutes and
 * silently replaces an out-of-range `expiresIn` with its default (4 h on BTC wallets, 5 min on USD,
 * blink-api.md §6), so the gateway caps the value itself and shows the shop the real expiration.
 *
 * Alignment: the invoice expires exactly when its BOLT11 does. A request that is not a whole number
 * of minutes is rounded UP (the buyer never gets less time than the shop asked for, and a payment
 * can never arrive on a BOLT11 that outlives its invoice).
 */
import type { BlinkWalletCurrency } from '../../../connection-string/types';

export const DEFAULT_EXPIRATION_MINUTES = 15;
export const MIN_EXPIRATION_MS = 30_000;
/** Blink's largest `expiresIn` per wallet currency: 24 h on BTC wallets, 5 min on USD (Stablesats). */
export const BLINK_MAX_EXPIRES_IN_MINUTES: Readonly<Record<BlinkWalletCurrency, number>> = { BTC: 1440, USD: 5 };
/** Greenfield's message and field for a too-short expiration (CreateInvoiceRequest validation). */
export const EXPIRATION_TOO_SHORT = 'Expiration time must be at least 30 seconds';

export class InvalidExpirationError extends Error {
  override readonly name = 'InvalidExpirationError';
  readonly code = 'invalid-expiration';
  readonly path = 'checkout.expirationMinutes';
}

export interface ExpiryPlan {
  /** Blink's `expiresIn`, whole minutes within the wallet's range. */
  readonly expiresInMinutes: number;
  /** The invoice's `expirationTime`: `now` (whole second, as in a BOLT11) + `expiresInMinutes`. */
  readonly expirationTime: Date;
  /** The wallet's cap shortened what the shop asked for (the response shows the real expiration). */
  readonly capped: boolean;
}

export interface ExpiryRequest {
  /** Greenfield's `checkout.expirationMinutes`; may be fractional (0.5 = 30 s); absent → 15. */
  readonly expirationMinutes?: number | null;
  readonly walletCurrency: BlinkWalletCurrency;
  readonly now: Date;
}

export function planInvoiceExpiry(request: ExpiryRequest): ExpiryPlan | InvalidExpirationError {
  const minutes = request.expirationMinutes ?? DEFAULT_EXPIRATION_MINUTES;
  // Rounded to whole milliseconds first so 0.1 + 0.2 style fractions cannot add a minute.
  const requestedMs = Math.round(minutes * 60_000);
  if (!Number.isFinite(requestedMs) || requestedMs < MIN_EXPIRATION_MS) {
    return new InvalidExpirationError(EXPIRATION_TOO_SHORT);
  }
  const wholeMinutes = Math.ceil(requestedMs / 60_000);
  const cap = BLINK_MAX_EXPIRES_IN_MINUTES[request.walletCurrency];
  const expiresInMinutes = Math.min(wholeMinutes, cap);
  return {
    expiresInMinutes,
    expirationTime: expirationFrom(request.now, expiresInMinutes),
    capped: wholeMinutes > cap,
  };
}

/**
 * When a BOLT11 created at `createdAt` with `expiresInMinutes` expires: BOLT11 timestamps are whole
 * seconds. Use cases pass Blink's own `createdAt` so our expiry is the BOLT11's, not our estimate.
 */
export function expirationFrom(createdAt: Date, expiresInMinutes: number): Date {
  const createdSecond = Math.floor(createdAt.getTime() / 1000) * 1000;
  return new Date(createdSecond + expiresInMinutes * 60_000);
}
