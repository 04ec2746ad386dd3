import { createHash } from 'node:crypto';

/**
 * Blink's `externalId` for an invoice of ours. Blink accepts `^[a-z0-9_-]{1,100}$` (lower case only)
 * and refuses a second invoice with the same value in the account, which is what makes a retried
 * creation safe. The mapping is injective, so two of our ids never share an external id:
 * `[a-z0-9-]` stay, `_` becomes `__`, an upper-case letter `X` becomes `_x`, any other character
 * becomes `_-<hex code point>-`. An encoding longer than 100 characters is replaced by `h-` + its
 * SHA-256 (hex), which cannot collide with an encoding (those never start `h-` and are longer).
 */
export const EXTERNAL_ID_PATTERN = /^[a-z0-9_-]{1,100}$/;
const MAX_LENGTH = 100;

export function deriveExternalId(invoiceId: string): string {
  if (invoiceId.length === 0) throw new Error('deriveExternalId: empty invoice id');
  let encoded = '';
  for (const char of invoiceId) encoded += encodeChar(char);
  if (encoded.length <= MAX_LENGTH && !encoded.startsWith('h-')) return encoded;
  return `h-${createHash('sha256').update(invoiceId).digest('hex')}`;
}

function encodeChar(char: string): string {
  if (/^[a-z0-9-]$/.test(char)) return char;
  if (char === '_') return '__';
  if (/^[A-Z]$/.test(char)) return `_${char.toLowerCase()}`;
  return `_-${(char.codePointAt(0) ?? 0).toString(16)}-`;
}

/**
 * A fresh external id for one more try after Blink reported ours as taken and the existing invoice
 * could not be recovered. `attempt` ≥ 1. `_` followed by a digit is no escape of `deriveExternalId`,
 * so the result never equals the external id of another invoice of ours.
 */
export function retryExternalId(externalId: string, attempt: number): string {
  const suffix = `_${attempt}`;
  return `${externalId.slice(0, MAX_LENGTH - suffix.length)}${suffix}`;
}
