/**
 * The live status behind the checkout page: the Postgres feed (NOTIFY from migration 005's trigger,
 * reconnection), the Server-Sent Events stream over real HTTP, and a shutdown with streams open.
 */
import { Client } from 'pg';
import { createInvoiceStatusFeed, type ClosableInvoiceStatusFeed } from '../../../src/adapters/db/invoice-status-feed';
import type { InvoiceId } from '../../../src/domain/ids';
import { captureLogs } from '../../support/log-capture';
import { startCheckoutGateway, type CheckoutTestGateway } from './harness';

jest.setTimeout(60_000);

let g: CheckoutTestGateway;
let closed = false;
beforeAll(async () => { g = await startCheckoutGateway(); });
afterAll(async () => { if (!closed) await g.close(); });

/** Resolves at the n-th call. */
function counter() {
  let count = 0;
  const waiters: { n: number; resolve: () => void }[] = [];
  return {
    get count() { return count; },
    signal: () => {
      count += 1;
      for (const waiter of waiters.filter((w) => w.n <= count)) waiter.resolve();
    },
    reached: (n: number) => new Promise<void>((resolve) => { if (count >= n) resolve(); else waiters.push({ n, resolve }); }),
  };
}

interface SseEvent { readonly event: string; readonly data: string }

/** A Server-Sent Events client over fetch: events in order, and whether the server ended the stream. */
async function openEvents(url: string) {
  const abort = new AbortController();
  const response = await fetch(url, { signal: abort.signal, headers: { accept: 'text/event-stream' } });
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  const events: SseEvent[] = [];
  const raw: string[] = [];
  let buffer = '';
  let ended = false;
  const pump = (async () => {
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let cut: number;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          raw.push(block);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event !== undefined && data !== undefined) events.push({ event, data });
        }
      }
      ended = true;
    } catch {
      // aborted by the test
    }
  })();
  const waitFor = async (count: number): Promise<SseEvent[]> => {
    while (events.length < count && !ended) await new Promise((resolve) => setTimeout(resolve, 10));
    return events.slice(0, count);
  };
  return { response, events, raw, waitFor, ended: () => pump.then(() => ended), close: () => abort.abort() };
}

describe('the invoice status feed (LISTEN invoice_status)', () => {
  let feed: ClosableInvoiceStatusFeed;
  beforeAll(async () => {
    feed = createInvoiceStatusFeed({ databaseUrl: g.t.gateway.config.DATABASE_URL, logger: captureLogs().logger });
    await feed.ready();
  });
  afterAll(async () => { await feed.close(); });

  it('signals the subscribers of an invoice when its status changes, and only them', async () => {
    const paid = await g.createInvoice();
    const bystander = await g.createInvoice();
    const onPaid = counter();
    const onBystander = counter();
    const unsubscribe = feed.subscribe(paid.id as InvoiceId, onPaid.signal);
    feed.subscribe(bystander.id as InvoiceId, onBystander.signal);
    await g.pay(paid);
    await onPaid.reached(1);
    expect(onPaid.count).toBe(1);
    expect(onBystander.count).toBe(0);
    // Unsubscribed: a change of the bystander reaches only the bystander's subscriber.
    unsubscribe();
    await g.t.call(`/api/v1/stores/${g.storeId}/invoices/${bystander.id}/status`, { method: 'POST', json: { status: 'Invalid' } });
    await onBystander.reached(1);
    expect(onPaid.count).toBe(1);
  });

  it('comes back after its connection is killed, and signals everyone (notifications may have been missed)', async () => {
    const invoice = await g.createInvoice();
    const signals = counter();
    feed.subscribe(invoice.id as InvoiceId, signals.signal);
    const admin = new Client({ connectionString: g.t.gateway.config.DATABASE_URL });
    await admin.connect();
    try {
      const killed = await admin.query(
        "SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE datname = current_database() AND query = 'LISTEN invoice_status'");
      expect(killed.rowCount).toBeGreaterThanOrEqual(1);
    } finally {
      await admin.end();
    }
    await signals.reached(1);
    // And it listens again: a change now is signalled too.
    await g.pay(invoice);
    await signals.reached(2);
  });
});

describe('GET /i/{invoiceId}/events', () => {
  it('sends the status at once, the change when paid, then end, and closes', async () => {
    const invoice = await g.createInvoice();
    const stream = await openEvents(`${g.t.gateway.url}/i/${invoice.id}/events`);
    expect(stream.response.status).toBe(200);
    expect(stream.response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(stream.response.headers.get('cache-control')).toBe('no-store');
    const [first] = await stream.waitFor(1);
    expect(first).toEqual({ event: 'status', data: JSON.stringify({ status: 'unpaid', expirationTime: invoice.data.expirationTime }) });
    expect(stream.raw[0]).toBe('retry: 3000');
    await g.pay(invoice);
    const events = await stream.waitFor(3);
    expect(events.slice(1)).toEqual([
      { event: 'status', data: JSON.stringify({ status: 'paid', expirationTime: invoice.data.expirationTime }) },
      { event: 'end', data: '{}' },
    ]);
    expect(await stream.ended()).toBe(true);
  });

  it('for an invoice already final: its status and end, nothing else', async () => {
    const invoice = await g.createInvoice();
    await g.t.call(`/api/v1/stores/${g.storeId}/invoices/${invoice.id}/status`, { method: 'POST', json: { status: 'Invalid' } });
    const stream = await openEvents(`${g.t.gateway.url}/i/${invoice.id}/events`);
    expect(await stream.ended()).toBe(true);
    expect(stream.events.map((e) => e.event === 'status' ? JSON.parse(e.data).status : e.event)).toEqual(['invalid', 'end']);
  });

  it('many browsers on one invoice all see the change (one LISTEN connection for all)', async () => {
    const invoice = await g.createInvoice();
    const streams = await Promise.all(Array.from({ length: 5 }, () => openEvents(`${g.t.gateway.url}/i/${invoice.id}/events`)));
    await Promise.all(streams.map((s) => s.waitFor(1)));
    await g.pay(invoice);
    for (const stream of streams) {
      expect(await stream.ended()).toBe(true);
      expect(stream.events.map((e) => e.event === 'status' ? JSON.parse(e.data).status : e.event)).toEqual(['unpaid', 'paid', 'end']);
    }
    const listeners = await g.t.gateway.server.pool.query(
      "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND query = 'LISTEN invoice_status'");
    // This file's own feed (above) may still be connected; the gateway adds exactly one.
    expect(listeners.rows[0].n).toBeLessThanOrEqual(2);
  });

  it('shutting the gateway down ends open streams instead of waiting for them', async () => {
    const invoice = await g.createInvoice();
    const stream = await openEvents(`${g.t.gateway.url}/i/${invoice.id}/events`);
    await stream.waitFor(1);
    closed = true;
    await g.close();
    expect(await stream.ended()).toBe(true);
    expect(stream.events.map((e) => e.event)).toEqual(['status']);
  });
});
