/**
 * Every amount, currency and wallet combination against the sandbox over the wire: what Blink is
 * asked (counted through the sandbox's stats: one call per invoice, two with a conversion), what the
 * BOLT11 says (decoded), and what the shop sees.
 */
import bolt11 from 'bolt11';
import { operationsBetween, startInvoiceGateway, type InvoiceTestGateway } from './harness';

jest.setTimeout(60_000);

let t: InvoiceTestGateway;
const stores: Record<string, string> = {};
beforeAll(async () => {
  t = await startInvoiceGateway();
  stores.btc = await t.createStore({ wallet: 'BTC' });
  stores.usd = await t.createStore({ wallet: 'USD' });
  stores.keyless = await t.createStore({ wallet: 'BTC', keyless: true });
  stores.keylessUsd = await t.createStore({ wallet: 'USD', keyless: true });
  stores.receiveOnly = await t.createStore({ wallet: 'BTC', receiveOnly: true });
});
afterAll(async () => { await t.close(); });

/** Creates an invoice and returns it with its payment method, decoded BOLT11 and the Blink operations it cost. */
async function create(store: string, body: Record<string, unknown>) {
  const before = await t.stats();
  const created = await t.call(`/api/v1/stores/${stores[store]}/invoices`, { method: 'POST', json: body });
  const after = await t.stats();
  expect(created.status).toBe(200);
  const methods = await t.call(`/api/v1/invoices/${created.body.id}/payment-methods`);
  const destination = methods.body[0].destination as string;
  return { invoice: created.body, method: methods.body[0], decoded: bolt11.decode(destination), operations: operationsBetween(before, after) };
}

describe('amounts and currencies (sandbox: 100 000 USD/BTC, 0.92 EUR/USD)', () => {
  it('BTC on a BTC wallet: sats, rounded up, one lnInvoiceCreate', async () => {
    const { invoice, method, decoded, operations } = await create('btc', { amount: '0.000123451', currency: 'BTC' });
    expect(operations).toEqual({ lnInvoiceCreate: 1 });
    expect(decoded.satoshis).toBe(12_346);
    expect(invoice).toMatchObject({ amount: '0.000123451', currency: 'BTC', type: 'Standard' });
    expect(method).toMatchObject({ rate: '1', amount: '0.00012346', due: '0.00012346' });
  });

  it('SATS on a BTC wallet (a number amount): whole sats, rounded up', async () => {
    const { invoice, method, decoded, operations } = await create('btc', { amount: 1234.5, currency: 'sats' });
    expect(operations).toEqual({ lnInvoiceCreate: 1 });
    expect(decoded.satoshis).toBe(1_235);
    expect(invoice).toMatchObject({ amount: '1234.5', currency: 'SATS' });
    expect(method.rate).toBe('100000000');
  });

  it('USD on a USD wallet: cents through lnUsdInvoiceCreate, rate from the BOLT11, one call', async () => {
    const { invoice, method, decoded, operations } = await create('usd', { amount: '10.005', currency: 'USD' });
    expect(operations).toEqual({ lnUsdInvoiceCreate: 1 });
    // 10.01 USD (cents rounded up) at 100 000 USD/BTC
    expect(decoded.satoshis).toBe(10_010);
    expect(invoice).toMatchObject({ amount: '10.005', currency: 'USD' });
    expect(Number(method.rate)).toBeCloseTo(99_950.04, 0);
  });

  it('USD on a BTC wallet: one conversion, then lnInvoiceCreate; the rate is shown', async () => {
    const { method, decoded, operations } = await create('btc', { amount: '25', currency: 'USD' });
    expect(operations).toEqual({ currencyConversionEstimation: 1, lnInvoiceCreate: 1 });
    expect(decoded.satoshis).toBe(25_000);
    expect(method.rate).toBe('100000');
  });

  it('EUR on a BTC wallet: one conversion, then lnInvoiceCreate', async () => {
    const { method, decoded, operations } = await create('btc', { amount: '9.20', currency: 'EUR' });
    expect(operations).toEqual({ currencyConversionEstimation: 1, lnInvoiceCreate: 1 });
    expect(decoded.satoshis).toBe(10_000);
    expect(Number(method.rate)).toBeCloseTo(92_000, -1);
  });

  it('EUR on a USD wallet: one conversion to cents, then lnUsdInvoiceCreate', async () => {
    const { decoded, operations } = await create('usd', { amount: '9.20', currency: 'EUR' });
    expect(operations).toEqual({ currencyConversionEstimation: 1, lnUsdInvoiceCreate: 1 });
    expect(decoded.satoshis).toBe(10_000);
  });

  it('BTC on a USD wallet: a USD quote, then lnUsdInvoiceCreate for the cents', async () => {
    const { decoded, operations, method } = await create('usd', { amount: '0.0001', currency: 'BTC' });
    expect(operations).toEqual({ currencyConversionEstimation: 1, lnUsdInvoiceCreate: 1 });
    expect(decoded.satoshis).toBe(10_000);
    expect(method.rate).toBe('1');
  });

  it('no amount: a top-up invoice through lnNoAmountInvoiceCreate (fiat gets a quote for its rate)', async () => {
    const sats = await create('btc', { currency: 'BTC' });
    expect(sats.operations).toEqual({ lnNoAmountInvoiceCreate: 1 });
    expect(sats.invoice).toMatchObject({ type: 'TopUp', amount: '0', currency: 'BTC' });
    expect(sats.decoded.satoshis ?? null).toBeNull();
    expect(sats.method).toMatchObject({ amount: '0.00000000', due: '0.00000000' });
    const fiat = await create('btc', { amount: null, currency: 'EUR' });
    expect(fiat.operations).toEqual({ currencyConversionEstimation: 1, lnNoAmountInvoiceCreate: 1 });
    expect(Number(fiat.method.rate)).toBeCloseTo(92_000, -1);
  });

  it('no currency: the store default (USD)', async () => {
    const { invoice, operations } = await create('btc', { amount: '1' });
    expect(invoice.currency).toBe('USD');
    expect(operations).toEqual({ currencyConversionEstimation: 1, lnInvoiceCreate: 1 });
  });

  it('a currency Blink cannot price: 422 on currency, no invoice', async () => {
    const refused = await t.call(`/api/v1/stores/${stores.btc}/invoices`, { method: 'POST', json: { amount: '1', currency: 'XYZ' } });
    expect(refused.status).toBe(422);
    expect(refused.body).toEqual([{ path: 'currency', message: expect.stringContaining('Blink cannot price XYZ') }]);
  });
});

describe('keyless stores use the *OnBehalfOfRecipient mutations', () => {
  it('BTC wallet with sats, USD wallet with cents', async () => {
    expect((await create('keyless', { amount: '1000', currency: 'SATS' })).operations).toEqual({ lnInvoiceCreateOnBehalfOfRecipient: 1 });
    expect((await create('keylessUsd', { amount: '2', currency: 'USD' })).operations).toEqual({ lnUsdInvoiceCreateOnBehalfOfRecipient: 1 });
  });
});

describe('top-ups need a key that can read: only the wallet owner learns how much was paid', () => {
  it.each(['keyless', 'receiveOnly'])('a %s store gets 400 and Blink is not asked', async (store) => {
    const before = await t.stats();
    const refused = await t.call(`/api/v1/stores/${stores[store]}/invoices`, { method: 'POST', json: { currency: 'BTC' } });
    expect(refused.status).toBe(400);
    expect(refused.body).toEqual({ code: 'payment-method-unavailable', message: expect.stringContaining('need a Blink connection whose API key has the Read scope') });
    expect(operationsBetween(before, await t.stats())).toEqual({});
    // With an amount the same store still works.
    expect((await create(store, { amount: '1000', currency: 'SATS' })).invoice.type).toBe('Standard');
  });
});

describe('expiration: the BOLT11 expires when the invoice does', () => {
  const bolt11Expiry = (decoded: ReturnType<typeof bolt11.decode>) => (decoded.timestamp ?? 0) + Number(decoded.tagsObject.expire_time);

  it('the default 15 minutes, in whole minutes, equal to the BOLT11 expiry', async () => {
    const { invoice, decoded } = await create('btc', { amount: '100', currency: 'SATS' });
    expect(decoded.tagsObject.expire_time).toBe(15 * 60);
    expect(invoice.expirationTime).toBe(bolt11Expiry(decoded));
    expect(invoice.checkout.expirationMinutes).toBe(15);
  });

  it('a fraction of a minute is rounded up to whole minutes (never less time than asked)', async () => {
    const { invoice, decoded } = await create('btc', { amount: '100', currency: 'SATS', checkout: { expirationMinutes: 2.5 } });
    expect(decoded.tagsObject.expire_time).toBe(3 * 60);
    expect(invoice.expirationTime).toBe(bolt11Expiry(decoded));
    expect(invoice.checkout.expirationMinutes).toBe(3);
  });

  it("the store's invoiceExpiration is the default", async () => {
    const store = await t.createStore({ settings: { invoiceExpiration: 600 } });
    const created = await t.call(`/api/v1/stores/${store}/invoices`, { method: 'POST', json: { amount: '100', currency: 'SATS' } });
    expect(created.body.checkout.expirationMinutes).toBe(10);
  });

  it('USD wallets are capped at 5 minutes and the response shows the real expiration', async () => {
    const { invoice, decoded } = await create('usd', { amount: '1', currency: 'USD', checkout: { expirationMinutes: 60 } });
    expect(decoded.tagsObject.expire_time).toBe(5 * 60);
    expect(invoice.checkout.expirationMinutes).toBe(5);
    expect(invoice.expirationTime).toBe(bolt11Expiry(decoded));
  });

  it('BTC wallets are capped at Blink\'s 24 hours', async () => {
    const { invoice, decoded } = await create('btc', { amount: '100', currency: 'SATS', checkout: { expirationMinutes: 3000 } });
    expect(decoded.tagsObject.expire_time).toBe(1440 * 60);
    expect(invoice.checkout.expirationMinutes).toBe(1440);
  });

  it('less than 30 seconds is Greenfield\'s 422', async () => {
    const refused = await t.call(`/api/v1/stores/${stores.btc}/invoices`, { method: 'POST', json: { amount: '1', currency: 'SATS', checkout: { expirationMinutes: 0.4 } } });
    expect(refused.status).toBe(422);
    expect(refused.body).toEqual([{ path: 'checkout.expirationMinutes', message: 'Expiration time must be at least 30 seconds' }]);
  });
});

describe('the memo comes from the store template and fits Blink\'s 639 bytes', () => {
  it('placeholders {StoreName}, {OrderId}, {ItemDescription}', async () => {
    const store = await t.createStore({ settings: { name: 'Café Olé', lightningDescriptionTemplate: '{StoreName} order {OrderId}: {ItemDescription}' } });
    const created = await t.call(`/api/v1/stores/${store}/invoices`, { method: 'POST', json: { amount: '100', currency: 'SATS', metadata: { orderId: 'A-7', itemDesc: 'Two coffees' } } });
    const methods = await t.call(`/api/v1/invoices/${created.body.id}/payment-methods`);
    expect(bolt11.decode(methods.body[0].destination).tagsObject.description).toBe('Café Olé order A-7: Two coffees');
  });

  it('a long description is cut to 639 UTF-8 bytes without splitting a character', async () => {
    const created = await t.call(`/api/v1/stores/${stores.btc}/invoices`, {
      method: 'POST', json: { amount: '100', currency: 'SATS', metadata: { orderId: '€'.repeat(400) } },
    });
    expect(created.status).toBe(200);
    const methods = await t.call(`/api/v1/invoices/${created.body.id}/payment-methods`);
    const description = String(bolt11.decode(methods.body[0].destination).tagsObject.description);
    expect(Buffer.byteLength(description)).toBeLessThanOrEqual(639);
    expect(Buffer.byteLength(description)).toBeGreaterThan(630);
    expect(description).toMatch(/^Paid to Shop \d+ \(Order ID: €+$/);
  });
});
