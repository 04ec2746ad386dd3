/**
 * Blink's receive rules that need no state: expiry defaults and ranges, amount conversions, memo and
 * external-id checks. Pure; the numbers come from the reference (blink-api.md §6).
 */
export type InvoiceKind = 'btc' | 'usd' | 'no-amount';
export type Currency = 'BTC' | 'USD';

interface ExpiryRule { defaultMinutes: number; maxMinutes: number; outOfRangeMinutes: number }

/** Out-of-range values are silently replaced: by 4 h for BTC (even no-amount), by 5 min for USD. */
const EXPIRY_RULES = {
  btc: { defaultMinutes: 240, maxMinutes: 1440, outOfRangeMinutes: 240 },
  btcNoAmount: { defaultMinutes: 120, maxMinutes: 1440, outOfRangeMinutes: 240 },
  usd: { defaultMinutes: 5, maxMinutes: 5, outOfRangeMinutes: 5 },
} satisfies Record<string, ExpiryRule>;

/** Minutes until expiry for an invoice into a wallet of `currency`; `requested` 0 or absent = default. */
export function expiryMinutes(kind: InvoiceKind, currency: Currency, requested: number | null | undefined): number {
  const rule = currency === 'USD' ? EXPIRY_RULES.usd : kind === 'no-amount' ? EXPIRY_RULES.btcNoAmount : EXPIRY_RULES.btc;
  if (requested === null || requested === undefined || requested === 0) return rule.defaultMinutes;
  return requested >= 1 && requested <= rule.maxMinutes ? requested : rule.outOfRangeMinutes;
}

export const MEMO_MAX_BYTES = 639;
export const MAX_MINOR_UNITS = 10 ** 13;
export const EXTERNAL_ID_PATTERN = /^[a-z0-9_-]{1,100}$/;

export function memoTooLong(memo: string): boolean {
  return Buffer.byteLength(memo, 'utf8') > MEMO_MAX_BYTES;
}

/** Sats the sandbox quotes for `cents` at `btcUsdPrice` USD per BTC (at least 1 sat for a positive amount). */
export function centsToSats(cents: number, btcUsdPrice: number): number {
  if (cents <= 0) return 0;
  return Math.max(1, Math.round((cents * 1_000_000) / btcUsdPrice));
}

/** Cents the sandbox credits for `sats` at `btcUsdPrice` (floored, as a USD wallet balance is). */
export function satsToCents(sats: number, btcUsdPrice: number): number {
  return Math.floor((sats * btcUsdPrice) / 1_000_000);
}

export interface ConversionEstimate { btcSatAmount: number; usdCentAmount: number }

/** `amount` in the major unit of a fiat whose rate is `unitsPerUsd`. */
export function estimateConversion(amount: number, unitsPerUsd: number, btcUsdPrice: number): ConversionEstimate {
  const usd = amount / unitsPerUsd;
  return { btcSatAmount: Math.round((usd * 100_000_000) / btcUsdPrice), usdCentAmount: Math.round(usd * 100) };
}
