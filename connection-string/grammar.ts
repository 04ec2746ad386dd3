/**
 * BTCPay's generic connection-string grammar (`LightningConnectionStringHelper.ExtractValues`, see
 * reference/btcpay-greenfield.md §c), reproduced character for character: BTCPay runs in .NET, so
 * "whitespace" and "lower case" below mean what they mean there, not what JavaScript's `trim()` and
 * `toLowerCase()` mean.
 */
import { btcpayMessages, ConnectionStringError } from './errors';
import { redactApiKey } from './redact';

/** `Char.IsWhiteSpace` in .NET: Unicode Zs, Zl, Zp, U+0009–U+000D, U+0085. (JS also trims U+FEFF; .NET does not.) */
const DOTNET_WHITESPACE = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/;
const LEADING = new RegExp(`^${DOTNET_WHITESPACE.source}+`);
const TRAILING = new RegExp(`${DOTNET_WHITESPACE.source}+$`);

/** .NET `String.Trim()`. */
export const dotnetTrim = (text: string): string => text.replace(LEADING, '').replace(TRAILING, '');

/** .NET `String.IsNullOrWhiteSpace` for a string. */
export const isBlank = (text: string): boolean => dotnetTrim(text) === '';

/**
 * .NET `ToLowerInvariant()` does simple (one-to-one) case mapping; JavaScript's `toLowerCase()` does full
 * mapping, which can change a string's length (`İ` → `i̇`). Keep such characters as they are.
 */
export function lowerInvariant(text: string): string {
  let out = '';
  for (const char of text) {
    const lower = char.toLowerCase();
    out += lower.length === char.length ? lower : char;
  }
  return out;
}

/**
 * BTCPay first tries a legacy form: a bare `unix:`/`tcp:` URI or path (c-lightning) or an http(s) URI
 * with `user:password@` (Lightning Charge). Such strings are never Blink strings, but they must not be
 * reported as malformed either: BTCPay hands them to other handlers, so for us they are unsupported.
 */
function isLegacyForm(text: string): boolean {
  const candidate = dotnetTrim(text.startsWith('/') ? `unix:${text}` : text);
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return false;
  }
  switch (url.protocol) {
    case 'unix:':
    case 'tcp:':
      return url.username === '' && url.password === '';
    case 'http:':
    case 'https:': {
      const userInfo = /^https?:\/\/([^/?#@]*)@/i.exec(candidate)?.[1];
      return userInfo !== undefined && userInfo !== '' && userInfo.split(':').length === 2;
    }
    default:
      return false;
  }
}

/** A key name fit to print: a part whose key looks like a pasted Blink key gets the key's redaction. */
export const printableKey = (key: string): string => (/blink_/i.test(key) ? redactApiKey(key) : key);

/** The `key → value` pairs of a `;`-separated string, or BTCPay's grammar error. `type` is checked here too. */
export function extractValues(text: string): ReadonlyMap<string, string> | ConnectionStringError {
  if (isLegacyForm(text)) {
    return new ConnectionStringError('unsupported-type', btcpayMessages.unsupported,
      'this looks like a URL-only (c-lightning or Lightning Charge) connection; a Blink connection string starts with type=blink;');
  }
  const values = new Map<string, string>();
  // Split on `;` dropping empty parts *before* trimming: `;;` is skipped but `; ;` is an error, as in BTCPay.
  for (const rawPart of text.split(';').filter((part) => part !== '')) {
    const part = dotnetTrim(rawPart);
    const separator = part.indexOf('=');
    if (separator === -1) {
      return new ConnectionStringError('malformed', btcpayMessages.malformed, part === ''
        ? 'remove the blank part (a space or line break after a ";")'
        : 'every part between ";" must be key=value');
    }
    const key = lowerInvariant(dotnetTrim(part.slice(0, separator)));
    if (values.has(key)) {
      return new ConnectionStringError('duplicate-key', btcpayMessages.duplicateKey(printableKey(key)),
        'each key may appear once (keys are case-insensitive)');
    }
    values.set(key, dotnetTrim(part.slice(separator + 1)));
  }
  if (!values.has('type')) {
    return new ConnectionStringError('missing-type', btcpayMessages.missingType,
      'a Blink connection string starts with type=blink; copy it from dashboard.blink.sv (API keys, BTCPay tab)');
  }
  return values;
}
