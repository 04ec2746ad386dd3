import { generateNodeKey } from '../../../src/sandbox/bolt11';
import type { SandboxContext } from '../../../src/sandbox/context';
import { createInvoice } from '../../../src/sandbox/invoices';
import { subscriptionResolvers } from '../../../src/sandbox/resolvers/subscriptions';
import { DEFAULT_SEED, materializeSeed, sandboxSeedSchema } from '../../../src/sandbox/seed';
import { SandboxState, type InvoiceRecord } from '../../../src/sandbox/state';

/** The status subscription's own expiry (expiresAt + 1 s), with a fake clock: no I/O, no waiting. */
describe('lnInvoicePaymentStatusByHash subscription expiry', () => {
  let clock = 1_700_000_000_000;
  const now = () => clock;
  let state: SandboxState;
  let invoice: InvoiceRecord;

  beforeEach(() => {
    jest.useFakeTimers({ now: clock });
    state = new SandboxState({
      network: 'regtest', btcUsdPrice: 100_000, fiatPerUsd: { USD: 1 }, invoiceRateLimitPerMinute: 60, rateLimitBlockSeconds: 300, nodeKey: generateNodeKey(),
    }, materializeSeed(sandboxSeedSchema.parse(DEFAULT_SEED)), clock);
    const wallet = [...state.wallets.values()].find((candidate) => candidate.currency === 'BTC')!;
    const created = createInvoice(state, { kind: 'btc', wallet, amount: 10, memo: null, expiresIn: 1, externalId: null, onBehalfOfRecipient: false }, clock);
    if ('__typename' in created) throw new Error(created.message);
    invoice = created;
  });
  afterEach(() => jest.useRealTimers());

  function subscribe() {
    const context: SandboxContext = { state, caller: { kind: 'anonymous' }, now };
    return subscriptionResolvers.lnInvoicePaymentStatusByHash.subscribe(undefined, { input: { paymentHash: invoice.paymentHash } }, context);
  }

  it('emits PENDING, then EXPIRED one second after expiry, and releases its listener on return', async () => {
    const stream = subscribe();
    expect((await stream.next()).value).toMatchObject({ status: 'PENDING' });
    const next = stream.next();
    clock += 60_000;
    jest.advanceTimersByTime(60_999);
    clock += 1000;
    jest.advanceTimersByTime(1);
    expect((await next).value).toMatchObject({ status: 'EXPIRED', paymentPreimage: null });
    expect(state.events.listenerCount('invoice')).toBe(1);
    await stream.return?.();
    expect(state.events.listenerCount('invoice')).toBe(0);
    expect(state.activeSubscriptions.get('lnInvoicePaymentStatusByHash')).toBe(0);
  });

  it('does not emit EXPIRED for an invoice paid before its expiry', async () => {
    const stream = subscribe();
    await stream.next();
    invoice.settlement = { at: clock, via: 'ln', sats: 10, credited: 10, transactionId: 't', counterPartyWalletId: null };
    jest.advanceTimersByTime(120_000);
    let settled = false;
    void stream.next().then(() => { settled = true; });
    await Promise.resolve();
    expect(settled).toBe(false);
    await stream.return?.();
  });
});
