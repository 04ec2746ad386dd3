/** Warnings: things BTCPay silently accepts but a merchant should know. They name keys, never values. */
import { printableKey } from './grammar';

/** Every key the Blink plugin reads; other keys are ignored (by BTCPay too) and reported. */
export const KNOWN_KEYS = new Set(['type', 'server', 'api-key', 'wallet-id', 'currency', 'allowinsecure', 'ln-address', 'username']);

/** Likely misspellings → the key that was probably meant. */
const SUGGESTIONS: Readonly<Record<string, string>> = {
  apikey: 'api-key', api_key: 'api-key', 'x-api-key': 'api-key', key: 'api-key', token: 'api-key', 'api-token': 'api-key',
  walletid: 'wallet-id', wallet_id: 'wallet-id', wallet: 'wallet-id',
  lnaddress: 'ln-address', ln_address: 'ln-address', 'lightning-address': 'ln-address', address: 'ln-address',
  'allow-insecure': 'allowinsecure', allow_insecure: 'allowinsecure', insecure: 'allowinsecure',
  url: 'server', endpoint: 'server', host: 'server', api: 'server',
};

export const suggestionFor = (key: string): string | undefined => SUGGESTIONS[key];

export function unknownKeyWarnings(keys: Iterable<string>): string[] {
  const warnings: string[] = [];
  for (const key of keys) {
    if (KNOWN_KEYS.has(key)) continue;
    if (key === '') {
      warnings.push("A part with an empty key ('=…') is ignored");
      continue;
    }
    const suggestion = suggestionFor(key);
    warnings.push(`Unknown key '${printableKey(key)}' is ignored${suggestion === undefined ? '' : ` (did you mean '${suggestion}'?)`}`);
  }
  return warnings;
}

export const ignoredKeyWarning = (key: string, reason: string): string => `The key '${key}' is ignored: ${reason}`;

export const KEYLESS_WARNING =
  "Keyless mode (a blink-gateway extension; BTCPay would say \"The key 'api-key' is not found\"): there is no " +
  'API key, so invoices are created through Blink\'s no-auth *OnBehalfOfRecipient mutations for this wallet-id. ' +
  'No secret is stored, but the gateway cannot prove the wallet is yours or read its balance or history.';

export const EMPTY_API_KEY_WARNING =
  "The key 'api-key' is empty: the string parses (as in BTCPay) but Blink will refuse every call " +
  "(BTCPay reports 'Invalid server or api key' when saving it).";

export const EMPTY_WALLET_ID_WARNING =
  "The key 'wallet-id' is empty: the string parses (as in BTCPay) but Blink knows no such wallet " +
  "(BTCPay reports 'Invalid wallet id' when saving it). Remove it to use the account's default wallet.";

export const plainHttpWarning = (hasKey: boolean): string =>
  `The server uses plain http: ${hasKey ? 'the API key and ' : ''}all traffic travel unencrypted. Use it only for a local test server.`;
