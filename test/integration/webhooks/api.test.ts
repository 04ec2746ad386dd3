/** The webhook CRUD endpoints as a shop plugin calls them: shapes, defaults, secrets, errors, permissions. */
import { createWebhookDeliveryRepository } from '../../../src/adapters/db/webhook-delivery-repository';
import { startTestGateway, type TestGateway } from '../../support/gateway';

let gateway: TestGateway;
let storeId: string;
const call = async (path: string, init: { method?: string; json?: unknown; key?: string } = {}) => {
  const response = await gateway.request(path, { method: init.method ?? 'GET', key: init.key ?? gateway.adminKey, ...(init.json === undefined ? {} : { json: init.json }) });
  const text = await response.text();
  return { status: response.status, body: text === '' ? undefined : JSON.parse(text) };
};

beforeAll(async () => {
  gateway = await startTestGateway({ GATEWAY_SECRET: Buffer.alloc(32, 3).toString('base64'), RATE_LIMIT_PER_KEY: '0', RATE_LIMIT_PER_IP: '0' });
  storeId = (await call('/api/v1/stores', { method: 'POST', json: { name: 'Hooks' } })).body.id;
});
afterAll(async () => { await gateway.close(); });

const WOOCOMMERCE_BODY = {
  enabled: true, automaticRedelivery: true, url: 'https://shop.example/wc-api/btcpaygf_default/',
  authorizedEvents: { everything: false, specificEvents: ['InvoiceReceivedPayment', 'InvoicePaymentSettled', 'InvoiceProcessing', 'InvoiceExpired', 'InvoiceSettled', 'InvoiceInvalid'] },
};

it("WooCommerce's registration: 200 with id, url and a generated secret; the secret is never shown again", async () => {
  const created = await call(`/api/v1/stores/${storeId}/webhooks`, { method: 'POST', json: WOOCOMMERCE_BODY });
  expect(created.status).toBe(200);
  expect(created.body).toEqual({ id: expect.any(String), secret: expect.stringMatching(/^whsec_/), ...WOOCOMMERCE_BODY });
  const got = await call(`/api/v1/stores/${storeId}/webhooks/${created.body.id}`);
  expect(got.body).toEqual({ id: created.body.id, ...WOOCOMMERCE_BODY });
  expect((await call(`/api/v1/stores/${storeId}/webhooks`)).body).toContainEqual(got.body);
  const stored = await gateway.server.pool.query('SELECT secret_sealed FROM webhooks WHERE id = $1', [created.body.id]);
  expect(stored.rows[0].secret_sealed).toMatch(/^v1\./);
  expect(JSON.stringify(stored.rows)).not.toContain(created.body.secret);
  expect(gateway.logs.text()).not.toContain(created.body.secret);
});

it("Magento's: a client secret and BTCPay's defaults", async () => {
  const created = await call(`/api/v1/stores/${storeId}/webhooks`, { method: 'POST', json: { url: 'https://m2.example/rest/V2/btcpay/webhook', secret: 'my own secret' } });
  expect(created.body).toMatchObject({ secret: 'my own secret', enabled: true, automaticRedelivery: true, authorizedEvents: { everything: true, specificEvents: [] } });
});

it('PUT replaces the settings; an empty secret keeps the old one, a new one replaces it', async () => {
  const created = (await call(`/api/v1/stores/${storeId}/webhooks`, { method: 'POST', json: { url: 'https://a.example/' } })).body;
  const sealed = async () => (await gateway.server.pool.query('SELECT secret_sealed FROM webhooks WHERE id = $1', [created.id])).rows[0].secret_sealed;
  const before = await sealed();
  const updated = await call(`/api/v1/stores/${storeId}/webhooks/${created.id}`, { method: 'PUT', json: { url: 'https://b.example/', secret: null, enabled: false } });
  expect(updated).toEqual({ status: 200, body: { id: created.id, url: 'https://b.example/', enabled: false, automaticRedelivery: true, authorizedEvents: { everything: true, specificEvents: [] } } });
  expect(await sealed()).toBe(before);
  await call(`/api/v1/stores/${storeId}/webhooks/${created.id}`, { method: 'PUT', json: { url: 'https://b.example/', secret: 'new' } });
  expect(await sealed()).not.toBe(before);
});

it.each(['not a url', 'ftp://shop.example/hook', 'https://user:pw@shop.example/hook', '/relative', ''])('422 Invalid Url for %j', async (url) => {
  const created = await call(`/api/v1/stores/${storeId}/webhooks`, { method: 'POST', json: { url } });
  expect(created).toEqual({ status: 422, body: [{ path: 'url', message: 'Invalid Url' }] });
});

it('422 names a missing url and wrongly typed fields', async () => {
  expect((await call(`/api/v1/stores/${storeId}/webhooks`, { method: 'POST', json: {} })).body).toEqual([{ path: 'url', message: 'Invalid Url' }]);
  const typed = await call(`/api/v1/stores/${storeId}/webhooks`, { method: 'POST', json: { url: 'https://x.example/', enabled: 'yes', authorizedEvents: { specificEvents: 'InvoiceSettled' } } });
  expect(typed.status).toBe(422);
  expect(typed.body.map((p: { path: string }) => p.path).sort()).toEqual(['authorizedEvents.specificEvents', 'enabled']);
});

it("Greenfield's not-found errors", async () => {
  expect(await call(`/api/v1/stores/${storeId}/webhooks/NoSuchHook`)).toEqual({ status: 404, body: { code: 'webhook-not-found', message: expect.any(String) } });
  expect((await call(`/api/v1/stores/${storeId}/webhooks/bad:id`, { method: 'DELETE' })).body.code).toBe('webhook-not-found');
  expect((await call('/api/v1/stores/NoSuchStore/webhooks')).body.code).toBe('store-not-found');
  const hook = (await call(`/api/v1/stores/${storeId}/webhooks`, { method: 'POST', json: { url: 'https://c.example/' } })).body;
  expect((await call(`/api/v1/stores/${storeId}/webhooks/${hook.id}/deliveries/Nope`)).body.code).toBe('webhookdelivery-not-found');
  expect((await call(`/api/v1/stores/${storeId}/webhooks/${hook.id}/deliveries?count=5`)).body).toEqual([]);
  expect((await call(`/api/v1/stores/${storeId}/webhooks/${hook.id}`, { method: 'DELETE' })).status).toBe(200);
  expect((await call(`/api/v1/stores/${storeId}/webhooks/${hook.id}`)).status).toBe(404);
  // Another store's webhook is not found through this store.
  const other = (await call('/api/v1/stores', { method: 'POST', json: { name: 'Other' } })).body.id;
  const foreign = (await call(`/api/v1/stores/${other}/webhooks`, { method: 'POST', json: { url: 'https://d.example/' } })).body;
  expect((await call(`/api/v1/stores/${storeId}/webhooks/${foreign.id}`)).status).toBe(404);
});

it('needs btcpay.store.webhooks.canmodifywebhooks on the store', async () => {
  const viewOnly = await call('/api/v1/api-keys', { method: 'POST', json: { label: 'view', permissions: [`btcpay.store.canviewinvoices:${storeId}`] } });
  const denied = await call(`/api/v1/stores/${storeId}/webhooks`, { key: viewOnly.body.apiKey });
  expect(denied).toMatchObject({ status: 403, body: { code: 'missing-permission', missingPermission: 'btcpay.store.webhooks.canmodifywebhooks' } });
  const allowed = await call('/api/v1/api-keys', { method: 'POST', json: { label: 'hooks', permissions: [`btcpay.store.webhooks.canmodifywebhooks:${storeId}`] } });
  expect((await call(`/api/v1/stores/${storeId}/webhooks`, { key: allowed.body.apiKey })).status).toBe(200);
});

it('pruning after 60 days keeps the type only, and a pruned delivery cannot be redelivered (409)', async () => {
  const hook = (await call(`/api/v1/stores/${storeId}/webhooks`, { method: 'POST', json: { url: 'https://e.example/' } })).body;
  const old = new Date(Date.now() - 61 * 24 * 3_600_000);
  await gateway.server.pool.query(
    `INSERT INTO webhook_deliveries (id, webhook_id, store_id, original_delivery_id, is_redelivery, event_type, status, attempts, next_attempt_at, created_at, body)
     VALUES ('OldOne', $1, $2, 'OldOne', false, 'InvoiceSettled', 'delivered', 1, NULL, $3, $4)`,
    [hook.id, storeId, old, Buffer.from('{"type":"InvoiceSettled","invoiceId":"x"}')]);
  expect(await createWebhookDeliveryRepository(gateway.server.pool).prune(new Date(Date.now() - 60 * 24 * 3_600_000))).toBe(1);
  const request = await gateway.request(`/api/v1/stores/${storeId}/webhooks/${hook.id}/deliveries/OldOne/request`, { key: gateway.adminKey });
  expect(JSON.parse(await request.text())).toEqual({ type: 'InvoiceSettled' });
  const again = await call(`/api/v1/stores/${storeId}/webhooks/${hook.id}/deliveries/OldOne/redeliver`, { method: 'POST' });
  expect(again).toEqual({ status: 409, body: { code: 'webhookdelivery-pruned', message: expect.stringContaining('pruned') } });
});
