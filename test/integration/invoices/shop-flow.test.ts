/**
 * A shop's flow as a new user tries it (and as the WooCommerce/Magento plugins do it): create with a
 * string amount, read back by store and store-less, list with every filter, payment methods, mark.
 */
import { startInvoiceGateway, type InvoiceTestGateway } from './harness';

jest.setTimeout(60_000);

let t: InvoiceTestGateway;
let storeId: string;
beforeAll(async () => {
  t = await startInvoiceGateway({ env: { PUBLIC_URL: 'https://pay.example.com/' } });
  storeId = await t.createStore();
});
afterAll(async () => { await t.close(); });

const wooCommerceBody = (orderId: string, amount = '12.50') => ({
  amount, currency: 'EUR',
  metadata: { taxIncluded: '0.00', posData: '{"WooCommerce":{"Order ID":42}}', orderUrl: 'https://shop.example/wp-admin/post.php?post=42', orderId },
  checkout: {
    speedPolicy: null, paymentMethods: ['BTC_LN'], expirationMinutes: null, monitoringMinutes: null, paymentTolerance: null,
    redirectURL: 'https://shop.example/checkout/order-received/42/', redirectAutomatically: null, defaultLanguage: null,
  },
});

const createInvoice = (body: unknown) => t.call(`/api/v1/stores/${storeId}/invoices`, { method: 'POST', json: body });

describe('a shop creates and reads an invoice', () => {
  it('POST returns 200 with Greenfield InvoiceData, JSON types exactly as the PHP clients read them', async () => {
    const created = await createInvoice(wooCommerceBody('1001'));
    expect(created.status).toBe(200);
    const invoice = created.body;
    expect(invoice).toEqual({
      id: expect.stringMatching(/^[1-9A-HJ-NP-Za-km-z]{20,24}$/),
      storeId,
      amount: '12.50',
      paidAmount: '0.00',
      currency: 'EUR',
      type: 'Standard',
      checkoutLink: `https://pay.example.com/i/${invoice.id}`,
      status: 'New',
      additionalStatus: 'None',
      createdTime: expect.any(Number),
      expirationTime: expect.any(Number),
      monitoringExpiration: expect.any(Number),
      availableStatusesForManualMarking: ['Settled', 'Invalid'],
      archived: false,
      metadata: wooCommerceBody('1001').metadata,
      checkout: {
        speedPolicy: 'MediumSpeed', paymentMethods: ['BTC-LN'], defaultPaymentMethod: null, expirationMinutes: 15,
        monitoringMinutes: 1440, paymentTolerance: 0, redirectURL: 'https://shop.example/checkout/order-received/42/',
        redirectAutomatically: false, requiresRefundEmail: null, defaultLanguage: null, checkoutType: null, lazyPaymentMethods: false,
      },
      receipt: { enabled: null, showQR: null, showPayments: null },
      additionalSearchTerms: [],
    });
    expect(Number.isInteger(invoice.createdTime)).toBe(true);
    expect(invoice.expirationTime - invoice.createdTime).toBeGreaterThanOrEqual(15 * 60 - 1);
    expect(invoice.expirationTime - invoice.createdTime).toBeLessThanOrEqual(15 * 60 + 1);
    expect(invoice.monitoringExpiration - invoice.expirationTime).toBe(1440 * 60);

    const byStore = await t.call(`/api/v1/stores/${storeId}/invoices/${invoice.id}`);
    expect(byStore.status).toBe(200);
    expect(byStore.body).toEqual(invoice);
    const storeless = await t.call(`/api/v1/invoices/${invoice.id}`);
    expect(storeless.body).toEqual(invoice);
  });

  it('payment methods: BTC-LN with the BOLT11, lightning: link, rate and BTC amounts as strings', async () => {
    const invoice = (await createInvoice(wooCommerceBody('1002', '46'))).body;
    const methods = await t.call(`/api/v1/stores/${storeId}/invoices/${invoice.id}/payment-methods?onlyAccountedPayments=true`);
    expect(methods.status).toBe(200);
    expect(methods.body).toHaveLength(1);
    const [ln] = methods.body;
    expect(ln).toEqual({
      paymentMethodId: 'BTC-LN', currency: 'BTC',
      destination: expect.stringMatching(/^lnbcrt500u1/),
      paymentLink: `lightning:${String(ln.destination).toLowerCase()}`,
      // 46 EUR at the sandbox's 92 000 EUR/BTC is 0.0005 BTC
      rate: expect.stringMatching(/^9(1999\.\d+|2000)$/),
      paymentMethodPaid: '0.00000000', totalPaid: '0.00000000',
      due: '0.00050000', amount: '0.00050000',
      paymentMethodFee: '0.00000000', networkFee: '0.00000000', activated: true,
      additionalData: { paymentHash: expect.stringMatching(/^[0-9a-f]{64}$/), preimage: null, invoiceId: expect.any(String) },
      payments: [],
    });
    expect((await t.call(`/api/v1/invoices/${invoice.id}/payment-methods`)).body).toEqual(methods.body);
  });

  it('unknown ids are 404 invoice-not-found, also through another store', async () => {
    const missing = await t.call(`/api/v1/stores/${storeId}/invoices/NoSuchInvoice`);
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ code: 'invoice-not-found', message: 'The invoice was not found' });
    const otherStore = await t.createStore();
    const invoice = (await createInvoice(wooCommerceBody('1003'))).body;
    expect((await t.call(`/api/v1/stores/${otherStore}/invoices/${invoice.id}`)).status).toBe(404);
    expect((await t.call(`/api/v1/stores/${otherStore}/invoices/${invoice.id}/payment-methods`)).status).toBe(404);
    expect((await t.call(`/api/v1/invoices/${'x'.repeat(100)}`)).status).toBe(404);
  });
});

describe('listing with Greenfield filters', () => {
  let listStore: string;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    listStore = await t.createStore();
    for (const [name, body] of Object.entries({
      a: { amount: '1', currency: 'EUR', metadata: { orderId: 'ORD-A', buyerEmail: 'alice@example.com' } },
      b: { amount: '2', currency: 'EUR', metadata: { orderId: 'ORD-B' }, additionalSearchTerms: ['blue-widget'] },
      c: { amount: 3, currency: 'EUR', metadata: { orderId: 7 } },
    })) {
      const created = await t.call(`/api/v1/stores/${listStore}/invoices`, { method: 'POST', json: body });
      expect(created.status).toBe(200);
      ids[name] = created.body.id;
    }
    expect((await t.call(`/api/v1/stores/${listStore}/invoices/${ids.c}/status`, { method: 'POST', json: { status: 'Invalid' } })).status).toBe(200);
  });
  const list = async (query: string) => {
    const response = await t.call(`/api/v1/stores/${listStore}/invoices${query}`);
    expect(response.status).toBe(200);
    return (response.body as Array<{ id: string }>).map((invoice) => invoice.id);
  };

  it('no filter: every invoice, newest first', async () => {
    expect(await list('')).toEqual([ids.c, ids.b, ids.a]);
  });
  it('orderId, repeated or with [] (numbers indexed as text)', async () => {
    expect(await list('?orderId=ORD-A')).toEqual([ids.a]);
    expect(await list('?orderId=ORD-A&orderId=7')).toEqual([ids.c, ids.a]);
    expect(await list('?orderId[]=ORD-B')).toEqual([ids.b]);
    expect(await list('?orderId=nope')).toEqual([]);
  });
  it('status, repeated or with []', async () => {
    expect(await list('?status=Invalid')).toEqual([ids.c]);
    expect(await list('?status[]=New&status[]=Invalid')).toEqual([ids.c, ids.b, ids.a]);
    expect(await list('?status=new')).toEqual([ids.b, ids.a]);
    expect(await list('?status=Settled')).toEqual([]);
    const bad = await t.call(`/api/v1/stores/${listStore}/invoices?status=Paid`);
    expect(bad.status).toBe(422);
  });
  it('startDate and endDate (unix seconds)', async () => {
    const now = Math.floor(Date.now() / 1000);
    expect(await list(`?startDate=${now - 600}`)).toHaveLength(3);
    expect(await list(`?startDate=${now + 600}`)).toEqual([]);
    expect(await list(`?endDate=${now - 600}`)).toEqual([]);
    const bad = await t.call(`/api/v1/stores/${listStore}/invoices?startDate=${now}&endDate=${now - 1}`);
    expect(bad.status).toBe(422);
    expect(bad.body).toEqual([{ path: 'startDate', message: 'startDate should not be above endDate' }]);
  });
  it('skip and take', async () => {
    expect(await list('?take=2')).toEqual([ids.c, ids.b]);
    expect(await list('?skip=1&take=1')).toEqual([ids.b]);
    expect(await list('?skip=3')).toEqual([]);
  });
  it('textSearch: id, order id, metadata values, additional search terms, case-insensitively', async () => {
    expect(await list('?textSearch=ALICE@example')).toEqual([ids.a]);
    expect(await list('?textSearch=blue-widget')).toEqual([ids.b]);
    expect(await list(`?textSearch=${ids.b}`)).toEqual([ids.b]);
    expect(await list('?textSearch=ord-')).toEqual([ids.b, ids.a]);
  });
  it('includeArchived is accepted (nothing is archived here) and includePaymentMethods adds them', async () => {
    expect(await list('?includeArchived=true')).toHaveLength(3);
    const withMethods = await t.call(`/api/v1/stores/${listStore}/invoices?includePaymentMethods=true&take=1`);
    expect(withMethods.body[0].paymentMethods[0].paymentMethodId).toBe('BTC-LN');
    expect((await t.call(`/api/v1/stores/${listStore}/invoices?take=1`)).body[0].paymentMethods).toBeUndefined();
  });
});

describe('marking', () => {
  it('Settled, then Invalid (undoing a manual settle), then refused with BTCPay\'s 422', async () => {
    const invoice = (await createInvoice(wooCommerceBody('2001'))).body;
    const settled = await t.call(`/api/v1/stores/${storeId}/invoices/${invoice.id}/status`, { method: 'POST', json: { status: 'Settled' } });
    expect(settled.status).toBe(200);
    expect(settled.body).toMatchObject({ id: invoice.id, status: 'Settled', additionalStatus: 'Marked', availableStatusesForManualMarking: ['Invalid'] });
    const again = await t.call(`/api/v1/stores/${storeId}/invoices/${invoice.id}/status`, { method: 'POST', json: { status: 'Settled' } });
    expect(again.status).toBe(422);
    expect(again.body).toEqual([{ path: 'status', message: 'Status can only be marked to invalid or settled within certain conditions.' }]);
    const invalid = await t.call(`/api/v1/invoices/${invoice.id}/status`, { method: 'POST', json: { status: 'Invalid' } });
    expect(invalid.status).toBe(200);
    expect(invalid.body).toMatchObject({ status: 'Invalid', additionalStatus: 'Marked' });
    expect((await t.call(`/api/v1/stores/${storeId}/invoices/${invoice.id}`)).body.status).toBe('Invalid');
    const bogus = await t.call(`/api/v1/stores/${storeId}/invoices/${invoice.id}/status`, { method: 'POST', json: { status: 'Expired' } });
    expect(bogus.status).toBe(422);
  });
});

describe('permissions (store-scoped keys, as a plugin gets them)', () => {
  const keyFor = async (permissions: string[]) => {
    const created = await t.call('/api/v1/api-keys', { method: 'POST', json: { label: 'plugin', permissions } });
    expect(created.status).toBe(200);
    return created.body.apiKey as string;
  };
  it('create needs cancreateinvoice on the store; viewing needs canviewinvoices; marking canmodifyinvoices', async () => {
    const viewer = await keyFor([`btcpay.store.canviewinvoices:${storeId}`]);
    const refused = await t.call(`/api/v1/stores/${storeId}/invoices`, { method: 'POST', key: viewer, json: { amount: 1, currency: 'EUR' } });
    expect(refused.status).toBe(403);
    expect(refused.body.missingPermission).toBe('btcpay.store.cancreateinvoice');
    const plugin = await keyFor([`btcpay.store.cancreateinvoice:${storeId}`, `btcpay.store.canmodifyinvoices:${storeId}`]);
    const created = await t.call(`/api/v1/stores/${storeId}/invoices`, { method: 'POST', key: plugin, json: { amount: 1, currency: 'EUR' } });
    expect(created.status).toBe(200);
    expect((await t.call(`/api/v1/invoices/${created.body.id}`, { key: viewer })).status).toBe(200);
    expect((await t.call(`/api/v1/invoices/${created.body.id}/status`, { method: 'POST', key: viewer, json: { status: 'Invalid' } })).status).toBe(403);
    expect((await t.call(`/api/v1/invoices/${created.body.id}/status`, { method: 'POST', key: plugin, json: { status: 'Invalid' } })).status).toBe(200);

    const otherStore = await t.createStore();
    const outsider = await keyFor([`btcpay.store.canviewinvoices:${otherStore}`]);
    const storeless = await t.call(`/api/v1/invoices/${created.body.id}`, { key: outsider });
    expect(storeless.status).toBe(403);
    expect(storeless.body.code).toBe('missing-permission');
    expect((await t.call(`/api/v1/invoices/${created.body.id}`, { key: null })).status).toBe(401);
  });
});
