import { CREATE_BTC, CREATE_NO_AMOUNT, startHarness, type Harness } from './support';

/**
 * The lost-response fault over real HTTP: the next N invoice-creating mutations run (the invoice is
 * stored, its external id taken) but the answer never reaches the caller.
 */
let h: Harness;
beforeAll(async () => { h = await startHarness(); });
afterAll(async () => { await h.close(); });
afterEach(async () => { await h.control('POST', 'reset'); });

interface ControlInvoice { paymentHash: string; externalId: string; status: string }
const stored = async (): Promise<ControlInvoice[]> => (await h.control('GET', 'invoices')).body.invoices;
const create = (externalId: string, query = CREATE_BTC, input: Record<string, unknown> = { walletId: h.wallet('BTC'), amount: 700 }) =>
  h.gql(query, { input: { ...input, externalId } }, h.key('READ+RECEIVE'));

it('socket-destroyed (the default): the request fails at the socket, yet the invoice exists and its external id is taken', async () => {
  expect((await h.control('POST', 'faults', { lostInvoiceResponses: 1 })).body).toMatchObject({ lostInvoiceResponses: 1, lostResponseMode: 'socket-destroyed' });
  await expect(create('lost-1')).rejects.toThrow();
  expect(await stored()).toEqual([expect.objectContaining({ externalId: 'lost-1', status: 'PENDING' })]);
  expect((await h.control('GET', 'faults')).body.lostInvoiceResponses).toBe(0);
  const retry = await create('lost-1');
  expect(retry.body.data.lnInvoiceCreate.errors).toEqual([{ message: 'External id for invoice or transaction already exists', code: 'INVALID_INPUT', path: null }]);
  expect(await stored()).toHaveLength(1);
});

it.each([['http-502', 502], ['http-504', 504]] as const)('%s: a proxy error page instead of the answer', async (mode, status) => {
  await h.control('POST', 'faults', { lostInvoiceResponses: 2, lostResponseMode: mode });
  const first = await create('proxy-1');
  expect([first.status, typeof first.body]).toEqual([status, 'string']);
  const second = await create('proxy-2', CREATE_NO_AMOUNT, { walletId: h.wallet('BTC') });
  expect(second.status).toBe(status);
  const third = await create('proxy-3');
  expect(third.status).toBe(200);
  expect((await stored()).map((invoice) => invoice.externalId)).toEqual(['proxy-1', 'proxy-2', 'proxy-3']);
});

it('only invoice-creating mutations use it up: queries, other mutations and refused requests answer normally', async () => {
  await h.control('POST', 'faults', { lostInvoiceResponses: 1 });
  expect((await h.gql('{ globals { network } }')).status).toBe(200);
  const address = await h.gql('mutation A($input: OnChainAddressCurrentInput!) { onChainAddressCurrent(input: $input) { address errors { message } } }',
    { input: { walletId: h.wallet('BTC') } }, h.key('READ+RECEIVE'));
  expect(address.body.data.onChainAddressCurrent.address).toEqual(expect.any(String));
  expect((await h.gql('mutation { lnInvoiceCreate(input: {walletId: "x", amount: 1}) { nope } }', {}, h.key('READ+RECEIVE'))).status).toBe(400);
  expect((await h.control('GET', 'faults')).body.lostInvoiceResponses).toBe(1);
  await expect(create('counted')).rejects.toThrow();
});

it('validates its settings (422 naming the field); reset disarms it', async () => {
  for (const bad of [{ lostInvoiceResponses: -1 }, { lostInvoiceResponses: 1.5 }, { lostInvoiceResponses: '2' }, { lostResponseMode: 'http-500' }]) {
    const reply = await h.control('POST', 'faults', bad);
    expect(reply.status).toBe(422);
    expect(reply.body.error).toMatch(new RegExp(`^${Object.keys(bad)[0]}: `));
  }
  await h.control('POST', 'faults', { lostInvoiceResponses: 3, lostResponseMode: 'http-504' });
  await h.control('POST', 'reset');
  expect((await h.control('GET', 'faults')).body).toMatchObject({ lostInvoiceResponses: 0, lostResponseMode: 'socket-destroyed' });
  expect((await create('after-reset')).status).toBe(200);
});
