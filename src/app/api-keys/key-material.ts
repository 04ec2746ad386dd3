import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ApiKeyHash } from '../ports';

/**
 * Gateway API keys: `bgk_` + 32 random bytes in base64url. Only [A-Za-z0-9_-], because the
 * WooCommerce plugin passes keys through `sanitize_html_class`; the prefix lets the log redaction
 * and secret scanners recognise them.
 */
export const API_KEY_PREFIX = 'bgk_';
const KEY_BYTES = 32;

export function generateApiKey(): string {
  return `${API_KEY_PREFIX}${randomBytes(KEY_BYTES).toString('base64url')}`;
}

export function hashApiKey(key: string): ApiKeyHash {
  return createHash('sha256').update(key, 'utf8').digest('hex') as ApiKeyHash;
}

/** Constant-time equality of two hashes (both SHA-256 hex, so equal lengths). */
export function sameHash(a: ApiKeyHash, b: ApiKeyHash): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
}
