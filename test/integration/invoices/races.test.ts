/**
 * The use cases that change an invoice, raced: each change happens once, with one set of events,
 * however many callers (HTTP marks, settlement reports, expiry) arrive at the same time.
 */
import { createInvoiceRepository } from '../../../src/adapters/db/invoice-repository';
import { expireInvoice } from '../../../src/app/invoices/expire-invoice';
import { markInvoice } from '../../../src/app/invoices/mark-invoice';
import { settleInvoice } from '../../../src/app/invoices/settle-invoice';
import type { Clock, InvoiceRepository } from '../../../src/app/ports';
import { InvoiceTransitionError } from '../../../src/domain/invoice/apply';
import type { InvoiceId, PaymentHash } from '../../../src/domain/ids';
import type { Sats } from '../../../src/domain/money/units';
import { startInvoiceGateway, type InvoiceTestGateway } from './harness';

jest.setTimeout(60_000);

let t: InvoiceTestGateway;
let storeId: string;
let invoices: InvoiceRepository;
const clock: Clock = { now: () => new Date() };
beforeAll(async () => {
  t = await startInvoiceGateway();
  storeId = await t.createStore();
  invoices = createInvoiceRepository(t.gateway.server.pool);
});
afterAll(async () => { await t.close(); });

async function newInvoice(body: Record<string, unknown> = { amount: '1000', currency: 'SATS' }) {
  const created = await t.call(`/api/v1/stores/${storeId}/invoices`, { method: 'POST', json: body });
  expect(created.status).toBe(200);
  const stored = await invoices.findById(created.body.id as InvoiceId);
  if (stored === null) throw new Error('created invoice not stored');
  return stored;
}
const eventTypes = async (id: InvoiceId) => (await invoices.eventsOf(id)).map((stored) => stored.event.type);

it('10 concurrent marks Settled: one 200, nine 422, one InvoiceSettled event', async () => {
  const invoice = await newInvoice();
  const replies = await Promise.all(Array.from({ length: 10 }, () =>
    t.call(`/api/v1/stores/${storeId}/invoices/${invoice.id}/status`, { method: 'POST', json: { status: 'Settled' } })));
  expect(replies.map((reply) => reply.status).sort()).toEqual([200, ...Array(9).fill(422)]);
  expect(await eventTypes(invoice.id)).toEqual(['InvoiceCreated', 'InvoiceSettled']);
});

it('Settled and Invalid marks racing: the invoice ends in a state consistent with its events', async () => {
  const invoice = await newInvoice();
  const replies = await Promise.all(['Settled', 'Invalid', 'Settled', 'Invalid'].map((status) =>
    markInvoice({ invoices, clock }, { invoiceId: invoice.id, status: status as 'Settled' | 'Invalid' })));
  const applied = replies.filter((reply) => !(reply instanceof Error) && reply.events.length > 0);
  const events = (await eventTypes(invoice.id)).slice(1);
  expect(events).toHaveLength(applied.length);
  const final = await invoices.findById(invoice.id);
  expect(final?.status).toBe(events.at(-1) === 'InvoiceSettled' ? 'Settled' : 'Invalid');
});

it('20 concurrent settlement reports of one payment: one payment recorded, one event sequence', async () => {
  const invoice = await newInvoice();
  const evidence = { invoiceId: invoice.id, paymentHash: invoice.paymentHash, receivedTime: new Date() };
  const results = await Promise.all(Array.from({ length: 20 }, () => settleInvoice({ invoices, clock }, evidence)));
  expect(results.every((result) => !(result instanceof Error))).toBe(true);
  expect(results.filter((result) => !(result instanceof Error) && result.events.length > 0)).toHaveLength(1);
  expect(await eventTypes(invoice.id)).toEqual(['InvoiceCreated', 'InvoiceReceivedPayment', 'InvoicePaymentSettled', 'InvoiceProcessing', 'InvoiceSettled']);
  const settled = await t.call(`/api/v1/invoices/${invoice.id}`);
  expect(settled.body).toMatchObject({ status: 'Settled', additionalStatus: 'None', paidAmount: '1000' });
  const methods = await t.call(`/api/v1/invoices/${invoice.id}/payment-methods`);
  expect(methods.body[0]).toMatchObject({ totalPaid: '0.00001000', due: '0.00000000', paymentMethodPaid: '0.00001000' });
  expect(methods.body[0].payments).toEqual([{
    id: invoice.paymentHash, receivedDate: Math.floor(evidence.receivedTime.getTime() / 1000), value: '0.00001', fee: '0',
    status: 'Settled', destination: invoice.bolt11,
  }]);
});

it('a settlement racing a mark Invalid: both recorded in a consistent order, never a lost payment', async () => {
  const invoice = await newInvoice();
  const [settled, marked] = await Promise.all([
    settleInvoice({ invoices, clock }, { invoiceId: invoice.id, paymentHash: invoice.paymentHash, receivedTime: new Date() }),
    markInvoice({ invoices, clock }, { invoiceId: invoice.id, status: 'Invalid' }),
  ]);
  expect(settled).not.toBeInstanceOf(Error);
  const final = await invoices.findById(invoice.id);
  expect(final?.paidSats).toBe(1000);
  expect(final?.payments).toHaveLength(1);
  const events = await eventTypes(invoice.id);
  expect(events.filter((type) => type === 'InvoicePaymentSettled')).toHaveLength(1);
  // Marked first: Invalid stays, the payment is announced; settled first: Settled can no longer be marked Invalid.
  if (marked instanceof Error) expect(final?.status).toBe('Settled');
  else expect(final?.status).toBe('Invalid');
});

it('settlement evidence for another BOLT11, or without an amount for a top-up, is refused and changes nothing', async () => {
  const invoice = await newInvoice();
  const wrong = await settleInvoice({ invoices, clock }, { invoiceId: invoice.id, paymentHash: '0'.repeat(64) as PaymentHash, receivedTime: new Date() });
  expect(wrong).toMatchObject({ code: 'settlement-evidence-rejected' });
  const topUp = await newInvoice({ currency: 'SATS' });
  const noAmount = await settleInvoice({ invoices, clock }, { invoiceId: topUp.id, paymentHash: topUp.paymentHash, receivedTime: new Date() });
  expect(noAmount).toMatchObject({ code: 'settlement-evidence-rejected' });
  const paid = await settleInvoice({ invoices, clock }, { invoiceId: topUp.id, paymentHash: topUp.paymentHash, receivedTime: new Date(), sats: 777 as Sats });
  expect(paid).not.toBeInstanceOf(Error);
  expect((await invoices.findById(topUp.id))?.status).toBe('Settled');
  expect(await eventTypes(invoice.id)).toEqual(['InvoiceCreated']);
  expect(await settleInvoice({ invoices, clock }, { invoiceId: 'Missing' as InvoiceId, paymentHash: topUp.paymentHash, receivedTime: new Date() }))
    .toMatchObject({ code: 'invoice-not-found' });
});

it('expiry: refused before expirationTime (with when), once after it, a no-op when repeated or raced', async () => {
  const invoice = await newInvoice({ amount: '1000', currency: 'SATS', checkout: { expirationMinutes: 1 } });
  const early = await expireInvoice({ invoices, clock }, invoice.id);
  expect(early).toBeInstanceOf(InvoiceTransitionError);
  expect(early).toMatchObject({ code: 'invoice-not-expired-yet', expirationTime: invoice.expirationTime });
  const later: Clock = { now: () => new Date(invoice.expirationTime.getTime() + 1) };
  const results = await Promise.all(Array.from({ length: 8 }, () => expireInvoice({ invoices, clock: later }, invoice.id)));
  expect(results.filter((result) => !(result instanceof Error) && result.events.length > 0)).toHaveLength(1);
  expect(await eventTypes(invoice.id)).toEqual(['InvoiceCreated', 'InvoiceExpired']);
  const expired = await t.call(`/api/v1/invoices/${invoice.id}`);
  expect(expired.body).toMatchObject({ status: 'Expired', availableStatusesForManualMarking: ['Settled', 'Invalid'] });

  // Paid after expiry: BTCPay keeps it Expired and marks it PaidLate.
  await settleInvoice({ invoices, clock: later }, { invoiceId: invoice.id, paymentHash: invoice.paymentHash, receivedTime: later.now() });
  expect((await t.call(`/api/v1/invoices/${invoice.id}`)).body).toMatchObject({ status: 'Expired', additionalStatus: 'PaidLate' });
  expect((await eventTypes(invoice.id)).slice(2)).toEqual(['InvoiceReceivedPayment', 'InvoicePaymentSettled', 'InvoicePaidAfterExpiration']);
});

it('events are rows in order with their own fields, for the webhook outbox', async () => {
  const invoice = await newInvoice();
  await t.call(`/api/v1/invoices/${invoice.id}/status`, { method: 'POST', json: { status: 'Invalid' } });
  const events = await invoices.eventsOf(invoice.id);
  expect(events.map((stored) => stored.event)).toEqual([{ type: 'InvoiceCreated' }, { type: 'InvoiceInvalid', manuallyMarked: true }]);
  expect(BigInt(events[1]!.id)).toBeGreaterThan(BigInt(events[0]!.id));
  expect(events.every((stored) => stored.storeId === storeId && stored.invoiceId === invoice.id)).toBe(true);
});
