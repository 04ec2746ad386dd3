import { BlinkError, type BlinkInvoiceStatus, type BlinkPaymentStatus } from '../../../../src/app/blink-port';
import type { InvoiceRepository, StoredInvoice, StoredInvoiceEvent } from '../../../../src/app/ports';
import type { SettlementDeps } from '../../../../src/app/settlement/deps';
import { BlinkPausedError } from '../../../../src/app/settlement/errors';
import { defaultWatchTiming } from '../../../../src/app/settlement/policy';
import type { SettlementState, StatusCheck, WatchedInvoice, WatchQueries } from '../../../../src/app/settlement/ports';
import { watchInvoice } from '../../../../src/app/settlement/watch-invoice';
import type { InvoiceId, PaymentHash } from '../../../../src/domain/ids';
import type { Sats } from '../../../../src/domain/money/units';
import type { StoreId } from '../../../../src/domain/store/store-id';
import type { WalletId } from '../../../../connection-string/types';

/** watchInvoice against in-memory ports: the decisions, not the plumbing. */
const T0 = Date.UTC(2026, 0, 1, 12);
const storeId = 'store1' as StoreId;

function world(options: { statuses: Record<string, BlinkInvoiceStatus | 'error' | 'rate-limited'>; healthy?: boolean; now: number; expiresAt?: number }) {
  let now = options.now;
  const invoices = new Map<string, StoredInvoice>();
  const events: string[] = [];
  const calls: PaymentHash[][] = [];
  const checks = new Map<string, StatusCheck>();
  const pauses = new Map<string, Date>();
  const add = (id: string) => {
    invoices.set(id, {
      id, storeId, status: 'New', additionalStatus: 'None', type: 'Standard', dueSats: 1000, paidSats: 0, payments: [],
      paymentHash: id.padEnd(64, '0'), bolt11: 'not-a-bolt11', createdTime: new Date(T0 - 60_000),
      expirationTime: new Date(options.expiresAt ?? T0 + 600_000),
    } as unknown as StoredInvoice);
  };
  const watched = (invoice: StoredInvoice): WatchedInvoice => ({
    id: invoice.id, storeId, walletId: 'w1' as WalletId, paymentHash: invoice.paymentHash, status: invoice.status, additionalStatus: invoice.additionalStatus,
    paidSats: invoice.paidSats, dueSats: invoice.dueSats, bolt11: invoice.bolt11, createdTime: invoice.createdTime, expirationTime: invoice.expirationTime,
  });
  const repository = {
    async transition(id: InvoiceId, _now: Date, decide: (invoice: StoredInvoice) => unknown) {
      const invoice = invoices.get(id);
      if (!invoice) return null;
      const change = decide(invoice) as { state: { status: string; additionalStatus: string; paidSats: Sats }; events: Array<{ type: string }> } | Error;
      if (change instanceof Error) return change;
      const updated = { ...invoice, ...change.state, payments: change.events.some((e) => e.type === 'InvoiceReceivedPayment') ? [{ id: invoice.paymentHash }] : invoice.payments } as StoredInvoice;
      invoices.set(id, updated);
      events.push(...change.events.map((event) => `${id}:${event.type}`));
      return { invoice: updated, events: change.events as unknown as StoredInvoiceEvent[] };
    },
  } as unknown as InvoiceRepository;
  const queries: WatchQueries = {
    findById: async (id) => { const found = invoices.get(id); return found ? watched(found) : null; },
    findByPaymentHash: async () => null,
    watchedOfStore: async () => [...invoices.values()].filter((invoice) => invoice.status === 'New').map(watched),
    watchedPage: async () => [],
    overdue: async () => [],
  };
  const state: SettlementState = {
    markSubscriptionHealthy: async () => undefined, markSubscriptionDown: async () => undefined,
    isSubscriptionHealthy: async () => options.healthy ?? false,
    recordChecks: async (_store, recorded, at, watched) => { for (const [id, status] of recorded) checks.set(id, { at, status, watched }); },
    lastCheck: async (_store, id) => checks.get(id) ?? null,
    forgetCheck: async (_store, id) => { checks.delete(id); },
    pauseBlink: async (server, until) => { pauses.set(server, until); },
    blinkPausedUntil: async (server) => pauses.get(server) ?? null,
  };
  const deps: SettlementDeps = {
    invoices: repository, clock: { now: () => new Date(now) }, watch: queries, state, timing: defaultWatchTiming,
    stores: { findConnection: async () => ({ sealedConnection: 'sealed' }) } as never,
    sealer: { seal: (text: string) => text, open: () => 'type=blink;server=https://api.blink.sv/graphql;wallet-id=w1' },
    log: { info: () => undefined, warn: () => undefined, debug: () => undefined },
    blink: {
      receivedAmount: async () => null,
      convert: async () => new BlinkError('blink-unavailable', 'not used here'),
      async paymentStatuses(_connection, hashes) {
        calls.push([...hashes]);
        if (Object.values(options.statuses).includes('error')) return new BlinkError('blink-unavailable', 'down');
        if (Object.values(options.statuses).includes('rate-limited')) return new BlinkError('blink-rate-limited', 'TOO_MANY_REQUEST');
        return new Map(hashes.map((hash): [PaymentHash, BlinkPaymentStatus] => {
          const id = [...invoices.values()].find((invoice) => invoice.paymentHash === hash)!.id;
          return [hash, { paymentHash: hash, status: options.statuses[id] as BlinkInvoiceStatus ?? 'PENDING', preimage: null }];
        }));
      },
    },
  };
  return { deps, add, invoices, events, calls, setNow: (ms: number) => { now = ms; } };
}

const input = (id: string, since = T0 - 60_000) => ({ invoiceId: id as InvoiceId, storeId, since: new Date(since), fastStep: 0 });

describe('watchInvoice', () => {
  it('settles an invoice Blink reports PAID, and stops watching it', async () => {
    const w = world({ statuses: { a: 'PAID' }, now: T0 });
    w.add('a');
    expect(await watchInvoice(w.deps, input('a'))).toEqual({ kind: 'finished', reason: 'settled' });
    expect(w.invoices.get('a')!.status).toBe('Settled');
  });

  it('never expires an invoice Blink reports PAID, even past its expiration', async () => {
    const w = world({ statuses: { a: 'PAID' }, now: T0 + 700_000 });
    w.add('a');
    await watchInvoice(w.deps, input('a'));
    expect(w.events).not.toContain('a:InvoiceExpired');
    expect(w.invoices.get('a')!.status).toBe('Settled');
  });

  it('expires an unpaid invoice at its expiration, then keeps watching until the horizon', async () => {
    const w = world({ statuses: { a: 'PENDING' }, now: T0, expiresAt: T0 });
    w.add('a');
    const outcome = await watchInvoice(w.deps, input('a'));
    expect(w.events).toEqual(['a:InvoiceExpired']);
    expect(outcome).toMatchObject({ kind: 'check-again' });
    w.setNow(T0 + defaultWatchTiming.graceMs + 1);
    expect(await watchInvoice(w.deps, input('a', T0))).toMatchObject({ kind: 'finished' });
    expect(w.events).toEqual(['a:InvoiceExpired']);
  });

  it('keeps the invoice when Blink cannot answer, and reports the failure for a retry', async () => {
    const w = world({ statuses: { a: 'error' }, now: T0 + 700_000 });
    w.add('a');
    const outcome = await watchInvoice(w.deps, input('a'));
    expect(outcome).toBeInstanceOf(BlinkError);
    expect(w.invoices.get('a')!.status).toBe('New');
  });

  it('pauses the Blink server that rate limits: later checks ask it nothing until the pause ends', async () => {
    const w = world({ statuses: { a: 'rate-limited' }, now: T0 });
    w.add('a');
    const first = await watchInvoice(w.deps, input('a'));
    expect(first).toBeInstanceOf(BlinkPausedError);
    expect((first as BlinkPausedError).until).toEqual(new Date(T0 + defaultWatchTiming.rateLimitPauseMs));
    w.setNow(T0 + 1_000);
    const second = await watchInvoice(w.deps, input('a'));
    expect(second).toMatchObject({ code: 'blink-paused', until: new Date(T0 + defaultWatchTiming.rateLimitPauseMs) });
    expect(w.calls).toHaveLength(1);
    expect(w.invoices.get('a')!.status).toBe('New');
  });

  it('asks Blink once for all of a store\'s invoices: the other jobs reuse that answer', async () => {
    const w = world({ statuses: {}, now: T0 });
    for (const id of ['a', 'b', 'c']) w.add(id);
    await watchInvoice(w.deps, input('a'));
    w.setNow(T0 + 1_000);
    await watchInvoice(w.deps, input('b'));
    await watchInvoice(w.deps, input('c'));
    expect(w.calls).toHaveLength(1);
    expect(w.calls[0]).toHaveLength(3);
  });

  it('polls fast while the subscription is unhealthy and slowly while it is healthy', async () => {
    for (const [healthy, delay] of [[false, 1_000], [true, 60_000]] as const) {
      const w = world({ statuses: {}, now: T0, healthy });
      w.add('a');
      expect(await watchInvoice(w.deps, input('a'))).toMatchObject({ kind: 'check-again', at: new Date(T0 + delay) });
    }
  });
});
