import { CREATE_BTC, startHarness, type Harness } from './support';

/** Blink's invoice-creation limit per account: N per minute, then blocked; the fault forces it. */
let h: Harness;
beforeAll(async () => { h = await startHarness({ invoiceRateLimitPerMinute: 3, rateLimitBlockSeconds: 300 }); });
afterAll(async () => { await h.close(); });
afterEach(async () => { await h.control('POST', 'reset'); });

const TOO_MANY = { message: 'Too many invoices creation, please wait for a while and try again.', code: 'TOO_MANY_REQUEST', path: null };

async function createErrors(account = 0): Promise<unknown[]> {
  const { status, body } = await h.gql(CREATE_BTC, { input: { walletId: h.wallet('BTC', account), amount: 1 } }, h.key('READ+RECEIVE', account));
  expect(status).toBe(200); // no HTTP 429 on /graphql
  return body.data.lnInvoiceCreate.errors as unknown[];
}

it('the attempt after N in a minute is TOO_MANY_REQUEST, per account, until reset', async () => {
  for (let i = 0; i < 3; i += 1) expect(await createErrors()).toEqual([]);
  expect(await createErrors()).toEqual([TOO_MANY]);
  expect(await createErrors()).toEqual([TOO_MANY]);
  expect(await createErrors(1)).toEqual([]);
  await h.control('POST', 'reset');
  expect(await createErrors()).toEqual([]);
});

it('the forceRateLimit fault answers TOO_MANY_REQUEST at once', async () => {
  expect((await h.control('POST', 'faults', { forceRateLimit: true })).body).toMatchObject({ forceRateLimit: true });
  expect(await createErrors(1)).toEqual([TOO_MANY]);
  await h.control('POST', 'faults', { forceRateLimit: false });
  expect(await createErrors(1)).toEqual([]);
});
