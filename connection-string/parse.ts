/**
 * Connection string → `BlinkConnection`, exactly as BTCPay's Blink plugin reads it at parse time
 * (`BlinkLightningConnectionStringHandler.Create`, reference/btcpay-greenfield.md §a): the same keys, the
 * same checks in the same order, the same messages. One extension: keyless mode (see `KEYLESS_WARNING`).
 */
import { z } from 'zod';
import { brandApiKey, brandWalletId } from './brands';
import { guardConnection } from './describe';
import { btcpayMessages, ConnectionStringError } from './errors';
import { extractValues, isBlank, lowerInvariant } from './grammar';
import { DEFAULT_SERVER, isSecureEndpoint, parseServerUrl, websocketUrlFor } from './server';
import type { BlinkConnection, BlinkWalletCurrency } from './types';
import {
  EMPTY_API_KEY_WARNING, EMPTY_WALLET_ID_WARNING, ignoredKeyWarning, KEYLESS_WARNING, plainHttpWarning, suggestionFor, unknownKeyWarnings,
} from './warnings';

export interface ParsedConnection {
  readonly connection: BlinkConnection;
  /** What BTCPay accepts silently but the merchant should know (unknown keys, ignored keys, keyless mode…). */
  readonly warnings: string[];
}

type Values = ReadonlyMap<string, string>;

const currencySchema = z.enum(['BTC', 'USD']);

export function parseConnectionString(text: string): ParsedConnection | ConnectionStringError {
  if (typeof text !== 'string') return new ConnectionStringError('malformed', btcpayMessages.malformed);
  const values = extractValues(text);
  if (values instanceof ConnectionStringError) return values;
  const type = values.get('type');
  if (type !== 'blink') return unsupportedType(type ?? '');
  const warnings = unknownKeyWarnings(values.keys());
  // BTCPay: the non-custodial form is chosen by an `ln-address`/`username` key and *no* `api-key` key.
  if (!values.has('api-key') && (values.has('ln-address') || values.has('username'))) {
    return parseLnAddressForm(values, warnings);
  }
  return parseServerForm(values, warnings);
}

function unsupportedType(type: string): ConnectionStringError {
  const hint = lowerInvariant(type) === 'blink'
    ? 'type is case-sensitive: write type=blink'
    : type === 'flash'
      ? 'this is a Flash connection string; blink-gateway connects to Blink only (type=blink)'
      : 'blink-gateway reads Blink connection strings only (type=blink)';
  return new ConnectionStringError('unsupported-type', btcpayMessages.unsupported, hint);
}

/** BTCPay's custodial path (`api-key`), and keyless mode where BTCPay would report the missing key. */
function parseServerForm(values: Values, warnings: string[]): ParsedConnection | ConnectionStringError {
  const server = values.get('server') ?? DEFAULT_SERVER; // an empty `server=` does not default, as in BTCPay
  const url = parseServerUrl(server);
  if (url === undefined) {
    return new ConnectionStringError('invalid-server', btcpayMessages.invalidServer,
      `omit server for Blink itself (${DEFAULT_SERVER}), or give an absolute URL such as https://api.blink.sv/graphql`);
  }
  const allowInsecure = parseAllowInsecure(values.get('allowinsecure'));
  if (allowInsecure instanceof ConnectionStringError) return allowInsecure;
  if (!isSecureEndpoint(url, allowInsecure)) {
    return new ConnectionStringError('insecure-server', btcpayMessages.insecureServer,
      'use an https:// server, or add allowinsecure=true for a local test server (such as the Blink sandbox)');
  }
  const apiKey = values.get('api-key');
  const walletIdText = values.get('wallet-id');
  const walletId = walletIdText === undefined ? undefined : brandWalletId(walletIdText);
  const credentials = apiKey !== undefined
    ? { mode: 'api-key' as const, apiKey: brandApiKey(apiKey), walletId }
    : walletId !== undefined && walletId !== '' ? { mode: 'keyless' as const, walletId } : undefined;
  if (credentials === undefined) return missingApiKey(values);
  const currency = parseCurrency(values.get('currency'));
  if (currency instanceof ConnectionStringError) return currency;

  if (url.protocol === 'http:' && !url.hostname.endsWith('.onion')) warnings.push(plainHttpWarning(apiKey !== undefined));
  if (apiKey === '') warnings.push(EMPTY_API_KEY_WARNING);
  if (walletIdText === '' && apiKey !== undefined) warnings.push(EMPTY_WALLET_ID_WARNING);
  for (const key of ['ln-address', 'username'].filter((k) => values.has(k))) {
    warnings.push(ignoredKeyWarning(key, 'an api-key is present, so the string is not a lightning-address connection'));
  }
  if (credentials.mode === 'keyless') warnings.push(KEYLESS_WARNING);
  const base = { server, websocketUrl: websocketUrlFor(server, allowInsecure), allowInsecure, currency };
  return { connection: guardConnection({ ...credentials, ...base }), warnings };
}

function parseAllowInsecure(text: string | undefined): boolean | ConnectionStringError {
  if (text === undefined) return false;
  // .NET `OrdinalIgnoreCase` compares upper-cased characters (so `ſ` matches `s`): compare the same way.
  const upper = [...text].map((char) => (char.toUpperCase().length === char.length ? char.toUpperCase() : char)).join('');
  if (upper === 'TRUE') return true;
  if (upper === 'FALSE') return false;
  return new ConnectionStringError('invalid-allowinsecure', btcpayMessages.invalidAllowInsecure,
    'write allowinsecure=true (plain http allowed) or allowinsecure=false, or leave it out');
}

function parseCurrency(text: string | undefined): BlinkWalletCurrency | undefined | ConnectionStringError {
  if (text === undefined) return undefined;
  const parsed = currencySchema.safeParse(text);
  if (parsed.success) return parsed.data;
  return new ConnectionStringError('invalid-currency', btcpayMessages.invalidCurrency,
    'currency is case-sensitive: BTC or USD, the currency of the wallet; or leave it out');
}

function missingApiKey(values: Values): ConnectionStringError {
  const misnamed = [...values.keys()].find((key) => suggestionFor(key) === 'api-key');
  const hint = misnamed !== undefined
    ? `the key must be named api-key (this string has '${misnamed}')`
    : 'add api-key=<your Blink API key> (dashboard.blink.sv, API keys), or add wallet-id=<wallet id> ' +
      'for keyless mode (a blink-gateway extension that needs no key)';
  return new ConnectionStringError('missing-api-key', btcpayMessages.missingApiKey, hint);
}

/** BTCPay's receive-only non-custodial form. `server`, `wallet-id` and `allowinsecure` are not read. */
function parseLnAddressForm(values: Values, warnings: string[]): ParsedConnection | ConnectionStringError {
  const given = values.get('ln-address') ?? values.get('username') ?? ''; // `ln-address` wins, even when empty
  if (isBlank(given)) {
    return new ConnectionStringError('missing-ln-address', btcpayMessages.missingLnAddress,
      'write ln-address=<username>@blink.sv, or just the username');
  }
  const lnAddress = given.includes('@') ? given : `${given}@blink.sv`;
  const parts = lnAddress.split('@');
  if (parts.length !== 2 || parts.some(isBlank)) {
    return new ConnectionStringError('invalid-ln-address', btcpayMessages.invalidLnAddress(lnAddress),
      'a lightning address has exactly one @ between a username and a domain, e.g. alice@blink.sv');
  }
  const currency = parseCurrency(values.get('currency'));
  if (currency instanceof ConnectionStringError) return currency;
  const ignored = ['server', 'wallet-id', 'allowinsecure'];
  if (values.has('ln-address') && values.has('username')) ignored.push('username');
  for (const key of ignored.filter((k) => values.has(k))) {
    warnings.push(ignoredKeyWarning(key, 'a lightning-address connection does not use it (BTCPay ignores it too)'));
  }
  const connection = guardConnection({
    mode: 'ln-address' as const,
    lnAddress,
    server: DEFAULT_SERVER,
    websocketUrl: websocketUrlFor(DEFAULT_SERVER, false),
    allowInsecure: false,
    currency,
  });
  return { connection, warnings };
}
