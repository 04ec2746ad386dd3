import { CREATE_BTC, startHarness, STATUS, type Harness } from './support';

/** Queries, authentication and scope failures of the sandbox over real HTTP. */
let h: Harness;
beforeAll(async () => { h = await startHarness(); });
afterAll(async () => { await h.close(); });

const ME = '{ me { id defaultAccount { id defaultWallet { id currency } wallets { id walletCurrency balance } } } }';

describe('queries', () => {
  it('me: the account, its default wallet and every wallet with a balance', async () => {
    const { status, body } = await h.gql(ME, {}, h.key('READ'));
    expect(status).toBe(200);
    const account = h.sandbox.accounts[0]!;
    expect(body.data.me.defaultAccount).toEqual({
      id: account.id,
      defaultWallet: { id: h.wallet('BTC'), currency: 'BTC' },
      wallets: [{ id: h.wallet('BTC'), walletCurrency: 'BTC', balance: 0 }, { id: h.wallet('USD'), walletCurrency: 'USD', balance: 0 }],
    });
  });

  it.each(['READ+RECEIVE', 'READ', 'READ+RECEIVE+WRITE'])('authorization gives the scopes of a %s key', async (scopes) => {
    const { body } = await h.gql('{ authorization { scopes } }', {}, h.key(scopes));
    expect(body.data.authorization.scopes).toEqual(scopes.split('+'));
  });

  it('globals: the network and the node id that signs the invoices', async () => {
    const { body } = await h.gql('{ globals { network nodesIds } }');
    expect(body.data.globals.network).toBe('regtest');
    expect(body.data.globals.nodesIds).toEqual([expect.stringMatching(/^0[23][0-9a-f]{64}$/)]);
  });

  it('windDown: null for an active account, RECEIVE_DISABLED with dates for a wound-down one', async () => {
    const query = '{ windDown { status receiveDisabledAt gateArmsAt finalDeadline timezone } }';
    expect((await h.gql(query, {}, h.key('READ+RECEIVE'))).body).toEqual({ data: { windDown: null } });
    const { body } = await h.gql(query, {}, h.key('READ+RECEIVE', 2));
    expect(body.data.windDown).toEqual({
      status: 'RECEIVE_DISABLED', receiveDisabledAt: expect.any(Number), gateArmsAt: expect.any(Number), finalDeadline: expect.any(Number), timezone: 'UTC',
    });
  });

  it('accountDefaultWallet needs no key and picks a wallet by currency', async () => {
    const query = 'query W($u: Username!, $c: WalletCurrency) { accountDefaultWallet(username: $u, walletCurrency: $c) { id currency } }';
    expect((await h.gql(query, { u: 'sandbox_merchant' })).body.data.accountDefaultWallet).toEqual({ id: h.wallet('BTC'), currency: 'BTC' });
    expect((await h.gql(query, { u: 'other_merchant', c: 'USD' })).body.data.accountDefaultWallet).toEqual({ id: h.wallet('USD', 1), currency: 'USD' });
    const unknown = await h.gql(query, { u: 'nobody_here' });
    expect(unknown.body.errors[0].message).toBe('Account does not exist for username nobody_here');
  });

  it('currencyConversionEstimation converts fiat at the sandbox price (100 000 USD/BTC)', async () => {
    const query = 'query E($a: Float!, $c: DisplayCurrency!) { currencyConversionEstimation(amount: $a, currency: $c) { btcSatAmount usdCentAmount timestamp id } }';
    const { body } = await h.gql(query, { a: 12.5, c: 'USD' });
    expect(body.data.currencyConversionEstimation).toMatchObject({ btcSatAmount: 12_500, usdCentAmount: 1250 });
    const eur = await h.gql(query, { a: 9.2, c: 'EUR' });
    expect(eur.body.data.currencyConversionEstimation).toMatchObject({ btcSatAmount: 10_000, usdCentAmount: 1000 });
    expect((await h.gql(query, { a: 1, c: 'XYZ' })).body.errors[0].message).toMatch(/XYZ/);
  });

  it('lnInvoicePaymentStatusByHash: an unknown hash is a top-level error with Blink\'s message', async () => {
    const hash = 'ab'.repeat(32);
    const { status, body } = await h.gql(STATUS, { input: { paymentHash: hash } });
    expect(status).toBe(200);
    expect(body.data).toBeNull();
    expect(body.errors).toEqual([expect.objectContaining({ message: `User tried to pay invoice with hash ${hash}, but it does not exist`, path: ['lnInvoicePaymentStatusByHash'] })]);
    expect(body.errors[0].code).toBeUndefined(); // the router drops top-level codes
  });
});

describe('authentication (blink-api.md §2)', () => {
  it('an unknown key is refused before GraphQL with HTTP 401 and Oathkeeper\'s body', async () => {
    const { status, body } = await h.gql(ME, {}, `blink_${'x'.repeat(64)}`);
    expect(status).toBe(401);
    expect(body).toEqual({ error: { code: 401, status: 'Unauthorized', message: 'Access credentials are invalid' } });
  });

  it('no key on an authed query: top-level "Not authorized", field null', async () => {
    const { status, body } = await h.gql(ME);
    expect(status).toBe(200);
    expect(body).toEqual({ data: { me: null }, errors: [expect.objectContaining({ message: 'Not authorized', path: ['me'] })] });
  });

  it('no key on a receive mutation: top-level "Not authorized" and data null (non-null payload)', async () => {
    const { body } = await h.gql(CREATE_BTC, { input: { walletId: h.wallet('BTC'), amount: 10 } });
    expect(body.data).toBeNull();
    expect(body.errors[0].message).toBe('Not authorized');
  });

  it('a RECEIVE-only key cannot read: top-level error naming the AuthorizationError', async () => {
    const { body } = await h.gql('{ me { id } }', {}, h.key('RECEIVE'));
    expect(body.data).toEqual({ me: null });
    expect(body.errors).toEqual([expect.objectContaining({
      message: 'Unexpected error occurred, please try again or contact support if it persists (code: AuthorizationError: not authorized to read data)',
    })]);
  });

  it('a READ-only key cannot receive: payload error with code null', async () => {
    const { status, body } = await h.gql(CREATE_BTC, { input: { walletId: h.wallet('BTC'), amount: 10 } }, h.key('READ'));
    expect(status).toBe(200);
    expect(body.data.lnInvoiceCreate).toEqual({
      invoice: null,
      errors: [{ message: 'Unexpected error occurred, please try again or contact support if it persists (code: AuthorizationError: not authorized to execute mutations)', code: null, path: null }],
    });
  });

  it('an unauthenticated request to a public query is served', async () => {
    expect((await h.gql('{ globals { network } }')).body).toEqual({ data: { globals: { network: 'regtest' } } });
  });
});

describe('request handling', () => {
  it('two mutations in one request exceed the complexity limit', async () => {
    const query = `mutation { a: lnInvoiceCreate(input: {walletId: "${h.wallet('BTC')}", amount: 1}) { invoice { paymentHash } }
      b: lnInvoiceCreate(input: {walletId: "${h.wallet('BTC')}", amount: 1}) { invoice { paymentHash } } }`;
    const { body } = await h.gql(query, {}, h.key('READ+RECEIVE'));
    expect(body.errors).toEqual([{ message: 'Query too complex. Value of 244 is over the maximum 200.' }]);
    expect(body.data).toBeUndefined();
    const invoices = await h.control('GET', 'invoices');
    expect(invoices.body.invoices).toEqual([]);
  });

  it('many aliased status queries in one request are one request', async () => {
    const created = await h.gql(CREATE_BTC, { input: { walletId: h.wallet('BTC'), amount: 5 } }, h.key('RECEIVE'));
    const hash = created.body.data.lnInvoiceCreate.invoice.paymentHash as string;
    const aliases = Array.from({ length: 30 }, (_, i) => `s${i}: lnInvoicePaymentStatusByHash(input: {paymentHash: "${hash}"}) { status }`).join('\n');
    const { body } = await h.gql(`{ ${aliases} }`);
    expect(Object.values(body.data)).toEqual(Array.from({ length: 30 }, () => ({ status: 'PENDING' })));
  });

  it('a document that does not validate is HTTP 400 with the validation error', async () => {
    const { status, body } = await h.gql('{ me { notAField } }', {}, h.key('READ'));
    expect(status).toBe(400);
    expect(body.errors[0].message).toMatch(/notAField/);
  });

  it('a body that is not JSON is HTTP 400', async () => {
    const response = await fetch(h.sandbox.graphqlUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{nope' });
    expect(response.status).toBe(400);
  });
});
