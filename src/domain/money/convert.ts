/**
 * Conversions between invoice amounts and what Blink is asked for.
 *
 * Rounding rules (the merchant is never underpaid):
 * - Anything → sats rounds UP to the next whole sat: 0.000000015 BTC asks for 2 sats, 10.4 SATS for 11.
 * - USD → cents (USD invoice on a USD wallet) rounds UP to the next cent: 12.345 USD asks for 1235 ¢.
 * - A BTC price derived from a Blink quote rounds DOWN: a lower price can only mean more sats.
 * - Sats → fiat (what a payment was worth, e.g. a top-up's paid amount) rounds DOWN: we never claim
 *   the buyer paid more than they did.
 * A "BTC price" is the price of 1 BTC in the invoice currency, Greenfield's `rate` field.
 */
import { compare, decimal, divide, isNegative, multiply, normalize, rescale, toInteger, type Decimal } from './decimal';
import { currencyDecimals, currencyKind, type CurrencyCode } from './currency';
import { MAX_BLINK_CENTS, MAX_BLINK_SATS, SATS_PER_BTC, type Sats, type UsdCents } from './units';

export class ConversionError extends Error {
  override readonly name = 'ConversionError';
  constructor(
    readonly code: 'amount-too-large' | 'invalid-rate' | 'negative-amount' | 'rate-required',
    message: string,
  ) {
    super(message);
  }
}

/** The least decimals a derived BTC price keeps (one sat's worth of BTC). */
export const PRICE_SCALE = 8;

const SATS_IN_BTC = decimal(SATS_PER_BTC);

function checkedSats(value: bigint): Sats | ConversionError {
  if (value > BigInt(MAX_BLINK_SATS)) {
    return new ConversionError('amount-too-large', `The amount is more than Blink accepts (${MAX_BLINK_SATS} sats)`);
  }
  return Number(value) as Sats;
}

function checkNonNegative(amount: Decimal): ConversionError | undefined {
  return isNegative(amount) ? new ConversionError('negative-amount', 'The amount should be 0 or more.') : undefined;
}

/** A BTC amount in sats, rounded up. */
export function btcToSats(amount: Decimal): Sats | ConversionError {
  return checkNonNegative(amount) ?? checkedSats(toInteger(multiply(amount, SATS_IN_BTC), 'ceil'));
}

/** A SATS-currency amount in whole sats, rounded up. */
export function satsAmountToSats(amount: Decimal): Sats | ConversionError {
  return checkNonNegative(amount) ?? checkedSats(toInteger(amount, 'ceil'));
}

/** A fiat amount in sats at `btcPrice` (fiat per BTC), rounded up. */
export function fiatToSats(amount: Decimal, btcPrice: Decimal): Sats | ConversionError {
  const negative = checkNonNegative(amount);
  if (negative) return negative;
  if (compare(btcPrice, decimal(0n)) <= 0) return new ConversionError('invalid-rate', 'The BTC price must be positive');
  return checkedSats(divide(multiply(amount, SATS_IN_BTC), btcPrice, 0, 'ceil').units);
}

/** A USD amount in cents, rounded up (a USD invoice on a USD wallet). */
export function usdToCents(amount: Decimal): UsdCents | ConversionError {
  const negative = checkNonNegative(amount);
  if (negative) return negative;
  const cents = rescale(amount, 2, 'ceil').units;
  if (cents > BigInt(MAX_BLINK_CENTS)) {
    return new ConversionError('amount-too-large', `The amount is more than Blink accepts (${MAX_BLINK_CENTS} cents)`);
  }
  return Number(cents) as UsdCents;
}

/** Any invoice amount in sats: BTC and SATS directly, fiat at `btcPrice` (required for fiat). */
export function amountToSats(amount: Decimal, currency: CurrencyCode, btcPrice?: Decimal): Sats | ConversionError {
  switch (currencyKind(currency)) {
    case 'btc':
      return btcToSats(amount);
    case 'sats':
      return satsAmountToSats(amount);
    case 'fiat':
      if (btcPrice === undefined) return new ConversionError('rate-required', `A BTC price in ${currency} is needed`);
      return fiatToSats(amount, btcPrice);
  }
}

/** Sats as an exact BTC amount (8 decimals). */
export const satsToBtc = (sats: Sats): Decimal => decimal(BigInt(sats), 8);

export const centsToUsd = (cents: UsdCents): Decimal => decimal(BigInt(cents), 2);

/**
 * The BTC price implied by a quote "`amount` costs `sats`" (Blink's `currencyConversionEstimation`,
 * or the sats of a `lnUsdInvoiceCreate`), rounded down, trailing zeros dropped. With d the digits of
 * `sats` it keeps 8 + amount.scale + 2d decimals: then the rounding error times sats stays below one
 * sat's worth, so `fiatToSats(amount, price)` gives back `sats` or one more, never fewer (with 8
 * decimals only, a cheap currency and a large quote drift by several sats).
 */
export function btcPriceFromQuote(amount: Decimal, sats: Sats): Decimal | ConversionError {
  if (sats <= 0) return new ConversionError('invalid-rate', 'A quote of 0 sats has no price');
  const scale = PRICE_SCALE + amount.scale + 2 * String(sats).length;
  return normalize(divide(multiply(amount, SATS_IN_BTC), decimal(BigInt(sats)), scale, 'floor'));
}

/** What `sats` are worth in `currency` at `btcPrice`, rounded down to the currency's decimals. */
export function satsToAmount(sats: Sats, currency: CurrencyCode, btcPrice?: Decimal): Decimal | ConversionError {
  switch (currencyKind(currency)) {
    case 'btc':
      return satsToBtc(sats);
    case 'sats':
      return decimal(BigInt(sats));
    case 'fiat':
      if (btcPrice === undefined) return new ConversionError('rate-required', `A BTC price in ${currency} is needed`);
      return rescale(multiply(satsToBtc(sats), btcPrice), currencyDecimals(currency), 'floor');
  }
}
