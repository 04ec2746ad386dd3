import { BlinkError, type PaymentHash } from '../../../../src/app/blink-port';
import { paymentStatuses } from '../../../../src/adapters/blink/payment-status';
import type { GraphqlRequest } from '../../../../src/adapters/blink/http-transport';
import { fakeDeps } from './fake-transport';

const endpoint = { server: 'https://api.example/graphql', websocketUrl: 'wss://ws.example/graphql', apiKey: undefined };
const hash = (n: number) => n.toString(16).padStart(64, '0') as PaymentHash;
const aliasCount = (request: GraphqlRequest) => Object.keys(request.variables ?? {}).length;
const allPaid = (request: GraphqlRequest) => ({
  data: Object.fromEntries(Object.keys(request.variables ?? {}).map((alias) => [alias, { status: 'PAID' }])),
});

describe('paymentStatuses', () => {
  it('asks for up to 99 hashes per request and chunks the rest', async () => {
    const { deps, sent } = fakeDeps([allPaid, allPaid, allPaid]);
    const hashes = Array.from({ length: 250 }, (_, n) => hash(n));
    const results = await paymentStatuses(deps, endpoint, hashes);
    expect(sent.map((item) => aliasCount(item.request))).toEqual([99, 99, 52]);
    expect(results).not.toBeInstanceOf(BlinkError);
    expect((results as Map<PaymentHash, unknown>).size).toBe(250);
    expect((results as Map<PaymentHash, unknown>).get(hash(249))).toEqual({ paymentHash: hash(249), status: 'PAID', preimage: null });
  });

  it('asks once per distinct hash', async () => {
    const { deps, sent } = fakeDeps([allPaid]);
    await paymentStatuses(deps, endpoint, [hash(1), hash(1), hash(2)]);
    expect(aliasCount(sent[0]!.request)).toBe(2);
  });

  it('gives an unknown hash its own error and asks again for the others', async () => {
    const unknownFirst = () => ({
      data: null,
      errors: [{ message: `User tried to pay invoice with hash ${hash(2)}, but it does not exist`, path: ['h1'], code: 'LIGHTNING_PAYMENT_ERROR' }],
    });
    const { deps, sent } = fakeDeps([unknownFirst, allPaid]);
    const results = (await paymentStatuses(deps, endpoint, [hash(1), hash(2), hash(3)])) as Map<PaymentHash, unknown>;
    expect(sent.map((item) => item.request.variables)).toEqual([
      { h0: { paymentHash: hash(1) }, h1: { paymentHash: hash(2) }, h2: { paymentHash: hash(3) } },
      { h0: { paymentHash: hash(1) }, h1: { paymentHash: hash(3) } },
    ]);
    expect((results.get(hash(2)) as BlinkError).code).toBe('blink-invalid-input');
    expect(results.get(hash(3))).toMatchObject({ status: 'PAID' });
  });

  it('fails as a whole on an error that names no alias', async () => {
    const { deps } = fakeDeps([{ data: null, errors: [{ message: 'Query too complex. Value of 300 is over the maximum 200.' }] }]);
    const result = await paymentStatuses(deps, endpoint, [hash(1)]);
    expect((result as BlinkError).code).toBe('blink-protocol-error');
  });
});
