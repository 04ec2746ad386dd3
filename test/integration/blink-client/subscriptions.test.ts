import type { BlinkApiKey } from '../../../connection-string/types';
import {
  isBlinkError, type BlinkAccountUpdate, type BlinkError, type BlinkInvoice, type BlinkPaymentStatus, type BlinkSubscription,
} from '../../../src/app/blink-port';
import type { InvoiceId } from '../../../src/domain/ids';
import type { Sats } from '../../../src/domain/money/units';
import { startFixture, type Fixture, type Stats } from './sandbox-fixture';

let fixture: Fixture;
let serial = 0;
const open: BlinkSubscription[] = [];

beforeAll(async () => { fixture = await startFixture(); });
afterEach(async () => {
  await Promise.all(open.splice(0).map((subscription) => subscription.close()));
  await fixture.control('faults', { refuseWebsockets: false });
});
afterAll(async () => { await fixture.close(); });

/** Collects what a subscription delivers and lets a test wait for the next matching event. */
function recorder<T>() {
  const events: ({ type: 'connected'; reconnect: boolean } | { type: 'update'; update: T } | { type: 'error'; error: BlinkError })[] = [];
  const waiters: (() => void)[] = [];
  const push = (event: (typeof events)[number]) => { events.push(event); waiters.splice(0).forEach((wake) => wake()); };
  return {
    events,
    listeners: {
      onConnected: (info: { reconnect: boolean }) => push({ type: 'connected', reconnect: info.reconnect }),
      onUpdate: (update: T) => push({ type: 'update', update }),
      onError: (error: BlinkError) => push({ type: 'error', error }),
    },
    /** Resolves with the first event from index `from` on that satisfies `match` (the jest timeout bounds it). */
    async next(match: (event: (typeof events)[number]) => boolean, from = 0): Promise<(typeof events)[number]> {
      for (;;) {
        const found = events.slice(from).find(match);
        if (found) return found;
        await new Promise<void>((resolve) => waiters.push(resolve));
      }
    },
  };
}

async function createInvoice(): Promise<BlinkInvoice> {
  const created = await fixture.client.createInvoice(fixture.keyed('READ+RECEIVE'), {
    invoiceId: `Sub${process.pid}x${serial++}` as InvoiceId, walletId: fixture.walletId('BTC'), amount: { currency: 'BTC', sats: 50 as Sats },
  });
  if (isBlinkError(created)) throw created;
  return created;
}

async function waitForSubscriptions(field: string, count: number): Promise<void> {
  for (;;) {
    const stats = (await fixture.control('stats')) as Stats;
    if ((stats.subscriptions?.[field] ?? 0) >= count) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('subscriptions over graphql-ws', () => {
  it('per-invoice status: the current status first, then PAID with the preimage', async () => {
    const invoice = await createInvoice();
    const seen = recorder<BlinkPaymentStatus>();
    open.push(fixture.client.subscribeInvoiceStatus(fixture.keyless(), invoice.paymentHash, seen.listeners));
    await seen.next((event) => event.type === 'connected');
    await seen.next((event) => event.type === 'update' && event.update.status === 'PENDING');
    await fixture.control('pay', { paymentHash: invoice.paymentHash });
    const paid = await seen.next((event) => event.type === 'update' && event.update.status === 'PAID');
    expect(paid).toMatchObject({ update: { paymentHash: invoice.paymentHash, preimage: expect.stringMatching(/^[0-9a-f]{64}$/) } });
  });

  it('myUpdates: a paid invoice arrives as a lightning RECEIVE, also when settled intraledger', async () => {
    const seen = recorder<BlinkAccountUpdate>();
    open.push(fixture.client.subscribeAccountUpdates(fixture.keyed('READ+RECEIVE'), seen.listeners));
    await seen.next((event) => event.type === 'connected');
    await waitForSubscriptions('myUpdates', 1);
    for (const intraledger of [false, true]) {
      const invoice = await createInvoice();
      await fixture.control('pay', { paymentHash: invoice.paymentHash, intraledger });
      const update = await seen.next((event) => event.type === 'update' && event.update.kind === 'lightning'
        && event.update.paymentHash === invoice.paymentHash);
      expect(update).toMatchObject({ update: { status: 'PAID', direction: 'RECEIVE', externalId: invoice.externalId } });
    }
  });

  it('myUpdates with an unknown key: NOT_AUTHENTICATED surfaces as blink-invalid-key and ends the subscription', async () => {
    const seen = recorder<BlinkAccountUpdate>();
    const key = 'blink_WrongWrongWrongWrongWrongWrongWrongWrongWrongWrongWrongWrongWron' as BlinkApiKey;
    open.push(fixture.client.subscribeAccountUpdates({ ...fixture.keyed('READ+RECEIVE'), apiKey: key }, seen.listeners));
    const failure = await seen.next((event) => event.type === 'error');
    expect(failure).toMatchObject({ error: { code: 'blink-invalid-key' } });
    expect(failure.type === 'error' && failure.error.message).not.toContain(key);
  });

  it('reconnects after the sandbox drops every websocket, emits connected again, and receives later updates', async () => {
    const updates = recorder<BlinkAccountUpdate>();
    const statuses = recorder<BlinkPaymentStatus>();
    const watched = await createInvoice();
    open.push(fixture.client.subscribeAccountUpdates(fixture.keyed('READ+RECEIVE'), updates.listeners));
    open.push(fixture.client.subscribeInvoiceStatus(fixture.keyed('READ+RECEIVE'), watched.paymentHash, statuses.listeners));
    await updates.next((event) => event.type === 'connected');
    await waitForSubscriptions('myUpdates', 1);

    const mark = updates.events.length;
    const statusMark = statuses.events.length;
    await fixture.control('faults', { refuseWebsockets: true }); // the first reconnection attempts fail too
    const dropped = (await fixture.control('drop-websockets', {})) as { dropped: number };
    expect(dropped.dropped).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await fixture.control('faults', { refuseWebsockets: false });

    await updates.next((event) => event.type === 'connected' && event.reconnect, mark);
    // The per-invoice stream re-emits the current status once resubscribed: nothing was missed.
    await statuses.next((event) => event.type === 'update' && event.update.status === 'PENDING', statusMark);
    await waitForSubscriptions('myUpdates', 1);

    await fixture.control('pay', { paymentHash: watched.paymentHash });
    await updates.next((event) => event.type === 'update' && event.update.kind === 'lightning'
      && event.update.paymentHash === watched.paymentHash, mark);
    await statuses.next((event) => event.type === 'update' && event.update.status === 'PAID', statusMark);
  });

  it('close() unsubscribes: the sandbox sees no subscription left', async () => {
    const seen = recorder<BlinkAccountUpdate>();
    const subscription = fixture.client.subscribeAccountUpdates(fixture.keyed('READ+RECEIVE'), seen.listeners);
    await waitForSubscriptions('myUpdates', 1);
    await subscription.close();
    for (;;) {
      const stats = (await fixture.control('stats')) as Stats;
      if ((stats.subscriptions?.myUpdates ?? 0) === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  });
});
