/**
 * A creation's outbox rows are written by the insert statement itself (invoice-insert.ts), for the
 * store's webhooks as this process last saw them, checked by the statement: a webhook added, changed
 * or disabled since (by any process) is taken into account, nothing is half-written, and the NOTIFY
 * that queues each delivery goes out at commit.
 */
import { Client } from 'pg';
import { createInvoiceRepository } from '../../../src/adapters/db/invoice-repository';
import type { InvoiceRepository, StoredInvoice } from '../../../src/app/ports';
import type { InvoiceId, PaymentHash } from '../../../src/domain/ids';
import { startInvoiceGateway, type InvoiceTestGateway } from './harness';

jest.setTimeout(60_000);

let t: InvoiceTestGateway;
let storeId: string;
let template: StoredInvoice;
let invoices: InvoiceRepository;
let listener: Client;
const notified: string[] = [];

beforeAll(async () => {
  t = await startInvoiceGateway();
  storeId = await t.createStore();
  const created = await t.call(`/api/v1/stores/${storeId}/invoices`, { method: 'POST', json: { amount: '10', currency: 'SATS', metadata: { orderId: 'T-1' } } });
  invoices = createInvoiceRepository(t.gateway.server.pool);
  template = (await invoices.findById(created.body.id))!;
  listener = new Client({ connectionString: t.gateway.config.DATABASE_URL });
  await listener.connect();
  listener.on('notification', (message) => { if (message.channel === 'webhook_deliveries') notified.push(message.payload ?? ''); });
  await listener.query('LISTEN webhook_deliveries');
});
afterAll(async () => {
  await listener.end();
  await t.close();
});

let serial = 0;
const copy = (): StoredInvoice => {
  serial += 1;
  return { ...template, id: `outboxed${serial}` as InvoiceId, paymentHash: (1_000 + serial).toString(16).padStart(64, '0') as PaymentHash };
};
const deliveriesOf = async (invoice: StoredInvoice) => (await t.gateway.server.pool.query(
  `SELECT d.id, d.webhook_id, d.event_type, d.status, d.body, e.invoice_id FROM webhook_deliveries d
   JOIN invoice_events e ON e.id = d.invoice_event_id WHERE e.invoice_id = $1 ORDER BY d.webhook_id`, [invoice.id])).rows;
const registerWebhook = async (json: Record<string, unknown>) => {
  const created = await t.call(`/api/v1/stores/${storeId}/webhooks`, { method: 'POST', json: { url: 'https://shop.example/hook', ...json } });
  expect(created.status).toBe(200);
  return created.body.id as string;
};
const eventually = async (check: () => boolean) => {
  for (let i = 0; i < 100 && !check(); i += 1) await new Promise((resolve) => setTimeout(resolve, 20));
  expect(check()).toBe(true);
};

it('follows the store\'s webhooks as they change after this process first read them', async () => {
  const before = copy();
  await invoices.insert(before, [{ type: 'InvoiceCreated' }], { now: new Date() }); // reads (and keeps) "no webhooks"
  expect(await deliveriesOf(before)).toEqual([]);

  const everything = await registerWebhook({});
  const settledOnly = await registerWebhook({ authorizedEvents: { everything: false, specificEvents: ['InvoiceSettled'] } });
  const created = copy();
  await invoices.insert(created, [{ type: 'InvoiceCreated' }], { now: new Date() });
  const rows = await deliveriesOf(created);
  expect(rows.map((row) => [row.webhook_id, row.event_type, row.status])).toEqual([[everything, 'InvoiceCreated', 'pending']]);
  const body = JSON.parse(rows[0].body.toString('utf8'));
  expect(body).toMatchObject({ deliveryId: rows[0].id, webhookId: everything, type: 'InvoiceCreated', invoiceId: created.id, storeId, metadata: { orderId: 'T-1' } });
  await eventually(() => notified.includes(rows[0].id));
  expect((await invoices.eventsOf(created.id)).map((stored) => stored.event.type)).toEqual(['InvoiceCreated']);

  // Another process subscribes the second webhook to everything and disables the first.
  await t.call(`/api/v1/stores/${storeId}/webhooks/${settledOnly}`, { method: 'PUT', json: { url: 'https://shop.example/hook', authorizedEvents: { everything: true } } });
  await t.call(`/api/v1/stores/${storeId}/webhooks/${everything}`, { method: 'PUT', json: { url: 'https://shop.example/hook', enabled: false } });
  const later = copy();
  await invoices.insert(later, [{ type: 'InvoiceCreated' }], { now: new Date() });
  expect((await deliveriesOf(later)).map((row) => [row.webhook_id, row.event_type])).toEqual([[settledOnly, 'InvoiceCreated']]);
});

it('several events: each delivery points at its own event row', async () => {
  const invoice = copy();
  await invoices.insert(invoice, [{ type: 'InvoiceCreated' }, { type: 'InvoiceExpired', partiallyPaid: false }], { now: new Date() });
  const events = await invoices.eventsOf(invoice.id);
  const rows = (await t.gateway.server.pool.query(
    'SELECT d.event_type, e.type FROM webhook_deliveries d JOIN invoice_events e ON e.id = d.invoice_event_id WHERE e.invoice_id = $1 ORDER BY e.id',
    [invoice.id])).rows;
  expect(events.map((stored) => stored.event.type)).toEqual(['InvoiceCreated', 'InvoiceExpired']);
  expect(rows).toEqual([{ event_type: 'InvoiceCreated', type: 'InvoiceCreated' }, { event_type: 'InvoiceExpired', type: 'InvoiceExpired' }]);
});

it('a failing insert writes nothing: no invoice, no events, no deliveries', async () => {
  const invoice = copy();
  await invoices.insert(invoice, [{ type: 'InvoiceCreated' }], { now: new Date() });
  const count = async () => Number((await t.gateway.server.pool.query('SELECT count(*) AS n FROM webhook_deliveries')).rows[0].n);
  const deliveries = await count();
  // The same payment hash again: a unique violation, after the invoice's own CTEs ran.
  const clash = { ...copy(), paymentHash: invoice.paymentHash };
  await expect(invoices.insert(clash, [{ type: 'InvoiceCreated' }], { now: new Date() })).rejects.toThrow();
  expect(await invoices.findById(clash.id)).toBeNull();
  expect(await invoices.eventsOf(clash.id)).toEqual([]);
  expect(await count()).toBe(deliveries);
});
