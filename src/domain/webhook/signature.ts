/**
 * Both signatures a delivery carries (peers-and-webhooks.md §2, issue 7):
 * - `BTCPay-Sig: sha256=<hex>`: HMAC-SHA256 of the exact body, keyed with the secret's UTF-8 bytes,
 *   lower-case hex. What BTCPay's plugins (WooCommerce via greenfield-php, Magento) verify.
 * - Standard Webhooks: `webhook-id`, `webhook-timestamp`, `webhook-signature: v1,<base64>` where the
 *   MAC is over "id.timestamp.body", keyed with the base64-decoded part after `whsec_`. Sent only
 *   when the secret has that form, since no other key can be derived.
 * node:crypto is computation, not I/O: these stay pure.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const WHSEC_PREFIX = 'whsec_';
export const BTCPAY_SIG_HEADER = 'BTCPay-Sig';
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

type Body = string | Uint8Array;
const bytesOf = (body: Body): Buffer => (typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.from(body));

/** A new secret: `whsec_` + base64 of 32 random bytes (the caller supplies the randomness). */
export function generateWebhookSecret(random32: Uint8Array): string {
  if (random32.length !== 32) throw new RangeError(`expected 32 random bytes, got ${random32.length}`);
  return `${WHSEC_PREFIX}${Buffer.from(random32).toString('base64')}`;
}

export function btcpaySignature(secret: string, body: Body): string {
  return `sha256=${createHmac('sha256', Buffer.from(secret, 'utf8')).update(bytesOf(body)).digest('hex')}`;
}

/** The receiver's check, as greenfield-php does it: the whole header, compared in constant time. */
export function verifyBtcpaySignature(secret: string, body: Body, header: string): boolean {
  const expected = Buffer.from(btcpaySignature(secret, body));
  const given = Buffer.from(header);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** The Standard Webhooks key of a `whsec_<base64>` secret, or null for any other secret. */
export function standardWebhooksKey(secret: string): Buffer | null {
  if (!secret.startsWith(WHSEC_PREFIX)) return null;
  const encoded = secret.slice(WHSEC_PREFIX.length);
  if (encoded.length === 0 || !BASE64.test(encoded)) return null;
  return Buffer.from(encoded, 'base64');
}

/** `v1,<base64 HMAC-SHA256(key, "msgId.timestamp.body")>` */
export function standardWebhooksSignature(key: Uint8Array, messageId: string, timestampSeconds: number, body: Body): string {
  const mac = createHmac('sha256', key)
    .update(`${messageId}.${timestampSeconds}.`, 'utf8')
    .update(bytesOf(body))
    .digest('base64');
  return `v1,${mac}`;
}

export interface SignatureInput {
  readonly secret: string;
  /** The exact bytes sent. */
  readonly body: Body;
  /** Standard Webhooks' `webhook-id`: the original delivery id, stable across retries and redeliveries. */
  readonly messageId: string;
  /** The attempt's time: Standard Webhooks receivers reject timestamps more than 5 minutes off. */
  readonly now: Date;
}

/** Every signature header for one attempt. */
export function signatureHeaders(input: SignatureInput): Record<string, string> {
  const timestamp = Math.floor(input.now.getTime() / 1000);
  const headers: Record<string, string> = {
    [BTCPAY_SIG_HEADER]: btcpaySignature(input.secret, input.body),
    'webhook-id': input.messageId,
    'webhook-timestamp': String(timestamp),
  };
  const key = standardWebhooksKey(input.secret);
  if (key) headers['webhook-signature'] = standardWebhooksSignature(key, input.messageId, timestamp, input.body);
  return headers;
}
