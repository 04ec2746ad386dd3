/**
 * A sealer that remembers what it opened, for a process that opens the same few sealed values over
 * and over (the webhook worker signs every delivery with its webhook's secret). Keyed by context and
 * sealed text: every seal draws a fresh nonce, so a changed secret is a new key and never served
 * stale, and a sealed text copied to another context is still checked by the real `open`. Failures
 * are not remembered. The plaintexts stay in process memory, at most `maxEntries` of them.
 */
import { createLruMap } from '../../app/lru-map';
import type { SecretSealer } from '../../app/ports';

export function memoizeOpen(sealer: SecretSealer, maxEntries = 1_000): SecretSealer {
  const opened = createLruMap<string, string>(maxEntries);
  return {
    seal: (plaintext, context) => sealer.seal(plaintext, context),
    open(sealed, context) {
      const key = `${context}\n${sealed}`;
      const known = opened.get(key);
      if (known !== undefined) return known;
      const plaintext = sealer.open(sealed, context);
      if (typeof plaintext === 'string') opened.set(key, plaintext);
      return plaintext;
    },
  };
}
