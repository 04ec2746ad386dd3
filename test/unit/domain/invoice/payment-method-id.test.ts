import fc from 'fast-check';
import {
  canonicalPaymentMethodId, canonicalPaymentMethodIds, isLightningPaymentMethodId, isLnurlPaymentMethodId, PAYMENT_METHOD_ID_PATTERN,
} from '../../../../src/domain/invoice/payment-method-id';
import { fillRedirectPlaceholders } from '../../../../src/domain/invoice/redirect-url';

describe('payment method ids', () => {
  it.each([
    ['BTC-LN', 'BTC-LN', true, false],
    ['BTC_LN', 'BTC-LN', true, false],
    ['btc_ln', 'BTC-LN', true, false],
    ['BTC-LNURL', 'BTC-LN', true, true],
    ['BTC_LNURL', 'BTC-LN', true, true],
    ['BTC_LNURLPAY', 'BTC-LN', true, true],
    ['BTC-LightningNetwork', 'BTC-LN', true, false],
    ['BTC_LightningLike', 'BTC-LN', true, false],
    ['BTC_CHAIN', 'BTC-CHAIN', false, false],
    ['BTC', 'BTC', false, false],
    ['XMR_CHAIN', 'XMR-CHAIN', false, false],
    ['LTC-LN', 'LTC-LN', false, false],
  ])('%s → %s (lightning %s, lnurl %s)', (id, canonical, lightning, lnurl) => {
    expect(canonicalPaymentMethodId(id)).toBe(canonical);
    expect(isLightningPaymentMethodId(id)).toBe(lightning);
    expect(isLnurlPaymentMethodId(id)).toBe(lnurl);
  });

  it("lists each method once, in the shop's order", () => {
    expect(canonicalPaymentMethodIds(['BTC_CHAIN', 'BTC_LN', 'BTC-LNURL', 'btc-ln'])).toEqual(['BTC-CHAIN', 'BTC-LN']);
    expect(canonicalPaymentMethodIds([])).toEqual([]);
  });

  it('gives the same answer for the dash and underscore spelling of any id (WooCommerce turns - into _)', () => {
    fc.assert(fc.property(fc.stringMatching(/^[A-Za-z0-9]{1,6}(?:[-_][A-Za-z0-9]{1,6}){0,3}$/), (id) => {
      expect(PAYMENT_METHOD_ID_PATTERN.test(id)).toBe(true);
      const underscored = id.replace(/-/g, '_');
      expect(canonicalPaymentMethodId(underscored)).toBe(canonicalPaymentMethodId(id));
      expect(isLightningPaymentMethodId(underscored)).toBe(isLightningPaymentMethodId(id));
      expect(canonicalPaymentMethodId(id)).not.toContain('_');
    }));
  });
});

describe('fillRedirectPlaceholders', () => {
  const values = { invoiceId: 'Inv1nvoice1d', orderId: '000000042' };
  it.each([
    ['https://shop.example/btcpay/return/invoiceId/{InvoiceId}', 'https://shop.example/btcpay/return/invoiceId/Inv1nvoice1d'],
    ['https://shop.example/r?i={invoiceid}&o={ORDERID}', 'https://shop.example/r?i=Inv1nvoice1d&o=000000042'],
    ['https://shop.example/{OrderId}/{OrderId}', 'https://shop.example/000000042/000000042'],
    ['https://shop.example/{Other}', 'https://shop.example/{Other}'],
    ['https://shop.example/thanks', 'https://shop.example/thanks'],
  ])('%s', (template, expected) => {
    expect(fillRedirectPlaceholders(template, values)).toBe(expected);
  });

  it('URL-encodes the values and leaves a missing order id empty, as BTCPay does', () => {
    expect(fillRedirectPlaceholders('https://s.example/?o={OrderId}&i={InvoiceId}', { invoiceId: 'a b', orderId: '#1&x=2' }))
      .toBe('https://s.example/?o=%231%26x%3D2&i=a%20b');
    expect(fillRedirectPlaceholders('https://s.example/?o={OrderId}', { invoiceId: 'x', orderId: null })).toBe('https://s.example/?o=');
  });

  it('never lets a value change the URL outside its own slot', () => {
    fc.assert(fc.property(fc.string(), fc.string(), (invoiceId, orderId) => {
      const filled = fillRedirectPlaceholders('https://shop.example/return?i={InvoiceId}&o={OrderId}', { invoiceId, orderId });
      const url = new URL(filled);
      expect(url.origin).toBe('https://shop.example');
      expect(url.pathname).toBe('/return');
      expect(url.searchParams.get('i')).toBe(invoiceId);
      expect(url.searchParams.get('o')).toBe(orderId);
    }));
  });
});
