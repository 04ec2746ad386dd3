/**
 * When an invoice cannot be made: Blink down or slow (503, nothing written), a connection that went
 * bad after it was registered (400 telling the merchant what to do), and bad input (422).
 */
import { startInvoiceGateway, type InvoiceTestGateway } from './harness';

jest.setTimeout(60_000);

let t: InvoiceTestGateway;
let storeId: string;
beforeAll(async () => {
  t = await startInvoiceGateway({ env: { BLINK_HEADERS_TIMEOUT_MS: '500', BLINK_BODY_TIMEOUT_MS: '500' } });
  storeId = await t.createStore();
});
afterAll(async () => { await t.close(); });

const post = (store: string, body: unknown) => t.call(`/api/v1/stores/${store}/invoices`, { method: 'POST', json: body });
const rows = async () => {
  const result = await t.gateway.server.pool.query('SELECT (SELECT count(*) FROM invoices) AS invoices, (SELECT count(*) FROM invoice_events) AS events');
  return result.rows[0] as { invoices: string; events: string };
};

describe('Blink unavailable', () => {
  it('Blink failing (HTTP 5xx): 503 with a clear message, and no invoice row or event', async () => {
    const before = await rows();
    await t.faults({ errorRate: 1 });
    try {
      const reply = await post(storeId, { amount: '10', currency: 'EUR' });
      expect(reply.status).toBe(503);
      expect(reply.body).toEqual({ code: 'blink-unavailable', message: expect.stringContaining('no invoice was created') });
      expect(reply.headers.get('retry-after')).not.toBeNull();
    } finally {
      await t.faults({ errorRate: 0 });
    }
    expect(await rows()).toEqual(before);
  });

  it('Blink slower than the timeout: 503, nothing half-written', async () => {
    const before = await rows();
    await t.faults({ latencyMs: 1500 });
    try {
      const reply = await post(storeId, { amount: '100', currency: 'SATS' });
      expect(reply.status).toBe(503);
      expect(reply.body.code).toBe('blink-unavailable');
    } finally {
      await t.faults({ latencyMs: 0 });
    }
    expect(await rows()).toEqual(before);
    expect((await post(storeId, { amount: '100', currency: 'SATS' })).status).toBe(200);
  });
});

describe('connections that cannot create invoices: 400, and the message says what to do', () => {
  it('a revoked key', async () => {
    const store = await t.createStoreWithStoredConnection({ apiKey: `blink_${'r'.repeat(64)}`, walletId: t.merchant.btcWallet, walletCurrency: 'BTC' });
    const reply = await post(store, { amount: '100', currency: 'SATS' });
    expect(reply.status).toBe(400);
    expect(reply.body).toEqual({ code: 'blink-connection-rejected', message: expect.stringMatching(/revoked.*Receive scope.*payment-methods\/BTC-LN/s) });
  });

  it('an account whose receiving Blink disabled', async () => {
    const store = await t.createStoreWithStoredConnection({ apiKey: t.merchant.woundDownKey, walletId: t.merchant.woundDownWallet, walletCurrency: 'BTC' });
    const reply = await post(store, { amount: '100', currency: 'SATS' });
    expect(reply.status).toBe(400);
    expect(reply.body).toEqual({ code: 'blink-receive-disabled', message: expect.stringContaining('no longer lets this account receive') });
  });

  it('a wallet the key cannot use', async () => {
    const store = await t.createStoreWithStoredConnection({ apiKey: t.merchant.readReceive, walletId: t.merchant.otherAccountWallet, walletCurrency: 'BTC' });
    const reply = await post(store, { amount: '100', currency: 'SATS' });
    expect(reply.status).toBe(400);
    expect(reply.body.code).toBe('blink-connection-rejected');
    expect(reply.body.message).toContain('no invoice was created');
  });

  it('no Lightning payment method, or a disabled one', async () => {
    const bare = (await t.call('/api/v1/stores', { method: 'POST', json: { name: 'No wallet yet' } })).body.id as string;
    const reply = await post(bare, { amount: '1', currency: 'SATS' });
    expect(reply.status).toBe(400);
    expect(reply.body).toEqual({ code: 'payment-method-unavailable', message: expect.stringContaining(`PUT /api/v1/stores/${bare}/payment-methods/BTC-LN`) });
    const disabled = await t.createStore();
    expect((await t.call(`/api/v1/stores/${disabled}/payment-methods/BTC-LN`, { method: 'PUT', json: { enabled: false } })).status).toBe(200);
    expect((await post(disabled, { amount: '1', currency: 'SATS' })).body.code).toBe('payment-method-unavailable');
  });

  it('only payment methods the gateway does not offer', async () => {
    const reply = await post(storeId, { amount: '1', currency: 'SATS', checkout: { paymentMethods: ['BTC-CHAIN'] } });
    expect(reply.status).toBe(400);
    expect(reply.body.code).toBe('payment-method-unavailable');
    const mixed = await post(storeId, { amount: '1', currency: 'SATS', checkout: { paymentMethods: ['BTC_CHAIN', 'btc_ln'] } });
    expect(mixed.status).toBe(200);
    expect(mixed.body.checkout.paymentMethods).toEqual(['BTC-CHAIN', 'BTC-LN']);
  });

  it('an unknown store', async () => {
    const reply = await post('NoSuchStore', { amount: '1', currency: 'SATS' });
    expect(reply.status).toBe(404);
    expect(reply.body.code).toBe('store-not-found');
  });
});

describe('bad input: Greenfield 422 [{path, message}], nothing created', () => {
  it.each([
    [{ amount: '-1', currency: 'SATS' }, 'amount', 'The amount should be 0 or more.'],
    [{ amount: 'abc', currency: 'SATS' }, 'amount', 'The amount should be a decimal number.'],
    [{ amount: true, currency: 'SATS' }, 'amount', 'The amount should be a decimal number.'],
    [{ amount: '18446744073709551616', currency: 'SATS' }, 'amount', 'The amount should less than 18446744073709551615.'],
    [{ amount: '0', currency: 'SATS' }, 'amount', expect.stringContaining('above 0')],
    [{ amount: '1', currency: 'SATS', metadata: [1] }, 'metadata', expect.any(String)],
    [{ amount: '1', currency: 'SATS', checkout: { paymentMethods: ['BTC LN'] } }, 'checkout.paymentMethods[0]', 'Invalid PaymentMethodId'],
    [{ amount: '1', currency: 'SATS', checkout: { speedPolicy: 'Fast' } }, 'checkout.speedPolicy', expect.stringContaining('HighSpeed')],
    [{ amount: '1', currency: 'SATS', checkout: { paymentTolerance: 101 } }, 'checkout.paymentTolerance', 'PaymentTolerance can only be between 0 and 100 percent'],
    [{ amount: '1', currency: 'BITCOIN' }, 'currency', expect.any(String)],
    [{ amount: '1', currency: 'SATS', metadata: { note: 'nul\u0000byte' } }, '', expect.stringContaining('NUL')],
  ])('%j → 422 on %s', async (body, path, message) => {
    const before = await rows();
    const reply = await post(storeId, body);
    expect(reply.status).toBe(422);
    expect(reply.body).toEqual([{ path, message }]);
    expect(await rows()).toEqual(before);
  });
});
