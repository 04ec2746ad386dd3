import fc from 'fast-check';
import { Webhook } from 'standardwebhooks';
import { generateWebhookSecret, signatureHeaders } from '../../../../src/domain/webhook/signature';
import { verifyStandardWebhooks } from '../../../../src/domain/webhook/verify-standard-webhooks';

const secretArb = fc.uint8Array({ minLength: 32, maxLength: 32 }).map(generateWebhookSecret);
// JSON: the reference library's verify() parses the body it checked.
const bodyArb = fc.json({ maxDepth: 3 });
const idArb = fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 40 }).filter((id) => !id.includes(' '));
const now = new Date('2026-05-01T12:00:00Z');

describe('verifyStandardWebhooks (the receiver side, as npm run demo uses it)', () => {
  it('accepts what the reference library signs, and the reference library accepts what it accepts', () => {
    // The library checks the timestamp against the real clock: sign at the real time.
    const signedAt = new Date();
    fc.assert(fc.property(secretArb, idArb, bodyArb, (secret, id, body) => {
      const signature = new Webhook(secret).sign(id, signedAt, body);
      const headers = { id, timestamp: String(Math.floor(signedAt.getTime() / 1000)), signature };
      expect(verifyStandardWebhooks(secret, headers, body, signedAt)).toEqual({ ok: true });
      expect(() => new Webhook(secret).verify(body, { 'webhook-id': id, 'webhook-timestamp': headers.timestamp, 'webhook-signature': signature })).not.toThrow();
    }));
  });

  it('accepts the gateway\'s own headers, with any one of several signatures matching', () => {
    const secret = generateWebhookSecret(new Uint8Array(32).fill(7));
    const sent = signatureHeaders({ secret, body: '{"type":"InvoiceSettled"}', messageId: 'delivery-1', now });
    const headers = { id: sent['webhook-id'], timestamp: sent['webhook-timestamp'], signature: `v1,bm90IGl0 ${sent['webhook-signature']}` };
    expect(verifyStandardWebhooks(secret, headers, '{"type":"InvoiceSettled"}', now)).toEqual({ ok: true });
  });

  it.each([
    ['another body', { body: '{"type":"InvoiceSettled" }' }, 'no-matching-signature'],
    ['another id', { id: 'delivery-2' }, 'no-matching-signature'],
    ['another secret', { secret: generateWebhookSecret(new Uint8Array(32).fill(8)) }, 'no-matching-signature'],
    ['a timestamp 6 minutes old', { now: new Date(now.getTime() + 6 * 60_000) }, 'timestamp-out-of-range'],
    ['a timestamp 6 minutes ahead', { now: new Date(now.getTime() - 6 * 60_000) }, 'timestamp-out-of-range'],
    ['no signature header', { signature: undefined }, 'missing-headers'],
    ['a timestamp that is not a number', { timestamp: '12e3' }, 'missing-headers'],
    ['a secret without whsec_', { secret: 'plain-secret' }, 'not-a-whsec-secret'],
  ])('refuses %s', (_name, change, reason) => {
    const secret = generateWebhookSecret(new Uint8Array(32).fill(7));
    const body = '{"type":"InvoiceSettled"}';
    const sent = signatureHeaders({ secret, body, messageId: 'delivery-1', now });
    const input = { secret, body, now, id: sent['webhook-id'], timestamp: sent['webhook-timestamp'], signature: sent['webhook-signature'], ...change };
    expect(verifyStandardWebhooks(input.secret, input, input.body, input.now)).toEqual({ ok: false, reason });
  });
});
