/** How an API key is shown anywhere outside the Blink client: never whole. */
const KEY_PREFIX = 'blink_';
/** Below this many characters after the prefix, even the last 4 would give away too much. */
const MIN_BODY_FOR_TAIL = 16;

/**
 * `blink_…AbCd`: the `blink_` prefix (when present) and the last 4 characters of a long key, enough to
 * tell two keys apart on a dashboard. Short keys show no characters at all. The result never contains
 * the key itself. An empty key stays empty: there is nothing to hide.
 */
export function redactApiKey(key: string): string {
  if (key === '') return '';
  const prefix = key.startsWith(KEY_PREFIX) ? KEY_PREFIX : '';
  const body = key.slice(prefix.length);
  const tail = body.length >= MIN_BODY_FOR_TAIL ? body.slice(-4) : '';
  // Degenerate keys (`blink_`, `…`, `d`) could hide inside their own redaction: fall back until none does.
  return [`${prefix}…${tail}`, '…', '[redacted]'].find((candidate) => !candidate.includes(key)) ?? '…';
}
