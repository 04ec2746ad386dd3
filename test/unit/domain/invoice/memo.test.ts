import fc from 'fast-check';
import {
  BLINK_MEMO_MAX_BYTES, DEFAULT_MEMO_TEMPLATE, renderMemo, truncateUtf8, unknownPlaceholders, utf8Length,
} from '../../../../src/domain/invoice/memo';
import { externalIdForInvoice, BLINK_EXTERNAL_ID } from '../../../../src/domain/invoice/external-id';
import { newInvoiceId, type InvoiceId } from '../../../../src/domain/ids';

describe('renderMemo', () => {
  const values = { storeName: 'Café Ñ', orderId: '1042', itemDescription: 'Two coffees' };

  it.each([
    ['{StoreName} order {OrderId}', 'Café Ñ order 1042'],
    ['{ItemDescription} ({StoreName})', 'Two coffees (Café Ñ)'],
    ['Order {OrderId}{OrderId}', 'Order 10421042'],
    ['{Unknown} {orderid} {OrderId}', '{Unknown} 1042 1042'],
    ['', ''],
  ])('%j → %j', (template, memo) => {
    expect(renderMemo(template, values)).toBe(memo);
  });

  it("renders BTCPay's default template", () => {
    expect(renderMemo(DEFAULT_MEMO_TEMPLATE, { storeName: 'Corner Shop', orderId: '1042' })).toBe('Paid to Corner Shop (Order ID: 1042)');
  });

  it('replaces placeholders case-insensitively and missing values by nothing, as BTCPay does', () => {
    expect(renderMemo('{storename}: {ITEMDESCRIPTION} #{OrderId}', { storeName: 'S', itemDescription: 'Tea' })).toBe('S: Tea #');
  });

  it('leaves absent values empty and trims the result', () => {
    expect(renderMemo('{StoreName} {OrderId}', { storeName: 'Shop', orderId: null })).toBe('Shop');
  });

  it('does not expand placeholders inside values', () => {
    expect(renderMemo('{ItemDescription} {OrderId}', { itemDescription: '{OrderId}', orderId: '7' })).toBe('{OrderId} 7');
    expect(renderMemo('{StoreName} {OrderId}', { storeName: '{orderid}', orderId: 'x' })).toBe('{orderid} x');
  });

  it('finds placeholders it does not know', () => {
    expect(unknownPlaceholders('{StoreName} {Order} {orderid} {Amount}')).toEqual(['{Order}', '{Amount}']);
  });

  it('cuts to Blink\'s 639 bytes', () => {
    const memo = renderMemo('{ItemDescription}', { itemDescription: 'é'.repeat(400) });
    expect(Buffer.byteLength(memo)).toBe(638); // 319 two-byte characters; a 320th would make 640
    expect(memo).toBe('é'.repeat(319));
  });
});

describe('truncateUtf8', () => {
  it.each([
    ['abc', 2, 'ab'],
    ['aé', 2, 'a'],
    ['a😀', 4, 'a'],
    ['a😀', 5, 'a😀'],
    ['🇫🇷🇩🇪', 8, '🇫🇷'], // a flag is two code points: never split in half
    ['👍🏽x', 7, ''], // a thumb with its skin tone is one grapheme of 8 bytes
    ['€€€', 7, '€€'],
  ])('%j in %d bytes → %j', (text, bytes, expected) => {
    expect(truncateUtf8(text, bytes)).toBe(expected);
  });

  it('never exceeds the limit, never splits a character, and keeps a prefix', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 400 }), fc.integer({ min: 0, max: 700 }), (text, max) => {
      const cut = truncateUtf8(text, max);
      return Buffer.byteLength(cut) <= max && text.startsWith(cut) && Buffer.from(cut).toString() === cut
        && (utf8Length(text) > max || cut === text);
    }));
  });

  it('counts bytes as Buffer does', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => utf8Length(text) === Buffer.byteLength(text)));
    expect(utf8Length('\ud800')).toBe(3);
  });

  it('a long store name is cut on a character boundary to a prefix of the rendering', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 800 }), (name) => {
      const memo = renderMemo('{StoreName}', { storeName: name.repeat(3) });
      expect(Buffer.byteLength(memo, 'utf8')).toBeLessThanOrEqual(BLINK_MEMO_MAX_BYTES);
      expect(name.repeat(3).trim().startsWith(memo)).toBe(true);
      expect(Buffer.from(memo, 'utf8').toString('utf8')).toBe(memo); // no surrogate pair cut in half
    }));
  });

  it('rendered memos always fit Blink', () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), fc.string({ unit: 'binary', maxLength: 800 }), (template, value) =>
      Buffer.byteLength(renderMemo(template, { storeName: value, orderId: value, itemDescription: value })) <= BLINK_MEMO_MAX_BYTES));
  });
});

describe('externalIdForInvoice', () => {
  it('lower-cases the invoice id', () => {
    expect(externalIdForInvoice('L7s5BNMY7Z9bRxrLPt5kLs' as InvoiceId)).toBe('l7s5bnmy7z9brxrlpt5kls');
  });

  it('always matches Blink\'s TxExternalId pattern', () => {
    fc.assert(fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), (bytes) =>
      BLINK_EXTERNAL_ID.test(externalIdForInvoice(newInvoiceId(bytes)))));
    expect(externalIdForInvoice('A_b-C'.repeat(13) as InvoiceId)).toMatch(/^[a-z0-9_-]{65}$/);
  });
});
