/**
 * What to ask Blink for, given the invoice's amount and currency and the wallet's currency. At most
 * one `currencyConversionEstimation` (only when the invoice currency is not the wallet's unit):
 *
 * | invoice currency | BTC wallet                          | USD wallet                              |
 * |------------------|-------------------------------------|-----------------------------------------|
 * | BTC, SATS        | sats, no quote                      | quote (USD), cents                      |
 * | USD              | quote, sats                         | cents, no quote (rate from the BOLT11)  |
 * | other fiat       | quote, sats                         | quote, cents                            |
 * | none (top-up)    | no amount; fiat currencies get a quote so paid amounts can be priced   |
 *
 * Sats are rounded up (fiatToSats), cents too: the merchant is never underpaid.
 */
import {
  btcPriceFromQuote, currencyKind, decimal, formatDecimal, isZero, multiply, satsToBtc,
  amountToSats, usdToCents, ConversionError, USD, type CurrencyCode, type Decimal, type Sats, type UsdCents,
} from '../../domain/money';
import type { BlinkConnection, BlinkWalletCurrency } from '../../../connection-string/types';
import { BlinkError, type BlinkInvoiceAmount, type BlinkPort } from '../blink-port';
import { ValidationError, validationError } from '../errors';

export interface PricePlan {
  readonly blinkAmount: BlinkInvoiceAmount;
  /** Price of 1 BTC in the invoice currency; `from-bolt11` when only the created BOLT11 tells it. */
  readonly rate: Decimal | 'from-bolt11' | null;
  readonly dueCents: UsdCents | null;
}

export interface PriceRequest {
  readonly amount: Decimal | null;
  readonly currency: CurrencyCode;
  readonly walletCurrency: BlinkWalletCurrency;
}

/** A top-up (or BTC-on-USD-wallet) quote is asked for this many units, so the derived price is precise. */
const REFERENCE_QUOTE = decimal(1000n);
const ONE_BTC_IN_SATS = decimal(100_000_000n);

type Converter = Pick<BlinkPort, 'convert'>;

export async function priceInvoice(
  blink: Converter,
  connection: BlinkConnection,
  request: PriceRequest,
): Promise<PricePlan | ValidationError | BlinkError> {
  const kind = currencyKind(request.currency);
  const fixedRate = kind === 'btc' ? decimal(1n) : kind === 'sats' ? ONE_BTC_IN_SATS : null;
  if (request.amount === null) {
    const rate = fixedRate ?? await quotePrice(blink, connection, REFERENCE_QUOTE, request.currency);
    return rate instanceof Error ? rate : { blinkAmount: null, rate, dueCents: null };
  }
  const amount = request.amount;
  if (isZero(amount)) {
    return validationError('amount', 'A Lightning invoice needs an amount above 0 (leave amount out for a top-up invoice)');
  }
  if (request.walletCurrency === 'BTC') {
    const rate = fixedRate ?? await quotePrice(blink, connection, amount, request.currency);
    if (rate instanceof Error) return rate;
    const sats = amountToSats(amount, request.currency, rate);
    return sats instanceof ConversionError ? amountProblem(sats) : { blinkAmount: { currency: 'BTC', sats }, rate, dueCents: null };
  }
  if (request.currency === USD) {
    const cents = usdToCents(amount);
    return cents instanceof ConversionError ? amountProblem(cents) : { blinkAmount: { currency: 'USD', cents }, rate: 'from-bolt11', dueCents: cents };
  }
  if (fixedRate !== null) return priceBtcOnUsdWallet(blink, connection, amount, request.currency, fixedRate);
  const quote = await blink.convert(connection, Number(formatDecimal(amount)), request.currency);
  if (quote instanceof BlinkError) return conversionFailure(quote, request.currency);
  const rate = btcPriceFromQuote(amount, quote.sats);
  if (rate instanceof ConversionError) return amountProblem(rate);
  const cents = Math.max(1, quote.cents) as UsdCents;
  return { blinkAmount: { currency: 'USD', cents }, rate, dueCents: cents };
}

/** BTC or SATS priced into a USD (Stablesats) wallet: the USD value of the sats, at Blink's price, rounded up to the cent. */
async function priceBtcOnUsdWallet(
  blink: Converter, connection: BlinkConnection, amount: Decimal, currency: CurrencyCode, rate: Decimal,
): Promise<PricePlan | ValidationError | BlinkError> {
  const sats = amountToSats(amount, currency);
  if (sats instanceof ConversionError) return amountProblem(sats);
  const usdPrice = await quotePrice(blink, connection, REFERENCE_QUOTE, USD);
  if (usdPrice instanceof Error) return usdPrice;
  const cents = usdToCents(multiply(satsToBtc(sats), usdPrice));
  if (cents instanceof ConversionError) return amountProblem(cents);
  const atLeastOne = Math.max(1, cents) as UsdCents;
  return { blinkAmount: { currency: 'USD', cents: atLeastOne }, rate, dueCents: atLeastOne };
}

/** The price of 1 BTC in `currency`, from Blink's estimate of what `amount` costs in sats. */
async function quotePrice(blink: Converter, connection: BlinkConnection, amount: Decimal, currency: CurrencyCode): Promise<Decimal | ValidationError | BlinkError> {
  const quote = await blink.convert(connection, Number(formatDecimal(amount)), currency);
  if (quote instanceof BlinkError) return conversionFailure(quote, currency);
  const rate = btcPriceFromQuote(amount, quote.sats as Sats);
  return rate instanceof ConversionError ? amountProblem(rate) : rate;
}

function conversionFailure(error: BlinkError, currency: CurrencyCode): ValidationError | BlinkError {
  if (error.code !== 'blink-invalid-input') return error;
  return validationError('currency', `Blink cannot price ${currency} (${error.message}); use BTC, SATS, USD or a currency Blink displays`);
}

function amountProblem(error: ConversionError): ValidationError {
  return validationError('amount', error.code === 'invalid-rate' ? 'The amount is too small to be priced in sats' : error.message);
}
