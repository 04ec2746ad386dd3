import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { CREATE_BTC, eventually, startHarness, type Harness } from './support';

/** Subscriptions over real websockets (graphql-transport-ws) with graphql-ws's own client. */
let h: Harness;
beforeAll(async () => { h = await startHarness(); });
afterAll(async () => { await h.close(); });
afterEach(async () => { await h.control('POST', 'reset'); });

const MY_UPDATES = `subscription { myUpdates { errors { message code }
  update { __typename ... on LnUpdate { paymentHash walletId status
    transaction { id status direction settlementAmount settlementCurrency externalId memo
      initiationVia { __typename ... on InitiationViaLn { paymentHash paymentRequest } }
      settlementVia { __typename ... on SettlementViaLn { preImage } ... on SettlementViaIntraLedger { counterPartyWalletId preImage } } } }
    ... on OnChainUpdate { txNotificationType } } } }`;
const STATUS_SUB = `subscription S($input: LnInvoicePaymentStatusByHashInput!) {
  lnInvoicePaymentStatusByHash(input: $input) { errors { message code } paymentHash paymentPreimage status } }`;

async function newInvoice(input: Record<string, unknown> = {}) {
  const { body } = await h.gql(CREATE_BTC, { input: { walletId: h.wallet('BTC'), amount: 700, ...input } }, h.key('READ+RECEIVE'));
  return body.data.lnInvoiceCreate.invoice as { paymentHash: string; paymentRequest: string };
}
const subscriptions = async (field: string) => ((await h.control('GET', 'stats')).body.subscriptions[field] ?? 0) as number;

describe('myUpdates', () => {
  it('emits an LnUpdate (PAID, RECEIVE, initiationVia paymentHash) when an invoice of the account is paid', async () => {
    const before = await subscriptions('myUpdates');
    const events = h.ws(h.key('READ+RECEIVE')).iterate({ query: MY_UPDATES });
    const first = events.next();
    await eventually(async () => (await subscriptions('myUpdates')) > before, 'myUpdates subscribed');
    const { paymentHash, paymentRequest } = await newInvoice({ memo: 'coffee', externalId: 'order-9' });
    await h.control('POST', 'pay', { paymentHash });
    const { value } = await first;
    const payload = (value as { data: { myUpdates: Record<string, any> } }).data.myUpdates; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(payload.errors).toEqual([]);
    expect(payload.update).toMatchObject({
      __typename: 'LnUpdate', paymentHash, walletId: h.wallet('BTC'), status: 'PAID',
      transaction: {
        status: 'SUCCESS', direction: 'RECEIVE', settlementAmount: 700, settlementCurrency: 'BTC', externalId: 'order-9', memo: 'coffee',
        initiationVia: { __typename: 'InitiationViaLn', paymentHash, paymentRequest },
        settlementVia: { __typename: 'SettlementViaLn', preImage: expect.stringMatching(/^[0-9a-f]{64}$/) },
      },
    });
    await events.return?.();
  });

  it('intraledger settlement: still an LnUpdate initiated via LN, settled SettlementViaIntraLedger', async () => {
    const before = await subscriptions('myUpdates');
    const events = h.ws(h.key('READ+RECEIVE')).iterate({ query: MY_UPDATES });
    const first = events.next();
    await eventually(async () => (await subscriptions('myUpdates')) > before, 'myUpdates subscribed');
    const { paymentHash } = await newInvoice();
    await h.control('POST', 'pay', { paymentHash, intraledger: true });
    const update = ((await first).value as { data: { myUpdates: { update: Record<string, any> } } }).data.myUpdates.update; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(update.transaction.initiationVia).toEqual({ __typename: 'InitiationViaLn', paymentHash, paymentRequest: expect.any(String) });
    expect(update.transaction.settlementVia).toEqual({ __typename: 'SettlementViaIntraLedger', counterPartyWalletId: expect.any(String), preImage: expect.any(String) });
    await events.return?.();
  });

  it('does not emit payments of another account', async () => {
    const before = await subscriptions('myUpdates');
    const events = h.ws(h.key('READ+RECEIVE', 1)).iterate({ query: MY_UPDATES });
    const first = events.next();
    await eventually(async () => (await subscriptions('myUpdates')) > before, 'myUpdates subscribed');
    await h.control('POST', 'pay', { paymentHash: (await newInvoice()).paymentHash });
    const { body } = await h.gql(CREATE_BTC, { input: { walletId: h.wallet('BTC', 1), amount: 9 } }, h.key('READ+RECEIVE', 1));
    const own = body.data.lnInvoiceCreate.invoice.paymentHash as string;
    await h.control('POST', 'pay', { paymentHash: own });
    const update = ((await first).value as { data: { myUpdates: { update: { paymentHash: string } } } }).data.myUpdates.update;
    expect(update.paymentHash).toBe(own);
    await events.return?.();
  });

  it.each([['an unknown key', `blink_${'z'.repeat(64)}`], ['no key', undefined]])('with %s: NOT_AUTHENTICATED, then complete', async (_, key) => {
    const results = [];
    for await (const result of h.ws(key).iterate({ query: MY_UPDATES })) results.push(result);
    expect(results).toEqual([{ errors: [expect.objectContaining({ message: 'Not Authenticated for subscription', extensions: { code: 'NOT_AUTHENTICATED' } })] }]);
  });
});

describe('lnInvoicePaymentStatusByHash subscription', () => {
  it('first emits the current status, then PAID with the preimage', async () => {
    const { paymentHash } = await newInvoice();
    const events = h.ws().iterate({ query: STATUS_SUB, variables: { input: { paymentHash } } });
    const first = await events.next();
    expect(first.value).toEqual({ data: { lnInvoicePaymentStatusByHash: { errors: [], paymentHash, paymentPreimage: null, status: 'PENDING' } } });
    await h.control('POST', 'pay', { paymentHash });
    const second = await events.next();
    expect(second.value).toEqual({ data: { lnInvoicePaymentStatusByHash: { errors: [], paymentHash, paymentPreimage: expect.stringMatching(/^[0-9a-f]{64}$/), status: 'PAID' } } });
    await events.return?.();
    await eventually(async () => (await subscriptions('lnInvoicePaymentStatusByHash')) === 0, 'unsubscribed');
  });

  it('emits EXPIRED when the invoice expires', async () => {
    const { paymentHash } = await newInvoice();
    const events = h.ws().iterate({ query: STATUS_SUB, variables: { input: { paymentHash } } });
    expect((await events.next()).value).toMatchObject({ data: { lnInvoicePaymentStatusByHash: { status: 'PENDING' } } });
    await h.control('POST', 'expire', { paymentHash });
    expect((await events.next()).value).toMatchObject({ data: { lnInvoicePaymentStatusByHash: { status: 'EXPIRED', paymentPreimage: null } } });
    await events.return?.();
  });

  it('an already paid invoice: PAID first', async () => {
    const { paymentHash } = await newInvoice();
    await h.control('POST', 'pay', { paymentHash });
    const events = h.ws().iterate({ query: STATUS_SUB, variables: { input: { paymentHash } } });
    expect((await events.next()).value).toMatchObject({ data: { lnInvoicePaymentStatusByHash: { status: 'PAID' } } });
    await events.return?.();
  });

  it('an unknown hash: a payload error LIGHTNING_PAYMENT_ERROR', async () => {
    const paymentHash = 'ef'.repeat(32);
    const events = h.ws().iterate({ query: STATUS_SUB, variables: { input: { paymentHash } } });
    expect((await events.next()).value).toEqual({ data: { lnInvoicePaymentStatusByHash: {
      errors: [{ message: `User tried to pay invoice with hash ${paymentHash}, but it does not exist`, code: 'LIGHTNING_PAYMENT_ERROR' }],
      paymentHash: null, paymentPreimage: null, status: null,
    } } });
    await events.return?.();
  });
});

describe('the websocket endpoint', () => {
  it('runs only subscriptions', async () => {
    const events = h.ws().iterate({ query: '{ globals { network } }' });
    await expect(events.next()).rejects.toEqual([expect.objectContaining({ message: 'Only subscription operations are supported' })]);
  });

  it('refuses websockets under the refuseWebsockets fault', async () => {
    await h.control('POST', 'faults', { refuseWebsockets: true });
    const client = createClient({ url: h.sandbox.wsUrl, webSocketImpl: WebSocket, retryAttempts: 0 });
    await expect(client.iterate({ query: MY_UPDATES }).next()).rejects.toBeDefined();
    await client.dispose();
  });

  it('drop-websockets terminates every socket; a reconnecting client receives later updates', async () => {
    let connected = 0;
    const client = createClient({
      url: h.sandbox.wsUrl, webSocketImpl: WebSocket, connectionParams: { 'X-API-KEY': h.key('READ+RECEIVE') },
      retryAttempts: 5, retryWait: async () => { await new Promise((resolve) => { setTimeout(resolve, 50); }); },
      on: { connected: () => { connected += 1; } },
    });
    const events = client.iterate({ query: MY_UPDATES });
    const first = events.next();
    await eventually(async () => (await subscriptions('myUpdates')) === 1, 'subscribed');
    expect((await h.control('POST', 'drop-websockets')).body).toEqual({ dropped: 1 });
    await eventually(async () => connected === 2 && (await subscriptions('myUpdates')) === 1, 'resubscribed after the drop');
    const { paymentHash } = await newInvoice();
    await h.control('POST', 'pay', { paymentHash });
    expect((await first).value).toMatchObject({ data: { myUpdates: { update: { paymentHash } } } });
    await events.return?.();
    await client.dispose();
  });
});
