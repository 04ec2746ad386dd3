import { CREATE_BTC, CREATE_NO_AMOUNT, CREATE_USD, startHarness, type Harness } from './support';

/**
 * `Account.invoices` / `Wallet.invoices` over real HTTP: Blink's `InvoiceConnection`, newest first,
 * payment-hash cursors, page sizes 1–100, the `walletIds` filter, and READ required (through `me`).
 */
let h: Harness;
beforeAll(async () => { h = await startHarness({ invoiceRateLimitPerMinute: 10_000 }); });
afterAll(async () => { await h.close(); });
afterEach(async () => { await h.control('POST', 'reset'); });

const NODE = '__typename paymentHash paymentRequest paymentStatus externalId createdAt ... on LnInvoice { satoshis }';
const LIST = `query L($first: Int, $last: Int, $after: String, $before: String, $walletIds: [WalletId]) {
  me { defaultAccount { invoices(first: $first, last: $last, after: $after, before: $before, walletIds: $walletIds) {
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { ${NODE} } } } } } }`;
const WALLET_LIST = `query W($walletId: WalletId!, $first: Int) {
  me { defaultAccount { walletById(walletId: $walletId) { invoices(first: $first) { edges { node { paymentHash } } } } } } }`;

interface Listed {
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  edges: { cursor: string; node: { __typename: string; paymentHash: string; paymentStatus: string; externalId: string; satoshis?: number } }[];
}

async function list(variables: Record<string, unknown> = {}, key = h.key('READ+RECEIVE')): Promise<Listed> {
  const { status, body } = await h.gql(LIST, variables, key);
  if (status !== 200 || body.errors !== undefined) throw new Error(`list failed: HTTP ${status} ${JSON.stringify(body)}`);
  return body.data.me.defaultAccount.invoices as Listed;
}
const hashes = (page: Listed) => page.edges.map((edge) => edge.node.paymentHash);

/** Creates invoices in order and returns their payment hashes, oldest first. */
async function create(specs: readonly ('BTC' | 'USD' | 'none')[], account = 0): Promise<string[]> {
  const created: string[] = [];
  for (const [index, spec] of specs.entries()) {
    const [query, input] = spec === 'BTC' ? [CREATE_BTC, { walletId: h.wallet('BTC', account), amount: 100 + index }]
      : spec === 'USD' ? [CREATE_USD, { walletId: h.wallet('USD', account), amount: 50 + index }]
        : [CREATE_NO_AMOUNT, { walletId: h.wallet('BTC', account) }];
    const { body } = await h.gql(query, { input: { ...input, externalId: `list-${account}-${index}` } }, h.key('READ+RECEIVE', account));
    const payload = Object.values(body.data as Record<string, { invoice: { paymentHash: string } | null }>)[0]!;
    if (payload.invoice === null) throw new Error(`creation failed: ${JSON.stringify(body)}`);
    created.push(payload.invoice.paymentHash);
  }
  return created;
}

describe('order and shape', () => {
  it('lists every wallet of the account newest first, as LnInvoice / LnNoAmountInvoice nodes with payment-hash cursors', async () => {
    const created = await create(['BTC', 'USD', 'none', 'BTC']);
    await create(['BTC'], 1); // another account's invoice is never listed
    await h.control('POST', 'pay', { paymentHash: created[0] });
    await h.control('POST', 'expire', { paymentHash: created[1] });
    const page = await list();
    expect(hashes(page)).toEqual([...created].reverse());
    expect(page.edges.map((edge) => edge.cursor)).toEqual([...created].reverse());
    expect(page.edges.map((edge) => [edge.node.__typename, edge.node.paymentStatus, edge.node.externalId])).toEqual([
      ['LnInvoice', 'PENDING', 'list-0-3'], ['LnNoAmountInvoice', 'PENDING', 'list-0-2'], ['LnInvoice', 'EXPIRED', 'list-0-1'], ['LnInvoice', 'PAID', 'list-0-0'],
    ]);
    expect(page.edges[3]!.node.satoshis).toBe(100);
    expect(page.edges[1]!.node).not.toHaveProperty('satoshis');
    expect(page.pageInfo).toEqual({ hasNextPage: false, hasPreviousPage: false, startCursor: created[3], endCursor: created[0] });
  });

  it('an account without invoices gets an empty connection with null cursors', async () => {
    expect(await list()).toEqual({ edges: [], pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null } });
  });
});

describe('pagination', () => {
  it('first/after walks every invoice once, newest first; hasNextPage only while more remain', async () => {
    const created = await create(['BTC', 'BTC', 'USD', 'BTC', 'none', 'BTC', 'BTC']);
    const walked: string[] = [];
    const pages: boolean[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await list({ first: 3, ...(after === undefined ? {} : { after }) });
      walked.push(...hashes(page));
      pages.push(page.pageInfo.hasNextPage);
      expect(page.pageInfo.hasPreviousPage).toBe(false);
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor!;
    }
    expect(walked).toEqual([...created].reverse());
    expect(pages).toEqual([true, true, false]);
  });

  it('last takes the oldest n (hasPreviousPage); before keeps newer invoices; an unknown cursor is ignored', async () => {
    const created = await create(['BTC', 'BTC', 'BTC', 'BTC', 'BTC']);
    const newestFirst = [...created].reverse();
    const oldest = await list({ last: 2 });
    expect(hashes(oldest)).toEqual(newestFirst.slice(3));
    expect(oldest.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: false });
    expect(hashes(await list({ last: 5 }))).toEqual(newestFirst);
    expect((await list({ last: 5 })).pageInfo.hasPreviousPage).toBe(false);
    expect(hashes(await list({ first: 10, before: created[2] }))).toEqual(newestFirst.slice(0, 2));
    expect(hashes(await list({ first: 10, after: created[3], before: created[0] }))).toEqual([created[2], created[1]]);
    expect(hashes(await list({ first: 2, after: 'f'.repeat(64) }))).toEqual(newestFirst.slice(0, 2));
  });

  it('without first or last a page holds 100', async () => {
    await create(Array.from({ length: 101 }, () => 'BTC' as const));
    const page = await list();
    expect(page.edges).toHaveLength(100);
    expect(page.pageInfo.hasNextPage).toBe(true);
    expect((await list({ after: page.pageInfo.endCursor })).edges).toHaveLength(1);
  });

  it.each([
    [{ first: 101 }, 'Requested page size (101) is greater than max allowed page size 100.'],
    [{ last: 500 }, 'Requested page size (500) is greater than max allowed page size 100.'],
    [{ first: 0 }, 'Requested page size (0) must be greater than 0.'],
    [{ last: -1 }, 'Requested page size (-1) must be greater than 0.'],
    [{ first: 2, last: 2 }, 'Cannot use both "first" and "last".'],
  ])('refuses %j with Blink\'s message', async (variables, message) => {
    const { status, body } = await h.gql(LIST, variables, h.key('READ'));
    expect(status).toBe(200);
    expect(body.errors).toEqual([expect.objectContaining({ message, path: ['me', 'defaultAccount', 'invoices'] })]);
    expect(body.data.me.defaultAccount.invoices).toBeNull();
  });
});

describe('walletIds', () => {
  it('narrows to the given wallets; ids of other accounts or malformed ids match nothing; null means all', async () => {
    const created = await create(['BTC', 'USD', 'BTC', 'USD']);
    const [btc, usd] = [h.wallet('BTC'), h.wallet('USD')];
    expect(hashes(await list({ walletIds: [btc] }))).toEqual([created[2], created[0]]);
    expect(hashes(await list({ walletIds: [usd] }))).toEqual([created[3], created[1]]);
    expect(hashes(await list({ walletIds: [usd, btc] }))).toHaveLength(4);
    expect(hashes(await list({ walletIds: null }))).toHaveLength(4);
    expect(hashes(await list({ walletIds: [] }))).toEqual([]);
    expect(hashes(await list({ walletIds: [h.wallet('BTC', 1)] }))).toEqual([]);
    expect(hashes(await list({ walletIds: ['not-a-wallet-id', btc] }))).toEqual([created[2], created[0]]);
  });

  it('Wallet.invoices lists that wallet only', async () => {
    const created = await create(['BTC', 'USD', 'BTC']);
    const { body } = await h.gql(WALLET_LIST, { walletId: h.wallet('USD'), first: 5 }, h.key('READ'));
    expect(body.data.me.defaultAccount.walletById.invoices.edges).toEqual([{ node: { paymentHash: created[1] } }]);
  });
});

describe('scopes', () => {
  it('needs READ: a RECEIVE-only key gets Blink\'s read error and no data; no key gets Not authorized', async () => {
    await create(['BTC']);
    const receiveOnly = await h.gql(LIST, { first: 5 }, h.key('RECEIVE'));
    expect(receiveOnly.status).toBe(200);
    expect(receiveOnly.body).toEqual({
      errors: [expect.objectContaining({ message: expect.stringContaining('not authorized to read data'), path: ['me'] })],
      data: { me: null },
    });
    const anonymous = await h.gql(LIST, { first: 5 });
    expect(anonymous.body.errors[0].message).toBe('Not authorized');
    expect((await list({ first: 5 }, h.key('READ'))).edges).toHaveLength(1);
  });
});
