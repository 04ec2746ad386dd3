/**
 * The outbox seam for webhooks (issue 7): event hooks run inside the transaction that writes the
 * events, for creations and for every later change; a hook failing rolls the whole change back.
 */
import { createInvoiceRepository, type InvoiceEventHook } from '../../../src/adapters/db/invoice-repository';
import { markInvoice } from '../../../src/app/invoices/mark-invoice';
import type { StoredInvoice } from '../../../src/app/ports';
import type { InvoiceId, PaymentHash } from '../../../src/domain/ids';
import { startInvoiceGateway, type InvoiceTestGateway } from './harness';

jest.setTimeout(60_000);

let t: InvoiceTestGateway;
let template: StoredInvoice;
beforeAll(async () => {
  t = await startInvoiceGateway();
  const storeId = await t.createStore();
  const created = await t.call(`/api/v1/stores/${storeId}/invoices`, { method: 'POST', json: { amount: '10', currency: 'SATS' } });
  template = (await createInvoiceRepository(t.gateway.server.pool).findById(created.body.id))!;
  await t.gateway.server.pool.query('CREATE TABLE hook_outbox (event_id bigint PRIMARY KEY, type text NOT NULL)');
});
afterAll(async () => { await t.close(); });

let serial = 0;
const copy = (): StoredInvoice => {
  serial += 1;
  return { ...template, id: `hooked${serial}` as InvoiceId, paymentHash: serial.toString(16).padStart(64, '0') as PaymentHash };
};
const recordingHook: InvoiceEventHook = async (tx, events) => {
  for (const stored of events) await tx.query('INSERT INTO hook_outbox (event_id, type) VALUES ($1, $2)', [stored.id, stored.event.type]);
};
const outbox = async () => (await t.gateway.server.pool.query('SELECT type FROM hook_outbox ORDER BY event_id')).rows.map((row) => row.type as string);

it('creation and marking write outbox rows in the same transaction as the events', async () => {
  const invoices = createInvoiceRepository(t.gateway.server.pool, { eventHooks: [recordingHook] });
  const invoice = copy();
  await invoices.insert(invoice, [{ type: 'InvoiceCreated' }], { now: new Date() });
  await markInvoice({ invoices, clock: { now: () => new Date() } }, { invoiceId: invoice.id, status: 'Settled' });
  expect(await outbox()).toEqual(['InvoiceCreated', 'InvoiceSettled']);
  expect((await invoices.eventsOf(invoice.id)).map((stored) => stored.event.type)).toEqual(['InvoiceCreated', 'InvoiceSettled']);
});

it('a failing hook rolls back the invoice, its events and the state change', async () => {
  const failing: InvoiceEventHook = async () => { throw new Error('outbox unavailable'); };
  const invoices = createInvoiceRepository(t.gateway.server.pool, { eventHooks: [failing] });
  const invoice = copy();
  await expect(invoices.insert(invoice, [{ type: 'InvoiceCreated' }], { now: new Date() })).rejects.toThrow('outbox unavailable');
  expect(await invoices.findById(invoice.id)).toBeNull();

  const plain = createInvoiceRepository(t.gateway.server.pool);
  const kept = copy();
  await plain.insert(kept, [{ type: 'InvoiceCreated' }], { now: new Date() });
  await expect(markInvoice({ invoices, clock: { now: () => new Date() } }, { invoiceId: kept.id, status: 'Invalid' })).rejects.toThrow('outbox unavailable');
  expect((await plain.findById(kept.id))?.status).toBe('New');
  expect((await plain.eventsOf(kept.id)).map((stored) => stored.event.type)).toEqual(['InvoiceCreated']);
});
