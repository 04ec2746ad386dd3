/**
 * The flow as a shop developer does it, step by step, as a new user would read it in the README:
 * admin key → create a store → set the Blink connection → create a store key → read the store back.
 */
import { connectionString, merchant, startStoresGateway, type StoresTestGateway } from './harness';
import { expectNoKeyLeaked } from './no-secrets';

jest.setTimeout(60_000);

let gateway: StoresTestGateway;
beforeAll(async () => { gateway = await startStoresGateway(); });
afterAll(async () => {
  try {
    await expectNoKeyLeaked(gateway, merchant(gateway.sandbox).allKeys);
  } finally {
    await gateway.close();
  }
});

describe('shop developer flow', () => {
  it('admin key → store → Blink connection → store key → the store, read back with that key', async () => {
    const { readReceive, btcWallet } = merchant(gateway.sandbox);
    const admin = gateway.adminKey;

    const created = await gateway.request('/api/v1/stores', { method: 'POST', key: admin, json: { name: 'Corner Shop', website: 'https://shop.example' } });
    expect(created.status).toBe(200);
    const store = created.body as { id: string };
    expect(store).toEqual({
      id: expect.stringMatching(/^[1-9A-HJ-NP-Za-km-z]{40,44}$/),
      name: 'Corner Shop', website: 'https://shop.example', defaultCurrency: 'USD', invoiceExpiration: 900,
      monitoringExpiration: 86400, speedPolicy: 'MediumSpeed',
      lightningDescriptionTemplate: 'Paid to {StoreName} (Order ID: {OrderId})', paymentTolerance: 0,
    });

    const config = connectionString(gateway.sandbox, { apiKey: readReceive, walletId: btcWallet });
    const connected = await gateway.request(`/api/v1/stores/${store.id}/payment-methods/BTC-LN`, {
      method: 'PUT', key: admin, json: { enabled: true, config },
    });
    expect(connected.status).toBe(200);
    expect(connected.body).toEqual({
      enabled: true,
      paymentMethodId: 'BTC-LN',
      config: `type=blink;server=${gateway.sandbox.graphqlUrl};api-key=blink_…${readReceive.slice(-4)};wallet-id=${btcWallet};allowinsecure=true`,
      blink: {
        mode: 'api-key', access: 'read-receive', server: gateway.sandbox.graphqlUrl, walletId: btcWallet, walletCurrency: 'BTC',
        scopes: ['READ', 'RECEIVE'], scopesSource: 'reported', network: 'regtest', verifiedAt: expect.any(String),
        notes: [expect.stringMatching(/recommended/)], warnings: [expect.stringMatching(/plain http/)],
      },
    });

    const storeKey = await gateway.request('/api/v1/api-keys', {
      method: 'POST', key: admin,
      json: { label: 'woocommerce', permissions: [`btcpay.store.canviewstoresettings:${store.id}`, `btcpay.store.cancreateinvoice:${store.id}`] },
    });
    expect(storeKey.status).toBe(200);
    const key = (storeKey.body as { apiKey: string }).apiKey;

    const readBack = await gateway.request(`/api/v1/stores/${store.id}`, { key });
    expect(readBack.status).toBe(200);
    expect(readBack.body).toEqual(created.body);
    const listed = await gateway.request('/api/v1/stores', { key });
    expect(listed.body).toEqual([created.body]);
    const methods = await gateway.request(`/api/v1/stores/${store.id}/payment-methods`, { key });
    expect(methods.status).toBe(200);
    expect(methods.body).toEqual([expect.objectContaining({ enabled: true, paymentMethodId: 'BTC-LN' })]);
    expect(methods.body).toEqual([expect.not.objectContaining({ config: expect.anything() })]);
    const method = await gateway.request(`/api/v1/stores/${store.id}/payment-methods/BTC-LN`, { key });
    expect(method.body).toEqual(connected.body);
  });

  it('stores: list, update (fields left out are kept), delete; unknown ids are 404 store-not-found', async () => {
    const admin = gateway.adminKey;
    const a = (await gateway.request('/api/v1/stores', { method: 'POST', key: admin, json: { name: 'A' } })).body as { id: string };
    const b = (await gateway.request('/api/v1/stores', { method: 'POST', key: admin, json: { name: 'B', defaultCurrency: 'eur' } })).body as { id: string; defaultCurrency: string };
    expect(b.defaultCurrency).toBe('EUR');
    const all = (await gateway.request('/api/v1/stores', { key: admin })).body as Array<{ id: string }>;
    expect(all.map((s) => s.id)).toEqual(expect.arrayContaining([a.id, b.id]));

    const updated = await gateway.request(`/api/v1/stores/${a.id}`, {
      method: 'PUT', key: admin, json: { invoiceExpiration: 600, lightningDescriptionTemplate: '{StoreName} #{OrderId}' },
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ id: a.id, name: 'A', invoiceExpiration: 600, lightningDescriptionTemplate: '{StoreName} #{OrderId}' });
    expect((await gateway.request(`/api/v1/stores/${a.id}`, { key: admin })).body).toEqual(updated.body);

    const invalid = await gateway.request(`/api/v1/stores/${a.id}`, { method: 'PUT', key: admin, json: { name: '', invoiceExpiration: 5 } });
    expect(invalid.status).toBe(422);
    expect(invalid.body).toEqual(expect.arrayContaining([
      { path: 'name', message: 'Name is missing' },
      { path: 'invoiceExpiration', message: expect.stringContaining('InvoiceExpiration can only be between 1 and 34560 mins') },
    ]));

    expect((await gateway.request(`/api/v1/stores/${a.id}`, { method: 'DELETE', key: admin })).status).toBe(200);
    const gone = await gateway.request(`/api/v1/stores/${a.id}`, { key: admin });
    expect(gone).toMatchObject({ status: 404, body: { code: 'store-not-found', message: 'The store was not found' } });
    expect((await gateway.request(`/api/v1/stores/${a.id}`, { method: 'DELETE', key: admin })).status).toBe(404);
    expect((await gateway.request(`/api/v1/stores/${a.id}`, { method: 'PUT', key: admin, json: { name: 'x' } })).status).toBe(404);
    expect((await gateway.request('/api/v1/stores/no%20such%20store', { key: admin })).status).toBe(404);
  });

  it('a store needs a name: 422 with Greenfield\'s message', async () => {
    const response = await gateway.request('/api/v1/stores', { method: 'POST', key: gateway.adminKey, json: {} });
    expect(response).toMatchObject({ status: 422, body: [{ path: 'name', message: 'Name is missing' }] });
  });

  it('deleting a store removes its Blink connection and the sealed key', async () => {
    const { readReceive, btcWallet } = merchant(gateway.sandbox);
    const admin = gateway.adminKey;
    const store = (await gateway.request('/api/v1/stores', { method: 'POST', key: admin, json: { name: 'Short-lived' } })).body as { id: string };
    const config = connectionString(gateway.sandbox, { apiKey: readReceive, walletId: btcWallet });
    expect((await gateway.request(`/api/v1/stores/${store.id}/payment-methods/BTC-LN`, { method: 'PUT', key: admin, json: { config } })).status).toBe(200);
    await gateway.request(`/api/v1/stores/${store.id}`, { method: 'DELETE', key: admin });
    const rows = await gateway.pool.query('SELECT 1 FROM store_blink_connections WHERE store_id = $1', [store.id]);
    expect(rows.rowCount).toBe(0);
  });
});
