/**
 * Blink blocks an account for 5 minutes after 60 invoice creations in a minute. A burst of 100
 * orders must never get the merchant blocked: the gateway answers the excess 429 before Blink would.
 */
import { invoiceMutationDocuments } from '../../../src/adapters/blink/documents';
import { operationsBetween, startInvoiceGateway, type InvoiceTestGateway } from './harness';

jest.setTimeout(60_000);

let t: InvoiceTestGateway;
beforeAll(async () => { t = await startInvoiceGateway(); });
afterAll(async () => { await t.close(); });

it('a burst of 100 creations: 55 invoices, 45 × 429 with Retry-After, and the sandbox never blocks the account', async () => {
  const storeId = await t.createStore();
  const before = await t.stats();
  const replies = await Promise.all(Array.from({ length: 100 }, (_, i) =>
    t.call(`/api/v1/stores/${storeId}/invoices`, { method: 'POST', json: { amount: '100', currency: 'SATS', metadata: { orderId: `burst-${i}` } } })));
  const created = replies.filter((reply) => reply.status === 200);
  const limited = replies.filter((reply) => reply.status === 429);
  expect(created).toHaveLength(55);
  expect(limited).toHaveLength(45);
  for (const reply of limited) {
    expect(reply.body).toEqual({ code: 'invoice-rate-limited', message: expect.stringContaining('Retry-After') });
    expect(Number(reply.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(reply.headers.get('retry-after'))).toBeLessThanOrEqual(61);
  }
  expect(operationsBetween(before, await t.stats())).toEqual({ lnInvoiceCreate: 55 });

  // The account is not blocked: Blink (the sandbox, 60 a minute) still creates an invoice for it.
  const { readReceive, btcWallet } = t.merchant;
  const direct = await fetch(t.sandbox.graphqlUrl, {
    method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': readReceive },
    body: JSON.stringify({ query: invoiceMutationDocuments.lnInvoiceCreate, variables: { input: { walletId: btcWallet, amount: 1 } } }),
  });
  const payload = (await direct.json()) as { data: { lnInvoiceCreate: { errors: unknown[]; invoice: unknown } } };
  expect(payload.data.lnInvoiceCreate.errors).toEqual([]);
  expect(payload.data.lnInvoiceCreate.invoice).not.toBeNull();

  // Another store on the same Blink key shares the account's budget.
  const sibling = await t.createStore({ wallet: 'USD' });
  const refused = await t.call(`/api/v1/stores/${sibling}/invoices`, { method: 'POST', json: { amount: '1', currency: 'USD' } });
  expect(refused.status).toBe(429);
});

it("Blink's own TOO_MANY_REQUEST is a 429 too, and the gateway stops asking Blink for the block's 5 minutes", async () => {
  const other = t.sandbox.accounts[1]!;
  const storeId = await t.createStoreWithStoredConnection({
    apiKey: other.apiKeys[0]!.key, walletId: other.wallets.find((wallet) => wallet.currency === 'BTC')!.id, walletCurrency: 'BTC',
  });
  await t.faults({ forceRateLimit: true });
  try {
    const limited = await t.call(`/api/v1/stores/${storeId}/invoices`, { method: 'POST', json: { amount: '100', currency: 'SATS' } });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('300');
    expect(limited.body.code).toBe('invoice-rate-limited');
  } finally {
    await t.faults({ forceRateLimit: false });
  }
  const before = await t.stats();
  const held = await t.call(`/api/v1/stores/${storeId}/invoices`, { method: 'POST', json: { amount: '100', currency: 'SATS' } });
  expect(held.status).toBe(429);
  expect(Number(held.headers.get('retry-after'))).toBeGreaterThan(290);
  expect(operationsBetween(before, await t.stats())).toEqual({});
});
