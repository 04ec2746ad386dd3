import { BlinkError, type BlinkInvoiceRequest } from '../../../../src/app/blink-port';
import type { BlinkApiKey, BlinkConnection, WalletId } from '../../../../connection-string/types';
import type { InvoiceId } from '../../../../src/domain/ids';
import type { Sats } from '../../../../src/domain/money/units';
import { createInvoice } from '../../../../src/adapters/blink/invoice-create';
import type { GraphqlRequest } from '../../../../src/adapters/blink/http-transport';
import { fakeDeps, unavailable } from './fake-transport';

const walletId = 'b1c2d3e4-0000-4000-8000-000000000001' as WalletId;
const base = { server: 'https://api.example/graphql', websocketUrl: 'wss://ws.example/graphql', allowInsecure: false, currency: undefined };
const keyed: BlinkConnection = { ...base, mode: 'api-key', apiKey: 'blink_abc' as BlinkApiKey, walletId };
const keyless: BlinkConnection = { ...base, mode: 'keyless', walletId };
const request: BlinkInvoiceRequest = {
  invoiceId: 'Inv42' as InvoiceId, walletId, amount: { currency: 'BTC', sats: 1000 as Sats }, memo: 'Order 42',
};

const hashA = 'a'.repeat(64);
const invoice = (externalId: string, paymentHash = hashA) => ({
  paymentRequest: 'lnbc10u1…', paymentHash, satoshis: 1000, paymentStatus: 'PENDING', createdAt: 1_700_000_000, externalId,
});
const created = (field: string) => (req: GraphqlRequest) => ({
  data: { [field]: { errors: [], invoice: invoice(String((req.variables?.input as { externalId: string }).externalId)) } },
});
const taken = (field: string) => ({
  data: { [field]: { errors: [{ message: 'External id for invoice or transaction already exists', code: 'INVALID_INPUT' }], invoice: null } },
});
const page = (nodes: object[]) => ({
  data: { me: { defaultAccount: { invoices: { pageInfo: { hasNextPage: false, endCursor: null }, edges: nodes.map((node) => ({ node })) } } } },
});
const input = (req: GraphqlRequest) => req.variables?.input as Record<string, unknown>;

describe('createInvoice', () => {
  it.each([
    [{ currency: 'BTC', sats: 1000 }, 'lnInvoiceCreate', { amount: 1000 }],
    [{ currency: 'USD', cents: 250 }, 'lnUsdInvoiceCreate', { amount: 250 }],
    [null, 'lnNoAmountInvoiceCreate', {}],
  ] as unknown as [BlinkInvoiceRequest['amount'], string, object][])('sends %j through %s with the derived external id', async (amount, field, extra) => {
    const { deps, sent } = fakeDeps([created(field)]);
    const result = await createInvoice(deps, keyed, { ...request, amount, expiresInMinutes: 30 });
    expect(result).toMatchObject({ paymentHash: hashA, externalId: '_inv42', status: 'PENDING' });
    expect(sent[0]!.request.query).toContain(`${field}(input: $input)`);
    expect(input(sent[0]!.request)).toEqual({ walletId, memo: 'Order 42', expiresIn: 30, externalId: '_inv42', ...extra });
  });

  it('uses the OnBehalfOfRecipient variant without a key for keyless connections', async () => {
    const { deps, sent } = fakeDeps([created('lnInvoiceCreateOnBehalfOfRecipient')]);
    await createInvoice(deps, keyless, request);
    expect(sent[0]!.apiKey).toBeUndefined();
    expect(input(sent[0]!.request)).toMatchObject({ recipientWalletId: walletId, amount: 1000 });
  });

  it('retries after a lost response and recovers the invoice the first try created', async () => {
    const { deps, sent } = fakeDeps([unavailable(), taken('lnInvoiceCreate'), page([invoice('other', 'b'.repeat(64)), invoice('_inv42')])]);
    const result = await createInvoice(deps, keyed, request);
    expect(result).toMatchObject({ paymentHash: hashA, externalId: '_inv42' });
    expect(sent.map((item) => item.request.operationName)).toEqual(['LnInvoiceCreate', 'LnInvoiceCreate', 'WalletInvoices']);
    expect(input(sent[1]!.request).externalId).toBe('_inv42');
  });

  it('issues a fresh external id when the key cannot read the existing invoice', async () => {
    const { deps, sent } = fakeDeps([
      taken('lnInvoiceCreate'), { data: null, errors: [{ message: 'Not authorized' }] }, created('lnInvoiceCreate'),
    ]);
    const result = await createInvoice(deps, keyed, request);
    expect(result).toMatchObject({ externalId: '_inv42_1' });
    expect(sent).toHaveLength(3);
  });

  it('issues a fresh external id at once for keyless connections (nothing to read with)', async () => {
    const { deps, sent } = fakeDeps([taken('lnInvoiceCreateOnBehalfOfRecipient'), created('lnInvoiceCreateOnBehalfOfRecipient')]);
    const result = await createInvoice(deps, keyless, request);
    expect(result).toMatchObject({ externalId: '_inv42_1' });
    expect(sent.map((item) => input(item.request).externalId)).toEqual(['_inv42', '_inv42_1']);
  });

  it('returns Blink\'s refusal for other invalid input without retrying', async () => {
    const { deps, sent } = fakeDeps([{ data: { lnInvoiceCreate: { errors: [{ message: 'Memo is too long', code: null }], invoice: null } } }]);
    const result = await createInvoice(deps, keyed, request);
    expect((result as BlinkError).code).toBe('blink-invalid-input');
    expect(sent).toHaveLength(1);
  });
});
