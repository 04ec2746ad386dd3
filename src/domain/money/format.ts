/**
 * Amounts as Greenfield writes them: JSON strings holding plain decimals (`"12.50"`, `"0.00012"`),
 * never numbers (PHP clients type them `string`) and never exponent notation.
 */
import { formatDecimal, normalize, rescale, type Decimal, type Rounding } from './decimal';
import { currencyDecimals, type CurrencyCode } from './currency';
import { satsToBtc } from './convert';
import type { Sats } from './units';

/** The amount as the shop sent it: `12.50` stays `"12.50"` (BTCPay echoes the decimal's own scale). */
export const formatAmount = (amount: Decimal): string => formatDecimal(amount);

/** The amount with exactly the currency's decimals (`paidAmount`, `due`): 12.5 USD → `"12.50"`. */
export function formatInCurrency(amount: Decimal, currency: CurrencyCode, rounding: Rounding = 'floor'): string {
  return formatDecimal(rescale(amount, currencyDecimals(currency), rounding));
}

/** Sats as a BTC decimal without trailing zeros (a payment's `value`): 12000 → `"0.00012"`. */
export const formatSatsAsBtc = (sats: Sats): string => formatDecimal(normalize(satsToBtc(sats)));

/** Sats as BTC with all 8 decimals (a payment method's `amount`/`due`): 12000 → `"0.00012000"`. */
export const formatSatsAsBtcFixed = (sats: Sats): string => formatDecimal(satsToBtc(sats));
