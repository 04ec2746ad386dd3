/**
 * Random input on the store routes never yields a 500, and never echoes a key. Connection strings are
 * drawn from near-valid ones (the sandbox's keys and wallets, mangled) as well as random JSON, so the
 * parse → verify → policy path runs with Blink over the wire.
 */
import fc from 'fast-check';
import { merchant, startStoresGateway, type StoresTestGateway } from './harness';
import { expectNoKeyLeaked } from './no-secrets';

jest.setTimeout(120_000);

let gateway: StoresTestGateway;
let storeId: string;
beforeAll(async () => {
  gateway = await startStoresGateway();
  storeId = ((await gateway.request('/api/v1/stores', { method: 'POST', key: gateway.adminKey, json: { name: 'Fuzzed' } })).body as { id: string }).id;
});
afterAll(async () => {
  try {
    expect(gateway.logs.text()).not.toContain('unhandled error');
    await expectNoKeyLeaked(gateway, merchant(gateway.sandbox).allKeys);
  } finally {
    await gateway.close();
  }
});

function nearValidConnections(): fc.Arbitrary<string> {
  const m = merchant(gateway.sandbox);
  const part = fc.oneof(
    fc.constantFrom('type=blink', 'allowinsecure=true', 'allowinsecure=maybe', 'currency=USD', 'currency=usd'),
    fc.constantFrom(m.readReceive, m.receiveOnly, m.readOnly, m.write, m.woundDownKey, 'blink_', '').map((key) => `api-key=${key}`),
    fc.constantFrom(m.btcWallet, m.usdWallet, m.otherAccountWallet, m.woundDownWallet, '', 'not-a-wallet').map((id) => `wallet-id=${id}`),
    fc.string({ maxLength: 20 }),
  );
  // Always the sandbox's server first: a string without one would default to api.blink.sv, and tests never call the real Blink.
  return fc.array(part, { minLength: 1, maxLength: 6 }).map((parts) => [`server=${gateway.sandbox.graphqlUrl}`, ...parts].join(';'));
}

describe('store routes under random input', () => {
  it('never answer 5xx except a 503 blink-unavailable', async () => {
    const config = fc.oneof(
      nearValidConnections(),
      nearValidConnections().map((text) => ({ connectionString: text })),
      fc.jsonValue({ maxDepth: 2 }),
    );
    const storeBody = fc.oneof(
      fc.jsonValue({ maxDepth: 2 }),
      fc.record({
        name: fc.oneof(fc.string({ maxLength: 60 }), fc.jsonValue()),
        website: fc.oneof(fc.webUrl(), fc.string(), fc.constant(null)),
        defaultCurrency: fc.oneof(fc.string({ maxLength: 12 }), fc.integer()),
        invoiceExpiration: fc.oneof(fc.integer(), fc.double(), fc.string()),
        lightningDescriptionTemplate: fc.oneof(fc.string({ maxLength: 600 }), fc.constant(null)),
        paymentTolerance: fc.oneof(fc.double(), fc.integer()),
      }, { requiredKeys: [] }),
    );
    const storeSegment = fc.oneof(fc.constant(storeId), fc.string({ maxLength: 70 }).map(encodeURIComponent));
    const request = fc.oneof(
      fc.record({ method: fc.constant('PUT'), path: fc.tuple(storeSegment, fc.constantFrom('BTC-LN', 'btc_ln', 'BTC-CHAIN', '%20')).map(([s, p]) => `/api/v1/stores/${s}/payment-methods/${p}`),
        json: fc.record({ enabled: fc.oneof(fc.boolean(), fc.jsonValue()), config }, { requiredKeys: [] }) }),
      fc.record({ method: fc.constantFrom('POST'), path: fc.constant('/api/v1/stores'), json: storeBody }),
      fc.record({ method: fc.constantFrom('PUT'), path: storeSegment.map((s) => `/api/v1/stores/${s}`), json: storeBody }),
      fc.record({ method: fc.constantFrom('GET', 'DELETE'), path: fc.tuple(storeSegment, fc.constantFrom('', '/payment-methods', '/payment-methods/BTC-LN', '/payment-methods?onlyEnabled=maybe')).map(([s, rest]) => `/api/v1/stores/${s}${rest}`) }),
    );
    await fc.assert(fc.asyncProperty(request, async ({ method, path, ...rest }) => {
      // Deleting the fuzzed store would make the rest of the run trivial: keep it.
      if (method === 'DELETE' && path === `/api/v1/stores/${storeId}`) return;
      const response = await gateway.request(path, { method, key: gateway.adminKey, ...('json' in rest ? { json: rest.json } : {}) });
      if (response.status >= 500) expect(response).toMatchObject({ status: 503, body: { code: 'blink-unavailable' } });
      if (response.status === 422) expect(response.body).toEqual(expect.arrayContaining([{ path: expect.any(String), message: expect.any(String) }]));
    }), { numRuns: 250 });
  });
});
