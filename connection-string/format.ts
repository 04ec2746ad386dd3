/** Connection → string: the canonical form, and the redacted form that may be shown or stored in logs. */
import { isRepresentableValue } from './brands';
import { dotnetTrim, lowerInvariant } from './grammar';
import { redactApiKey } from './redact';
import type { BlinkConnection } from './types';

/**
 * `type=blink;server=…;api-key=…;wallet-id=…` (the form Blink's dashboard prints), then `currency` and
 * `allowinsecure=true` when set, so `parseConnectionString(formatConnectionString(c))` gives `c` back.
 * Keyless: `type=blink;server=…;wallet-id=…`. Lightning address: `type=blink;ln-address=…` (BTCPay
 * ignores `server` in that mode, so it is not written).
 * Unlike BTCPay's own `ToString()`, `currency` and `allowinsecure` are kept: dropping them changes the meaning.
 */
export const formatConnectionString = (connection: BlinkConnection): string =>
  formatWith(connection, (key) => key);

/** The canonical form with the key as `blink_…AbCd`; or, for raw text, every value that may be secret hidden. */
export function redactConnectionString(connection: BlinkConnection | string): string {
  return typeof connection === 'string' ? redactText(connection) : formatWith(connection, redactApiKey);
}

function formatWith(connection: BlinkConnection, showKey: (key: string) => string): string {
  const parts: Array<[string, string]> = [['type', 'blink']];
  if (connection.mode !== 'ln-address') parts.push(['server', connection.server]);
  if (connection.mode === 'api-key') parts.push(['api-key', showKey(connection.apiKey)]);
  if (connection.mode !== 'ln-address' && connection.walletId !== undefined) parts.push(['wallet-id', connection.walletId]);
  if (connection.mode === 'ln-address') parts.push(['ln-address', connection.lnAddress]);
  if (connection.currency !== undefined) parts.push(['currency', connection.currency]);
  if (connection.mode !== 'ln-address' && connection.allowInsecure) parts.push(['allowinsecure', 'true']);
  for (const [key, value] of parts) {
    // Empty values parse back the same only in api-key mode's `api-key=` and `wallet-id=` (BTCPay accepts both).
    const mayBeEmpty = connection.mode === 'api-key' && (key === 'api-key' || key === 'wallet-id');
    if (!isRepresentableValue(value) || (value === '' && !mayBeEmpty)) {
      throw new Error(`formatConnectionString: the ${key} value cannot be written in a connection string`);
    }
  }
  return parts.map(([key, value]) => `${key}=${value}`).join(';');
}

/** Keys whose values are never secret; every other value in a raw string is hidden. */
const PUBLIC_KEYS = new Set(['type', 'server', 'wallet-id', 'currency', 'allowinsecure', 'ln-address', 'username']);

/** Works on any text, parsable or not (e.g. to echo a rejected string): only public values survive. */
function redactText(text: string): string {
  return text.split(';').map((part) => {
    const separator = part.indexOf('=');
    if (separator === -1) return dotnetTrim(part) === '' ? part : '…';
    const rawKey = part.slice(0, separator);
    const key = lowerInvariant(dotnetTrim(rawKey));
    const value = dotnetTrim(part.slice(separator + 1));
    if (PUBLIC_KEYS.has(key) && !/blink_/i.test(value)) return part;
    const shownKey = /blink_/i.test(rawKey) ? '…' : rawKey;
    const shownValue = key === 'api-key' ? redactApiKey(value) : value === '' ? '' : '…';
    return `${shownKey}=${shownValue}`;
  }).join(';');
}
