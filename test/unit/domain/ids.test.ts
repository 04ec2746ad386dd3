import fc from 'fast-check';
import {
  encodeBase58, InvalidIdError, newDeliveryId, newInvoiceId, newStoreId, parseDeliveryId, parseInvoiceId,
  parsePaymentHash, parseStoreId, parseWebhookId,
} from '../../../src/domain/ids';

describe('ids', () => {
  it.each([
    [parseInvoiceId, 'L7s5BNMY7Z9bRxrLPt5kLs'],
    [parseStoreId, 'Be2qKVnZLXKbaQV5oYaqJ9Zw5fF8UxGSnBcrMc1dLvfz'],
    [parseWebhookId, 'abc_DEF-123'],
    [parseDeliveryId, 'x'],
  ])('accepts opaque ids (%#)', (parse, text) => {
    expect(parse(text)).toBe(text);
  });

  it.each(['', 'a b', 'a/b', 'é', 'x'.repeat(65), '../etc', 'id\n'])('rejects %j', (text) => {
    expect(parseInvoiceId(text)).toBeInstanceOf(InvalidIdError);
    expect(parseStoreId(text)).toMatchObject({ code: 'invalid-id', kind: 'store' });
  });

  it('lower-cases payment hashes and insists on 32 bytes of hex', () => {
    const hash = 'AB'.repeat(32);
    expect(parsePaymentHash(hash)).toBe('ab'.repeat(32));
    expect(parsePaymentHash('ab'.repeat(31))).toBeInstanceOf(InvalidIdError);
    expect(parsePaymentHash('zz'.repeat(32))).toMatchObject({ kind: 'payment-hash' });
  });

  it('encodes Base58 as Bitcoin does', () => {
    expect(encodeBase58(new Uint8Array([]))).toBe('');
    expect(encodeBase58(new Uint8Array([0, 0, 1]))).toBe('112');
    expect(encodeBase58(Buffer.from('Hello World!'))).toBe('2NEpo7TZRRrLZSi2U');
  });

  it('makes BTCPay-shaped ids from the random bytes it is given', () => {
    fc.assert(fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), (bytes) => {
      const id = newInvoiceId(bytes);
      return parseInvoiceId(id) === id && /^[1-9A-HJ-NP-Za-km-z]{1,22}$/.test(id);
    }));
    expect(newStoreId(new Uint8Array(32).fill(255))).toHaveLength(44);
    expect(() => newDeliveryId(new Uint8Array(15))).toThrow(RangeError);
  });

  it('distinct bytes give distinct ids', () => {
    fc.assert(fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), fc.uint8Array({ minLength: 16, maxLength: 16 }), (a, b) =>
      Buffer.from(a).equals(Buffer.from(b)) === (newInvoiceId(a) === newInvoiceId(b))));
  });
});
