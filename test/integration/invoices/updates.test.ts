/**
 * Greenfield's metadata update (`PUT …/invoices/{id}`), archive (`DELETE`) and unarchive, over HTTP
 * as a shop developer calls them.
 */
import { startInvoiceGateway, type InvoiceTestGateway } from './harness';

jest.setTimeout(60_000);

let t: InvoiceTestGateway;
let storeId: string;
let otherStoreId: string;
beforeAll(async () => {
  t = await startInvoiceGateway();
  storeId = await t.createStore();
  otherStoreId = await t.createStore();
});
afterAll(async () => { await t.close(); });

const createInvoice = async (orderId: string) => {
  const created = await t.call(`/api/v1/stores/${storeId}/invoices`, {
    method: 'POST', json: { amount: '100', currency: 'SATS', metadata: { orderId, buyerEmail: 'old@example.com' } },
  });
  expect(created.status).toBe(200);
  return created.body as { id: string };
};
const invoicePath = (id: string, store = storeId) => `/api/v1/stores/${store}/invoices/${id}`;
const listIds = async (query: string) => ((await t.call(`/api/v1/stores/${storeId}/invoices?${query}`)).body as { id: string }[]).map((i) => i.id);

describe('PUT …/invoices/{invoiceId}: metadata update', () => {
  it('replaces the metadata whole; the orderId filter and textSearch follow it', async () => {
    const invoice = await createInvoice('UPD-1');
    const updated = await t.call(invoicePath(invoice.id), { method: 'PUT', json: { metadata: { orderId: 'UPD-1-renamed', note: 'Gift wrap' } } });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ id: invoice.id, metadata: { orderId: 'UPD-1-renamed', note: 'Gift wrap' }, status: 'New' });
    expect(updated.body.metadata).not.toHaveProperty('buyerEmail');
    expect((await t.call(invoicePath(invoice.id))).body.metadata).toEqual({ orderId: 'UPD-1-renamed', note: 'Gift wrap' });
    expect(await listIds('orderId=UPD-1-renamed')).toEqual([invoice.id]);
    expect(await listIds('orderId=UPD-1')).toEqual([]);
    expect(await listIds('textSearch=gift%20WRAP')).toEqual([invoice.id]);
    expect(await listIds('textSearch=old%40example.com')).toEqual([]);
  });

  it('sends the new metadata in later webhooks', async () => {
    const hook = await t.call(`/api/v1/stores/${storeId}/webhooks`, { method: 'POST', json: { url: 'https://shop.example/hooks' } });
    expect(hook.status).toBe(200);
    const invoice = await createInvoice('UPD-2');
    await t.call(invoicePath(invoice.id), { method: 'PUT', json: { metadata: { orderId: 'UPD-2-renamed' } } });
    expect((await t.call(`${invoicePath(invoice.id)}/status`, { method: 'POST', json: { status: 'Settled' } })).status).toBe(200);
    const bodies = await t.gateway.server.pool.query<{ event_type: string; body: Buffer }>(
      `SELECT d.event_type, d.body FROM webhook_deliveries d JOIN invoice_events e ON e.id = d.invoice_event_id
       WHERE e.invoice_id = $1 ORDER BY d.invoice_event_id`, [invoice.id]);
    const metadataOf = (type: string) => JSON.parse(bodies.rows.find((row) => row.event_type === type)!.body.toString()).metadata;
    expect(metadataOf('InvoiceCreated')).toMatchObject({ orderId: 'UPD-2' });
    expect(metadataOf('InvoiceSettled')).toEqual({ orderId: 'UPD-2-renamed' });
  });

  it.each([
    ['no metadata', {}],
    ['metadata that is not an object', { metadata: ['a'] }],
    ['text Postgres cannot store', { metadata: { note: 'a\u0000b' } }],
  ])('answers 422 naming metadata for %s, and changes nothing', async (_case, body) => {
    const invoice = await createInvoice('UPD-3');
    const refused = await t.call(invoicePath(invoice.id), { method: 'PUT', json: body });
    expect(refused.status).toBe(422);
    expect(refused.body).toEqual([expect.objectContaining({ path: 'metadata' })]);
    expect((await t.call(invoicePath(invoice.id))).body.metadata).toEqual({ orderId: 'UPD-3', buyerEmail: 'old@example.com' });
  });
});

describe('DELETE …/invoices/{invoiceId} (archive) and POST …/unarchive', () => {
  it('archives (again harmlessly), hides it from the list unless includeArchived, and brings it back once', async () => {
    const invoice = await createInvoice('ARC-1');
    const archived = await t.call(invoicePath(invoice.id), { method: 'DELETE' });
    expect(archived.status).toBe(200);
    expect(archived.body).toBeUndefined();
    expect((await t.call(invoicePath(invoice.id), { method: 'DELETE' })).status).toBe(200);
    expect((await t.call(invoicePath(invoice.id))).body).toMatchObject({ archived: true, status: 'New' });
    expect(await listIds('orderId=ARC-1')).toEqual([]);
    expect(await listIds('orderId=ARC-1&includeArchived=true')).toEqual([invoice.id]);

    const unarchived = await t.call(`${invoicePath(invoice.id)}/unarchive`, { method: 'POST' });
    expect(unarchived.status).toBe(200);
    expect(unarchived.body).toMatchObject({ id: invoice.id, archived: false });
    expect(await listIds('orderId=ARC-1')).toEqual([invoice.id]);
    const again = await t.call(`${invoicePath(invoice.id)}/unarchive`, { method: 'POST' });
    expect(again.status).toBe(400);
    expect(again.body).toEqual({ code: 'already-unarchived', message: 'Invoice is already unarchived' });
  });
});

describe('who may change an invoice', () => {
  it("another store's path, an unknown id: 404, and the invoice is untouched", async () => {
    const invoice = await createInvoice('WHO-1');
    for (const path of [invoicePath(invoice.id, otherStoreId), invoicePath('NoSuchInvoice1')]) {
      expect((await t.call(path, { method: 'PUT', json: { metadata: {} } })).body).toEqual({ code: 'invoice-not-found', message: 'The invoice was not found' });
      expect((await t.call(path, { method: 'DELETE' })).status).toBe(404);
      expect((await t.call(`${path}/unarchive`, { method: 'POST' })).status).toBe(404);
    }
    expect((await t.call(invoicePath(invoice.id))).body).toMatchObject({ archived: false, metadata: { orderId: 'WHO-1' } });
  });

  it('a key that may only view invoices gets 403 missing-permission', async () => {
    const invoice = await createInvoice('WHO-2');
    const viewer = await t.call('/api/v1/api-keys', { method: 'POST', json: { permissions: [`btcpay.store.canviewinvoices:${storeId}`] } });
    const key = viewer.body.apiKey as string;
    for (const [method, path] of [['PUT', invoicePath(invoice.id)], ['DELETE', invoicePath(invoice.id)], ['POST', `${invoicePath(invoice.id)}/unarchive`]] as const) {
      const refused = await t.call(path, { method, key, ...(method === 'PUT' ? { json: { metadata: {} } } : {}) });
      expect(refused.status).toBe(403);
      expect(refused.body).toMatchObject({ code: 'missing-permission', missingPermission: 'btcpay.store.canmodifyinvoices' });
    }
  });
});
