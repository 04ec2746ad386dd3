import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { Webhook } from 'standardwebhooks';
import {
  btcpaySignature, generateWebhookSecret, signatureHeaders, standardWebhooksKey, standardWebhooksSignature,
  verifyBtcpaySignature,
} from '../../../../src/domain/webhook/signature';

const secretArb = fc.uint8Array({ minLength: 32, maxLength: 32 }).map(generateWebhookSecret);
const bodyArb = fc.string({ unit: 'binary', maxLength: 2000 });

describe('BTCPay-Sig', () => {
  it('matches greenfield-php\'s test vector', () => {
    expect(btcpaySignature('abc', '{"a":1,"b":2,"c":3}')).toBe('sha256=bc8122472fb9bb9c15d90d7a61b156f54a69d835592c85d0f37f6454d530dec8');
    expect(btcpaySignature('', '{"a":1,"b":2,"c":3}')).toBe('sha256=f2931c43dfd83e98fd6803249fac7b92d54f8f537063aef4e35fdf795595627a');
  });

  it('matches GitHub\'s published HMAC-SHA256 vector (same construction)', () => {
    expect(btcpaySignature("It's a Secret to Everybody", 'Hello, World!')).toBe(
      'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17');
  });

  it('agrees with an independent HMAC over the UTF-8 bytes, string or bytes alike', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), bodyArb, (secret, body) => {
      const independent = createHmac('sha256', Buffer.from(secret, 'utf8')).update(Buffer.from(body, 'utf8')).digest('hex');
      const header = btcpaySignature(secret, body);
      return header === `sha256=${independent}` && btcpaySignature(secret, Buffer.from(body, 'utf8')) === header;
    }));
  });

  it('verifies the whole header and nothing else', () => {
    const body = '{"type":"InvoiceSettled"}';
    const header = btcpaySignature('s3cret', body);
    expect(verifyBtcpaySignature('s3cret', body, header)).toBe(true);
    expect(verifyBtcpaySignature('s3cret', body, header.toUpperCase())).toBe(false);
    expect(verifyBtcpaySignature('s3cret', `${body} `, header)).toBe(false);
    expect(verifyBtcpaySignature('other', body, header)).toBe(false);
    expect(verifyBtcpaySignature('s3cret', body, header.slice(7))).toBe(false);
  });
});

describe('Standard Webhooks', () => {
  it('matches the reference suite\'s vector', () => {
    const key = standardWebhooksKey('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw');
    if (!key) throw new Error('no key');
    expect(standardWebhooksSignature(key, 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, '{"test": 2432232314}'))
      .toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });

  it('is verified by the standardwebhooks package for any secret and body', () => {
    fc.assert(fc.property(secretArb, bodyArb, fc.uint8Array({ minLength: 16, maxLength: 16 }), (secret, body, id) => {
      const messageId = Buffer.from(id).toString('hex');
      const headers = signatureHeaders({ secret, body, messageId, now: new Date() });
      expect(() => new Webhook(secret).verify(body, headers, { jsonParse: false })).not.toThrow();
      expect(headers['webhook-id']).toBe(messageId);
      expect(() => new Webhook(secret).verify(`${body}x`, headers, { jsonParse: false })).toThrow();
    }), { numRuns: 50 });
  });

  it('is refused by the package when the timestamp is too old', () => {
    const secret = generateWebhookSecret(new Uint8Array(32).fill(7));
    const headers = signatureHeaders({ secret, body: '{}', messageId: 'abc', now: new Date(Date.now() - 10 * 60_000) });
    expect(() => new Webhook(secret).verify('{}', headers)).toThrow(/timestamp/i);
  });

  it('is only sent for whsec_ secrets; BTCPay-Sig always', () => {
    const plain = signatureHeaders({ secret: 'legacy-secret', body: '{}', messageId: 'd1', now: new Date(1_700_000_000_000) });
    expect(plain).toEqual({ 'BTCPay-Sig': btcpaySignature('legacy-secret', '{}'), 'webhook-id': 'd1', 'webhook-timestamp': '1700000000' });
    expect(standardWebhooksKey('whsec_')).toBeNull();
    expect(standardWebhooksKey('whsec_not base64!')).toBeNull();
    expect(standardWebhooksKey('whsec_abc')).toBeNull(); // not padded base64
    expect(standardWebhooksKey('whsec_AAAA')).toEqual(Buffer.from([0, 0, 0]));
  });

  it('keys BTCPay-Sig with the whole whsec_ secret, as a BTCPay client would', () => {
    const secret = generateWebhookSecret(new Uint8Array(32).fill(1));
    const headers = signatureHeaders({ secret, body: 'b', messageId: 'm', now: new Date() });
    expect(verifyBtcpaySignature(secret, 'b', headers['BTCPay-Sig'] ?? '')).toBe(true);
  });
});

describe('generateWebhookSecret', () => {
  it('is whsec_ and the base64 of the 32 bytes given', () => {
    const secret = generateWebhookSecret(new Uint8Array(32).fill(255));
    expect(secret).toBe(`whsec_${Buffer.alloc(32, 255).toString('base64')}`);
    expect(standardWebhooksKey(secret)).toEqual(Buffer.alloc(32, 255));
    expect(() => generateWebhookSecret(new Uint8Array(16))).toThrow(RangeError);
  });
});
