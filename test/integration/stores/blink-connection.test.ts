/**
 * `PUT /api/v1/stores/{storeId}/payment-methods/BTC-LN` against the Blink sandbox over the wire: every
 * kind of key and wallet the issue names, what is stored, and that a refusal stores nothing.
 */
import { connectionString, merchant, startStoresGateway, type StoresTestGateway } from './harness';
import { expectNoKeyLeaked } from './no-secrets';

jest.setTimeout(60_000);

let gateway: StoresTestGateway;
let m: ReturnType<typeof merchant>;
beforeAll(async () => {
  gateway = await startStoresGateway();
  m = merchant(gateway.sandbox);
});
afterAll(async () => {
  try {
    await expectNoKeyLeaked(gateway, m.allKeys);
  } finally {
    await gateway.close();
  }
});

async function newStore(): Promise<string> {
  const response = await gateway.request('/api/v1/stores', { method: 'POST', key: gateway.adminKey, json: { name: 'Shop' } });
  return (response.body as { id: string }).id;
}

const put = (storeId: string, body: unknown, paymentMethodId = 'BTC-LN') =>
  gateway.request(`/api/v1/stores/${storeId}/payment-methods/${paymentMethodId}`, { method: 'PUT', key: gateway.adminKey, json: body });

async function storedConnection(storeId: string): Promise<Record<string, unknown> | undefined> {
  const rows = await gateway.pool.query('SELECT * FROM store_blink_connections WHERE store_id = $1', [storeId]);
  return rows.rows[0] as Record<string, unknown> | undefined;
}

/** A refusal: 422 on `config` with `message`, and nothing stored. */
async function expectRefused(storeId: string, config: string, message: string | RegExp): Promise<void> {
  const response = await put(storeId, { enabled: true, config });
  expect(response.status).toBe(422);
  expect(response.body).toEqual([{ path: 'config', message: typeof message === 'string' ? message : expect.stringMatching(message) }]);
  expect(await storedConnection(storeId)).toBeUndefined();
}

describe('Blink connection registration', () => {
  it('refuses a Write-scoped key, explaining how to make a Read+Receive key', async () => {
    await expectRefused(await newStore(), connectionString(gateway.sandbox, { apiKey: m.write, walletId: m.btcWallet }),
      /Write scope.*dashboard\.blink\.sv.*Read and Receive scopes only/);
  });

  it('accepts a Receive-only key and explains its limits', async () => {
    const storeId = await newStore();
    const response = await put(storeId, { enabled: true, config: connectionString(gateway.sandbox, { apiKey: m.receiveOnly, walletId: m.btcWallet }) });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      enabled: true, paymentMethodId: 'BTC-LN',
      blink: { access: 'receive-only', scopes: ['RECEIVE'], scopesSource: 'probed', walletId: m.btcWallet, walletCurrency: 'BTC' },
    });
    const notes = (response.body as { blink: { notes: string[] } }).blink.notes.join('\n');
    expect(notes).toMatch(/Receive-only key, the most private choice/);
    expect(notes).toMatch(/cannot read the account/);
    expect(await storedConnection(storeId)).toMatchObject({ access: 'receive-only', wallet_id: m.btcWallet, wallet_currency: 'BTC' });
  });

  it('refuses a Read-only key: it cannot receive', async () => {
    await expectRefused(await newStore(), connectionString(gateway.sandbox, { apiKey: m.readOnly, walletId: m.btcWallet }),
      /cannot receive payments: it has the Read scope but not Receive/);
  });

  it("refuses an unknown key with BTCPay's message", async () => {
    const unknown = `blink_${'x'.repeat(64)}`;
    await expectRefused(await newStore(), connectionString(gateway.sandbox, { apiKey: unknown, walletId: m.btcWallet }), 'Invalid server or api key');
  });

  it("refuses a wallet of another account with BTCPay's message", async () => {
    await expectRefused(await newStore(), connectionString(gateway.sandbox, { apiKey: m.readReceive, walletId: m.otherAccountWallet }), 'Invalid wallet id');
  });

  it('refuses a Receive-only key on a wallet of another account, or without a wallet-id to prove Receive on', async () => {
    await expectRefused(await newStore(), connectionString(gateway.sandbox, { apiKey: m.receiveOnly, walletId: m.otherAccountWallet }),
      new RegExp(`cannot receive payments into wallet ${m.otherAccountWallet}: .*or the wallet belongs to another account`));
    await expectRefused(await newStore(), connectionString(gateway.sandbox, { apiKey: m.receiveOnly }),
      /^The wallet-id is not set and no default wallet is set: a key without the Read scope cannot look up/);
  });

  it('refuses a wallet id that does not exist', async () => {
    await expectRefused(await newStore(), connectionString(gateway.sandbox, { apiKey: m.readReceive, walletId: '00000000-0000-4000-8000-000000000000' }), 'Invalid wallet id');
  });

  it('accepts a USD wallet and stores its currency', async () => {
    const storeId = await newStore();
    const response = await put(storeId, { config: connectionString(gateway.sandbox, { apiKey: m.readReceive, walletId: m.usdWallet }) });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ blink: { walletId: m.usdWallet, walletCurrency: 'USD' } });
    expect((response.body as { blink: { notes: string[] } }).blink.notes.join('\n')).toMatch(/USD \(Stablesats\) wallet/);
    expect(await storedConnection(storeId)).toMatchObject({ wallet_id: m.usdWallet, wallet_currency: 'USD' });
  });

  it("refuses a declared currency that is not the wallet's, with BTCPay's message", async () => {
    await expectRefused(await newStore(), connectionString(gateway.sandbox, { apiKey: m.readReceive, walletId: m.usdWallet, currency: 'BTC' }),
      'Invalid currency (it should be USD)');
  });

  it('without wallet-id, resolves and stores the default wallet', async () => {
    const storeId = await newStore();
    const response = await put(storeId, { config: connectionString(gateway.sandbox, { apiKey: m.readReceive }) });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ blink: { walletId: m.btcWallet, walletCurrency: 'BTC' } });
  });

  it('accepts a keyless connection and says what it cannot do', async () => {
    const storeId = await newStore();
    const response = await put(storeId, { config: connectionString(gateway.sandbox, { walletId: m.btcWallet }) });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      config: `type=blink;server=${gateway.sandbox.graphqlUrl};wallet-id=${m.btcWallet};allowinsecure=true`,
      blink: { mode: 'keyless', access: 'keyless', scopes: [], scopesSource: 'none', walletId: m.btcWallet, walletCurrency: 'BTC' },
    });
    expect((response.body as { blink: { notes: string[] } }).blink.notes[0]).toMatch(/cannot check that the wallet is yours/);
  });

  it('refuses an account whose receiving Blink has disabled (wind-down)', async () => {
    await expectRefused(await newStore(), connectionString(gateway.sandbox, { apiKey: m.woundDownKey, walletId: m.woundDownWallet }), /RECEIVE_DISABLED/);
  });

  it("refuses a string that does not parse, with BTCPay's parse message", async () => {
    await expectRefused(await newStore(), `type=blink;server=ftp://x;api-key=${m.readReceive}`, "The key 'server' should be an URI starting by http:// or https://");
    await expectRefused(await newStore(), 'type=lnd-rest;server=https://x', 'Unsupported connection string');
  });

  it('when Blink cannot be reached: a clear 503, nothing stored, the previous connection kept', async () => {
    const storeId = await newStore();
    const good = connectionString(gateway.sandbox, { apiKey: m.readReceive, walletId: m.btcWallet });
    expect((await put(storeId, { config: good })).status).toBe(200);
    const before = await storedConnection(storeId);
    // A port nobody listens on: connection refused.
    const unreachable = `type=blink;server=http://127.0.0.1:9/graphql;allowinsecure=true;api-key=${m.readReceive};wallet-id=${m.usdWallet}`;
    const response = await put(storeId, { config: unreachable });
    expect(response.status).toBe(503);
    expect(response.body).toEqual({ code: 'blink-unavailable', message: expect.stringMatching(/^Could not reach Blink at http:\/\/127\.0\.0\.1:9\/graphql .*Nothing was saved/) });
    expect(await storedConnection(storeId)).toEqual(before);

    const fresh = await newStore();
    expect((await put(fresh, { config: unreachable })).status).toBe(503);
    expect(await storedConnection(fresh)).toBeUndefined();
  });

  it('stores the key sealed (v1.<kid>.…), never in clear, bound to its store', async () => {
    const storeId = await newStore();
    await put(storeId, { config: connectionString(gateway.sandbox, { apiKey: m.readReceive, walletId: m.btcWallet }) });
    const row = await storedConnection(storeId);
    const sealed = String(row?.connection_sealed);
    expect(sealed).toMatch(new RegExp(`^v1\\.${gateway.secretBox.currentKeyId}\\.`));
    expect(gateway.secretBox.open(sealed, `store-connection:${storeId}`)).toContain(`api-key=${m.readReceive}`);
    expect(gateway.secretBox.open(sealed, 'store-connection:another-store')).toMatchObject({ code: 'tampered' });
  });

  it('switches enabled without a new string, and accepts BTCPay\'s {connectionString} config object and BTC_LN', async () => {
    const storeId = await newStore();
    const config = connectionString(gateway.sandbox, { apiKey: m.readReceive, walletId: m.btcWallet });
    expect((await put(storeId, { enabled: true, config: { connectionString: config } }, 'BTC_LN')).status).toBe(200);
    const disabled = await put(storeId, { enabled: false });
    expect(disabled).toMatchObject({ status: 200, body: { enabled: false, blink: { walletId: m.btcWallet } } });
    const onlyEnabled = await gateway.request(`/api/v1/stores/${storeId}/payment-methods?onlyEnabled=true`, { key: gateway.adminKey });
    expect(onlyEnabled.body).toEqual([]);
    const all = await gateway.request(`/api/v1/stores/${storeId}/payment-methods?includeConfig=true`, { key: gateway.adminKey });
    expect(all.body).toEqual([expect.objectContaining({ enabled: false, config: expect.stringContaining('api-key=blink_…') })]);
  });

  it('GET and DELETE the connection; 404 paymentmethod-not-found once removed, or for other payment methods', async () => {
    const storeId = await newStore();
    const path = `/api/v1/stores/${storeId}/payment-methods/BTC-LN`;
    expect(await gateway.request(path, { key: gateway.adminKey })).toMatchObject({ status: 404, body: { code: 'paymentmethod-not-found' } });
    expect((await gateway.request(`/api/v1/stores/${storeId}/payment-methods`, { key: gateway.adminKey })).body).toEqual([]);
    expect((await put(storeId, { enabled: false })).status).toBe(422);
    await put(storeId, { config: connectionString(gateway.sandbox, { apiKey: m.readReceive, walletId: m.btcWallet }) });
    expect((await gateway.request(path, { key: gateway.adminKey })).status).toBe(200);
    expect((await gateway.request(path, { method: 'DELETE', key: gateway.adminKey })).status).toBe(200);
    expect(await storedConnection(storeId)).toBeUndefined();
    expect((await gateway.request(path, { method: 'DELETE', key: gateway.adminKey })).status).toBe(404);
    const chain = await put(storeId, { config: 'type=blink' }, 'BTC-CHAIN');
    expect(chain).toMatchObject({ status: 404, body: { code: 'paymentmethod-not-found' } });
  });

  it('refuses a config that is not a string, naming the field', async () => {
    const response = await put(await newStore(), { config: 42 });
    expect(response.status).toBe(422);
    expect(response.body).toEqual([{ path: 'config', message: expect.stringMatching(/^config must be the Blink connection string/) }]);
  });

  it('the leak check itself notices a key', async () => {
    gateway.responses.push(`{"oops":"${m.readReceive}"}`);
    await expect(expectNoKeyLeaked(gateway, [m.readReceive])).rejects.toThrow('appears in the responses');
    gateway.responses.pop();
  });
});

describe('with BLINK_ALLOW_WRITE_SCOPE=true', () => {
  let permissive: StoresTestGateway;
  beforeAll(async () => { permissive = await startStoresGateway({ allowWriteScope: true }); });
  afterAll(async () => {
    try {
      await expectNoKeyLeaked(permissive, merchant(permissive.sandbox).allKeys);
    } finally {
      await permissive.close();
    }
  });

  it('accepts a Write-scoped key, with a warning', async () => {
    const { write, btcWallet } = merchant(permissive.sandbox);
    const store = (await permissive.request('/api/v1/stores', { method: 'POST', key: permissive.adminKey, json: { name: 'W' } })).body as { id: string };
    const response = await permissive.request(`/api/v1/stores/${store.id}/payment-methods/BTC-LN`, {
      method: 'PUT', key: permissive.adminKey, json: { config: connectionString(permissive.sandbox, { apiKey: write, walletId: btcWallet }) },
    });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ blink: { access: 'write', scopes: ['READ', 'RECEIVE', 'WRITE'] } });
    expect((response.body as { blink: { notes: string[] } }).blink.notes[0]).toMatch(/BLINK_ALLOW_WRITE_SCOPE=true/);
  });
});
