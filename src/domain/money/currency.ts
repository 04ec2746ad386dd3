/**
 * Invoice currencies as Greenfield names them: `BTC`, `SATS` (BTCPay's sat-denominated BTC) and ISO
 * 4217 fiat codes. Whether Blink can price a given fiat code is Blink's answer at creation, not ours.
 */
import type { Brand } from '../ids';

export type CurrencyCode = Brand<string, 'CurrencyCode'>;
export type CurrencyKind = 'btc' | 'sats' | 'fiat';

export class InvalidCurrencyError extends Error {
  override readonly name = 'InvalidCurrencyError';
  readonly code = 'invalid-currency';
}

export const BTC = 'BTC' as CurrencyCode;
export const SATS = 'SATS' as CurrencyCode;
export const USD = 'USD' as CurrencyCode;

const FIAT_CODE = /^[A-Z]{3}$/;

/** BTCPay trims and upper-cases the currency before using it; so do we (`" usd "` → `USD`). */
export function parseCurrencyCode(text: string): CurrencyCode | InvalidCurrencyError {
  const code = text.trim().toUpperCase();
  if (code === SATS || FIAT_CODE.test(code)) return code as CurrencyCode;
  return new InvalidCurrencyError(`Unknown currency "${text.slice(0, 20)}"`);
}

export function currencyKind(code: CurrencyCode): CurrencyKind {
  return code === BTC ? 'btc' : code === SATS ? 'sats' : 'fiat';
}

/**
 * ISO 4217 minor units that are not 2 (the default for every other code). Used to format amounts
 * in the invoice currency and to round converted fiat values.
 */
const MINOR_UNITS: Readonly<Record<string, number>> = {
  BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0, RWF: 0, UGX: 0,
  UYI: 0, VND: 0, VUV: 0, XAF: 0, XOF: 0, XPF: 0,
  BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3,
  CLF: 4, UYW: 4,
};

/** Decimals of a currency: BTC 8 (one sat), SATS 0, fiat its ISO minor units (2 by default). */
export function currencyDecimals(code: CurrencyCode): number {
  if (code === BTC) return 8;
  if (code === SATS) return 0;
  return MINOR_UNITS[code] ?? 2;
}
