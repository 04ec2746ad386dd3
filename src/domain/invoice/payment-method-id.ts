/**
 * Greenfield payment method ids as shops send them. BTCPay parses `BTC-LN` and `BTC_LN` alike
 * (PaymentMethodId.cs accepts both separators), and WooCommerce sends the underscore form because
 * it builds PHP class names from the ids. Every place an id comes in goes through here, so the
 * spellings are accepted the same way on store, invoice and invoice payment-method routes.
 */
import { LIGHTNING_PAYMENT_METHOD } from './events';

/** Letters and digits in parts joined by `-` or `_` (what BTCPay and the PHP clients produce). */
export const PAYMENT_METHOD_ID_PATTERN = /^[A-Za-z0-9]+(?:[-_][A-Za-z0-9]+)*$/;

/** BTCPay 2.x / 1.x names of Lightning with a BOLT11 (`BTC-LightningNetwork` is 1.x, `LightningLike` older). */
const BOLT11_NAMES: ReadonlySet<string> = new Set(['BTC-LN', 'BTC-LIGHTNINGNETWORK', 'BTC-LIGHTNINGLIKE']);

/**
 * BTCPay's LNURL-pay method (2.x `BTC-LNURL`, 1.x `BTC-LNURLPAY`). An LNURL wallet ends up paying a
 * BOLT11 from the same Lightning wallet, so on this gateway it names the one Lightning method.
 */
const LNURL_NAMES: ReadonlySet<string> = new Set(['BTC-LNURL', 'BTC-LNURLPAY']);

const dashedUpper = (id: string): string => id.replace(/_/g, '-').toUpperCase();

/** True for any spelling of Lightning, LNURL included. */
export function isLightningPaymentMethodId(id: string): boolean {
  const normalized = dashedUpper(id);
  return BOLT11_NAMES.has(normalized) || LNURL_NAMES.has(normalized);
}

/** True for the LNURL spellings only (a route may refuse to change the connection through that alias). */
export function isLnurlPaymentMethodId(id: string): boolean {
  return LNURL_NAMES.has(dashedUpper(id));
}

/** Lightning's spellings become `BTC-LN`; any other id keeps its text with `_` turned into `-`. */
export function canonicalPaymentMethodId(id: string): string {
  return isLightningPaymentMethodId(id) ? LIGHTNING_PAYMENT_METHOD : id.replace(/_/g, '-');
}

/** Canonical ids, each once, in the order first named (`["BTC_LN","BTC-LNURL"]` → `["BTC-LN"]`). */
export function canonicalPaymentMethodIds(ids: readonly string[]): string[] {
  return [...new Set(ids.map(canonicalPaymentMethodId))];
}
