import { checkoutStatusOf, publicRedirectOf, statusUpdateOf, toCheckoutView } from '../../../../src/app/checkout/checkout-view';
import { getCheckoutView } from '../../../../src/app/checkout/get-checkout-view';
import { InvoiceNotFoundError } from '../../../../src/app/invoices/errors';
import { memoryCheckout, storedInvoice, T0 } from './fixtures';

describe('checkoutStatusOf', () => {
  const expiry = new Date(T0.getTime() + 60_000);
  it.each([
    ['New', T0, 'unpaid'],
    ['New', new Date(expiry.getTime() - 1), 'unpaid'],
    ['New', expiry, 'expired'],
    ['Processing', expiry, 'processing'],
    ['Settled', T0, 'paid'],
    ['Settled', expiry, 'paid'],
    ['Expired', T0, 'expired'],
    ['Invalid', T0, 'invalid'],
  ] as const)('%s at %s → %s', (status, now, expected) => {
    expect(checkoutStatusOf({ status, expirationTime: expiry }, now)).toBe(expected);
  });
});

describe('publicRedirectOf', () => {
  const checkout = storedInvoice().checkout;
  it.each([
    ['https://shop.example/thanks?o=1', true, { url: 'https://shop.example/thanks?o=1', automatic: true }],
    ['http://127.0.0.1:8080/done', false, { url: 'http://127.0.0.1:8080/done', automatic: false }],
    ['javascript:alert(1)', true, null],
    ['JAVASCRIPT:alert(1)', true, null],
    ['data:text/html,<script>alert(1)</script>', true, null],
    ['/relative/path', true, null],
    ['', true, null],
    [null, true, null],
  ] as const)('%s', (redirectURL, automatic, expected) => {
    expect(publicRedirectOf({ ...checkout, redirectURL, redirectAutomatically: automatic })).toEqual(expected);
  });
});

describe('publicRedirectOf with placeholders', () => {
  const checkout = storedInvoice().checkout;
  it('fills {InvoiceId} and {OrderId} before checking the URL (Magento returns to a URL holding {InvoiceId})', () => {
    const redirectURL = 'https://shop.example/btcpay/redirect/returnafterpayment/invoiceId/{InvoiceId}?o={orderid}';
    expect(publicRedirectOf({ ...checkout, redirectURL, redirectAutomatically: true }, { invoiceId: 'Inv1', orderId: '00042' }))
      .toEqual({ url: 'https://shop.example/btcpay/redirect/returnafterpayment/invoiceId/Inv1?o=00042', automatic: true });
  });

  it('toCheckoutView fills them from the invoice id and its order id', () => {
    const invoice = storedInvoice({ orderId: 'A 1', checkout: { ...checkout, redirectURL: 'https://shop.example/{InvoiceId}/{OrderId}' } });
    expect(toCheckoutView(invoice, 'Shop', T0).redirect).toEqual({ url: `https://shop.example/${invoice.id}/A%201`, automatic: false });
  });
});

describe('toCheckoutView', () => {
  it('holds exactly the public fields: no store id, order id, metadata, wallet, payment hash', () => {
    const view = toCheckoutView(storedInvoice({ checkout: { ...storedInvoice().checkout, redirectURL: 'https://shop.example/x' } }), 'Corner Café', T0);
    expect(view).toEqual({
      invoiceId: 'Inv1nvoice1d', storeName: 'Corner Café', amount: { value: '12.50', currency: 'EUR' }, sats: 13588,
      bolt11: 'lnbcrt135880n1ptest', status: 'unpaid', expirationTime: new Date(T0.getTime() + 15 * 60_000),
      redirect: { url: 'https://shop.example/x', automatic: false },
    });
    const text = JSON.stringify(view);
    for (const secret of ['St0reSecretId', 'order-secret', 'buyer@example.com', 'wallet-secret', 'ab'.repeat(32), 'blink-external']) {
      expect(text).not.toContain(secret);
    }
  });

  it('a top-up has no amount and no sats; amounts get the currency decimals, rounded up', () => {
    expect(toCheckoutView(storedInvoice({ amount: null, dueSats: null }), 'S', T0)).toMatchObject({ amount: null, sats: null });
    const jpy = toCheckoutView(storedInvoice({ currency: 'JPY' as never }), 'S', T0);
    expect(jpy.amount).toEqual({ value: '13', currency: 'JPY' });
  });

  it('statusUpdateOf: status and expiry in unix seconds', () => {
    expect(statusUpdateOf({ status: 'paid', expirationTime: new Date(1_700_000_000_999) })).toEqual({ status: 'paid', expirationTime: 1_700_000_000 });
  });
});

describe('getCheckoutView', () => {
  it('finds the invoice with its store name', async () => {
    const memory = memoryCheckout(storedInvoice());
    const view = await getCheckoutView(memory.deps, 'Inv1nvoice1d');
    expect(view).not.toBeInstanceOf(Error);
    expect(view).toMatchObject({ storeName: 'Corner Café', status: 'unpaid' });
  });

  it.each(['Unknown1', '', 'a b', '<x>', 'x'.repeat(65), '../etc'])('%j is not found (and malformed ids never reach the repository)', async (id) => {
    const memory = memoryCheckout(storedInvoice());
    expect(await getCheckoutView(memory.deps, id)).toBeInstanceOf(InvoiceNotFoundError);
    expect(memory.reads).toBe(id === 'Unknown1' ? 1 : 0);
  });
});
