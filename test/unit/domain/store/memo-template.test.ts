import fc from 'fast-check';
import { DEFAULT_MEMO_TEMPLATE, MAX_MEMO_BYTES, renderMemo, truncateUtf8, unknownPlaceholders } from '../../../../src/domain/store/memo-template';

describe('memo template', () => {
  it("renders BTCPay's default template", () => {
    expect(renderMemo(DEFAULT_MEMO_TEMPLATE, { storeName: 'Corner Shop', orderId: '1042' })).toBe('Paid to Corner Shop (Order ID: 1042)');
  });

  it('replaces placeholders case-insensitively and missing values by nothing, as BTCPay does', () => {
    expect(renderMemo('{storename}: {ITEMDESCRIPTION} #{OrderId}', { storeName: 'S', itemDescription: 'Tea' })).toBe('S: Tea #');
  });

  it('does not re-expand placeholders found inside values', () => {
    expect(renderMemo('{StoreName} {OrderId}', { storeName: '{OrderId}', orderId: 'x' })).toBe('{OrderId} x');
  });

  it('cuts to Blink’s 639-byte memo limit on a character boundary', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 800 }), (name) => {
      const memo = renderMemo('{StoreName}', { storeName: name.repeat(3) });
      expect(Buffer.byteLength(memo, 'utf8')).toBeLessThanOrEqual(MAX_MEMO_BYTES);
      expect(name.repeat(3).startsWith(memo)).toBe(true);
      expect(Buffer.from(memo, 'utf8').toString('utf8')).toBe(memo); // no surrogate pair cut in half
    }));
    expect(truncateUtf8('€€€', 7)).toBe('€€');
  });

  it('finds placeholders it does not know', () => {
    expect(unknownPlaceholders('{StoreName} {Order} {orderid} {Amount}')).toEqual(['{Order}', '{Amount}']);
  });
});
