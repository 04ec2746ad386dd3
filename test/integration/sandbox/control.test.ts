import * as bolt11 from 'bolt11';
import { CREATE_BTC, CREATE_NO_AMOUNT, CREATE_USD, startHarness, STATUS, type Harness } from './support';

const NO_FAULTS = {
  latencyMs: 0, errorRate: 0, refuseWebsockets: false, forceRateLimit: false, lostInvoiceResponses: 0, lostResponseMode: 'socket-destroyed',
};

/** The control API (/sandbox/*): pay, expire, list, faults, stats, reset, and its input errors. */
let h: Harness;
beforeAll(async () => { h = await startHarness(); });
afterAll(async () => { await h.close(); });
afterEach(async () => { await h.control('POST', 'reset'); });

async function invoice(query = CREATE_BTC, input: Record<string, unknown> = { walletId: h.wallet('BTC'), amount: 1500 }) {
  const { body } = await h.gql(query, { input }, h.key('READ+RECEIVE'));
  return Object.values(body.data as Record<string, { invoice: { paymentHash: string; paymentRequest: string } }>)[0]!.invoice;
}
const status = async (paymentHash: string) => (await h.gql(STATUS, { input: { paymentHash } })).body.data.lnInvoicePaymentStatusByHash.status as string;
const balances = async () => (await h.gql('{ me { defaultAccount { wallets { walletCurrency balance } } } }', {}, h.key('READ'))).body.data.me.defaultAccount.wallets;

describe('pay and expire', () => {
  it('pay by hash: PAID, balance credited, listed as paid', async () => {
    const { paymentHash } = await invoice();
    const paid = await h.control('POST', 'pay', { paymentHash });
    expect(paid.status).toBe(200);
    expect(paid.body.invoice).toMatchObject({ paymentHash, status: 'PAID', settledVia: 'ln', settledSats: 1500 });
    expect(await status(paymentHash)).toBe('PAID');
    expect(await balances()).toEqual([{ walletCurrency: 'BTC', balance: 1500 }, { walletCurrency: 'USD', balance: 0 }]);
    expect((await h.control('GET', 'invoices')).body.invoices).toEqual([expect.objectContaining({ paymentHash, status: 'PAID' })]);
  });

  it('pay by BOLT11 (any case), intraledger; paying twice is 409', async () => {
    const { paymentHash, paymentRequest } = await invoice(CREATE_USD, { walletId: h.wallet('USD'), amount: 321 });
    const paid = await h.control('POST', 'pay', { paymentRequest: paymentRequest.toUpperCase(), intraledger: true });
    expect(paid.body.invoice).toMatchObject({ paymentHash, settledVia: 'intraledger' });
    expect(await balances()).toEqual([{ walletCurrency: 'BTC', balance: 0 }, { walletCurrency: 'USD', balance: 321 }]);
    expect((await h.control('POST', 'pay', { paymentHash })).status).toBe(409);
  });

  it('a no-amount invoice needs amountSats; an amount invoice refuses a different one', async () => {
    const open = await invoice(CREATE_NO_AMOUNT, { walletId: h.wallet('BTC') });
    expect((await h.control('POST', 'pay', { paymentHash: open.paymentHash })).status).toBe(422);
    expect((await h.control('POST', 'pay', { paymentHash: open.paymentHash, amountSats: 4242 })).body.invoice).toMatchObject({ settledSats: 4242 });
    const fixed = await invoice();
    const wrong = await h.control('POST', 'pay', { paymentHash: fixed.paymentHash, amountSats: 1 });
    expect([wrong.status, wrong.body.error]).toEqual([422, 'amountSats: the invoice asks for exactly 1500 sats']);
  });

  it('expire: EXPIRED, and an expired invoice cannot be paid; a paid one cannot expire', async () => {
    const { paymentHash } = await invoice();
    expect((await h.control('POST', 'expire', { paymentHash })).body.invoice.status).toBe('EXPIRED');
    expect(await status(paymentHash)).toBe('EXPIRED');
    expect((await h.control('POST', 'pay', { paymentHash })).status).toBe(409);
    const other = await invoice();
    await h.control('POST', 'pay', { paymentHash: other.paymentHash });
    expect((await h.control('POST', 'expire', { paymentHash: other.paymentHash })).status).toBe(409);
  });

  it('bad input: 400 for non-JSON, 422 naming the field, 404 for an unknown invoice', async () => {
    const notJson = await fetch(`${h.sandbox.url}/sandbox/pay`, { method: 'POST', body: '{' });
    expect(notJson.status).toBe(400);
    const badHash = await h.control('POST', 'pay', { paymentHash: 'xyz' });
    expect([badHash.status, badHash.body.error]).toEqual([422, 'paymentHash: must be 64 hex characters']);
    expect((await h.control('POST', 'pay', {})).body.error).toBe('give exactly one of paymentHash or paymentRequest');
    expect((await h.control('POST', 'pay', { paymentHash: 'ab'.repeat(32), extra: 1 })).status).toBe(422);
    expect((await h.control('POST', 'pay', { paymentHash: 'ab'.repeat(32) })).status).toBe(404);
    expect((await h.control('GET', 'nothing-here')).status).toBe(404);
    expect((await h.control('GET', 'pay')).status).toBe(405);
  });
});

describe('stats', () => {
  it('counts each GraphQL HTTP request once and each root field by name', async () => {
    await invoice();
    const { paymentHash } = await invoice();
    await h.gql(`{ a: lnInvoicePaymentStatusByHash(input: {paymentHash: "${paymentHash}"}) { status }
      b: lnInvoicePaymentStatusByHash(input: {paymentHash: "${paymentHash}"}) { status }
      c: lnInvoicePaymentStatusByHash(input: {paymentHash: "${paymentHash}"}) { status } }`);
    expect((await h.control('GET', 'stats')).body).toEqual({
      requests: 3, byOperation: { lnInvoiceCreate: 2, lnInvoicePaymentStatusByHash: 3 }, subscriptions: {},
    });
  });
});

describe('faults', () => {
  it('partial updates return the current faults; reset clears them', async () => {
    expect((await h.control('POST', 'faults', { latencyMs: 5 })).body).toEqual({ ...NO_FAULTS, latencyMs: 5 });
    expect((await h.control('POST', 'faults', { errorRate: 0.5 })).body).toMatchObject({ latencyMs: 5, errorRate: 0.5 });
    expect((await h.control('POST', 'faults', { errorRate: 2 })).status).toBe(422);
    await h.control('POST', 'reset');
    expect((await h.control('GET', 'faults')).body).toEqual(NO_FAULTS);
  });

  it('errorRate 1 answers every GraphQL request with HTTP 503; the control API still works', async () => {
    await h.control('POST', 'faults', { errorRate: 1 });
    const { status } = await h.gql('{ globals { network } }');
    expect(status).toBe(503);
    expect((await h.control('GET', 'stats')).status).toBe(200);
  });

  it('latency delays answers but they stay correct', async () => {
    await h.control('POST', 'faults', { latencyMs: 50 });
    expect((await h.gql('{ globals { network } }')).body).toEqual({ data: { globals: { network: 'regtest' } } });
  });
});

describe('reset', () => {
  it('forgets invoices (their external ids too) and restores balances', async () => {
    const { paymentHash } = await invoice(CREATE_BTC, { walletId: h.wallet('BTC'), amount: 10, externalId: 'again' });
    await h.control('POST', 'pay', { paymentHash });
    await h.control('POST', 'reset');
    expect((await h.control('GET', 'invoices')).body.invoices).toEqual([]);
    expect(await balances()).toEqual([{ walletCurrency: 'BTC', balance: 0 }, { walletCurrency: 'USD', balance: 0 }]);
    const again = await invoice(CREATE_BTC, { walletId: h.wallet('BTC'), amount: 10, externalId: 'again' });
    expect(bolt11.decode(again.paymentRequest).satoshis).toBe(10);
  });
});
