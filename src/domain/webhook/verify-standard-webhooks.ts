/**
 * The receiver's side of Standard Webhooks (standardwebhooks.com spec, "Verifying webhooks"): what a
 * shop does with `webhook-id`, `webhook-timestamp` and `webhook-signature`. `npm run demo` checks every
 * delivery with it (the `standardwebhooks` package is a test-only dependency); its unit test checks it
 * against that package. Pure: the current time is a parameter.
 */
import { timingSafeEqual } from 'node:crypto';
import { standardWebhooksKey, standardWebhooksSignature } from './signature';

/** The spec's replay window: a timestamp more than 5 minutes away from now is refused. */
export const STANDARD_WEBHOOKS_TOLERANCE_SECONDS = 5 * 60;

export interface StandardWebhooksHeaders {
  readonly id: string | undefined;
  readonly timestamp: string | undefined;
  /** Space-separated `v1,<base64>` entries; any one matching is enough (keys being rotated). */
  readonly signature: string | undefined;
}

export type StandardWebhooksCheck =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: 'not-a-whsec-secret' | 'missing-headers' | 'timestamp-out-of-range' | 'no-matching-signature' };

export function verifyStandardWebhooks(secret: string, headers: StandardWebhooksHeaders, body: string | Uint8Array, now: Date): StandardWebhooksCheck {
  const key = standardWebhooksKey(secret);
  if (key === null) return { ok: false, reason: 'not-a-whsec-secret' };
  const { id, timestamp, signature } = headers;
  if (id === undefined || timestamp === undefined || signature === undefined || !/^\d{1,12}$/.test(timestamp)) {
    return { ok: false, reason: 'missing-headers' };
  }
  const seconds = Number(timestamp);
  if (Math.abs(now.getTime() / 1000 - seconds) > STANDARD_WEBHOOKS_TOLERANCE_SECONDS) return { ok: false, reason: 'timestamp-out-of-range' };
  const expected = Buffer.from(standardWebhooksSignature(key, id, seconds, body));
  const matches = signature.split(' ').some((candidate) => {
    const given = Buffer.from(candidate);
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  return matches ? { ok: true } : { ok: false, reason: 'no-matching-signature' };
}
