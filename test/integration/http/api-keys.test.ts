import { startTestGateway, type TestGateway } from '../../support/gateway';

// Real services on a shared 2-core machine: jest's testTimeout in a project config is not applied.
jest.setTimeout(60_000);

/**
 * The key lifecycle through HTTP. Every response body is kept: at the end no key may appear in any
 * response but the one that created it, nor in any captured log line.
 */
describe('API keys over HTTP', () => {
  let gw: TestGateway;
  const responses: { label: string; text: string }[] = [];
  const keys: { key: string; createdIn: string }[] = [];

  beforeAll(async () => { gw = await startTestGateway(); });
  afterAll(async () => { await gw.close(); });

  async function call(label: string, path: string, init: Parameters<TestGateway['request']>[1] = {}) {
    const response = await gw.request(path, init);
    const text = await response.text();
    responses.push({ label, text: `${JSON.stringify([...response.headers])}\n${text}` });
    return { status: response.status, text, json: text === '' ? undefined : (JSON.parse(text) as unknown) };
  }

  async function create(label: string, by: string, permissions: string[]) {
    const result = await call(`create ${label}`, '/api/v1/api-keys', { method: 'POST', key: by, json: { label, permissions } });
    expect(result.status).toBe(200);
    const body = result.json as { apiKey: string; label: string; permissions: string[] };
    keys.push({ key: body.apiKey, createdIn: `create ${label}` });
    return body;
  }

  it('creates a key (Greenfield ApiKeyData), reads it back as current, and uses it', async () => {
    const created = await create('woocommerce', gw.adminKey, [
      'btcpay.store.canviewinvoices:s1', 'btcpay.store.cancreateinvoice:s1', 'btcpay.store.canviewstoresettings:s1',
      'btcpay.store.canmodifyinvoices:s1', 'btcpay.store.webhooks.canmodifywebhooks:s1',
    ]);
    expect(created).toEqual({
      apiKey: expect.stringMatching(/^bgk_[A-Za-z0-9_-]{43}$/),
      label: 'woocommerce',
      permissions: [
        'btcpay.store.canviewinvoices:s1', 'btcpay.store.cancreateinvoice:s1', 'btcpay.store.canviewstoresettings:s1',
        'btcpay.store.canmodifyinvoices:s1', 'btcpay.store.webhooks.canmodifywebhooks:s1',
      ],
    });
    const current = await call('current', '/api/v1/api-keys/current', { key: created.apiKey });
    expect(current).toMatchObject({ status: 200, json: { apiKey: null, label: 'woocommerce', permissions: created.permissions } });
  });

  it('accepts a missing label and permissions, and reports invalid fields as 422 [{path,message}]', async () => {
    const empty = await call('create empty', '/api/v1/api-keys', { method: 'POST', key: gw.adminKey, json: {} });
    expect(empty.status).toBe(200);
    keys.push({ key: (empty.json as { apiKey: string }).apiKey, createdIn: 'create empty' });
    expect(empty.json).toMatchObject({ label: '', permissions: [] });
    const bad = await call('create bad', '/api/v1/api-keys', {
      method: 'POST', key: gw.adminKey, json: { label: 7, permissions: ['btcpay.store.canviewinvoices', 'nope', 'unrestricted:s1'] },
    });
    expect(bad.status).toBe(422);
    expect(bad.json).toEqual([{ path: 'label', message: expect.any(String) }]);
    const badPermissions = await call('create bad permissions', '/api/v1/api-keys', {
      method: 'POST', key: gw.adminKey, json: { permissions: ['btcpay.store.canviewinvoices', 'nope', 'unrestricted:s1'] },
    });
    expect(badPermissions.status).toBe(422);
    expect(badPermissions.json).toEqual([
      { path: 'permissions[1]', message: 'Unknown permission policy "nope"' },
      { path: 'permissions[2]', message: 'The permission "unrestricted" cannot be limited to a store' },
    ]);
  });

  it('lets a key create keys within its own permissions (inclusion rules), not beyond', async () => {
    const manager = await create('manager', gw.adminKey, ['btcpay.store.canmodifystoresettings:s1']);
    const child = await create('child', manager.apiKey, ['btcpay.store.cancreateinvoice:s1', 'btcpay.store.webhooks.canmodifywebhooks:s1']);
    expect(child.permissions).toHaveLength(2);
    for (const permission of ['btcpay.store.cancreateinvoice:s2', 'btcpay.store.cancreateinvoice', 'unrestricted']) {
      const refused = await call('refused', '/api/v1/api-keys', { method: 'POST', key: manager.apiKey, json: { permissions: [permission] } });
      expect(refused).toMatchObject({ status: 403, json: { code: 'missing-permission', missingPermission: permission } });
    }
  });

  it('revokes the current key; the key then fails with 401', async () => {
    const doomed = await create('doomed', gw.adminKey, ['btcpay.store.canviewinvoices:s1']);
    expect((await call('delete current', '/api/v1/api-keys/current', { method: 'DELETE', key: doomed.apiKey })).status).toBe(200);
    const after = await call('after delete', '/api/v1/api-keys/current', { key: doomed.apiKey });
    expect(after).toMatchObject({ status: 401, json: { code: 'unauthenticated' } });
  });

  it('revokes a key by the key itself, when the caller holds its permissions', async () => {
    const narrow = await create('narrow', gw.adminKey, ['btcpay.store.canviewinvoices:s1']);
    const wide = await create('wide', gw.adminKey, ['btcpay.store.canmodifystoresettings:s1']);
    const refused = await call('narrow deletes wide', `/api/v1/api-keys/${wide.apiKey}`, { method: 'DELETE', key: narrow.apiKey });
    expect(refused).toMatchObject({ status: 403, json: { code: 'missing-permission', missingPermission: 'btcpay.store.canmodifystoresettings:s1' } });
    expect((await call('wide deletes narrow', `/api/v1/api-keys/${narrow.apiKey}`, { method: 'DELETE', key: wide.apiKey })).status).toBe(200);
    expect((await call('narrow gone', '/api/v1/api-keys/current', { key: narrow.apiKey })).status).toBe(401);
    const again = await call('delete again', `/api/v1/api-keys/${narrow.apiKey}`, { method: 'DELETE', key: gw.adminKey });
    expect(again).toMatchObject({ status: 404, json: { code: 'apikey-not-found', message: 'The API Key was not found' } });
  });

  it('does not revoke ADMIN_API_KEY through the API', async () => {
    const self = await call('delete admin current', '/api/v1/api-keys/current', { method: 'DELETE', key: gw.adminKey });
    expect(self).toMatchObject({ status: 400, json: { code: 'apikey-not-revocable' } });
    const byValue = await call('delete admin by value', `/api/v1/api-keys/${gw.adminKey}`, { method: 'DELETE', key: gw.adminKey });
    expect(byValue.status).toBe(400);
    expect((await call('admin still works', '/api/v1/api-keys/current', { key: gw.adminKey })).status).toBe(200);
  });

  it('never shows a key in a response other than the one that created it, nor in the logs', async () => {
    expect(keys.length).toBeGreaterThan(5);
    const logs = gw.logs.text();
    expect(gw.logs.lines.length).toBeGreaterThan(responses.length);
    for (const { key, createdIn } of [...keys, { key: gw.adminKey, createdIn: '(environment)' }]) {
      const leaks = responses.filter((response) => response.label !== createdIn && response.text.includes(key));
      expect(leaks.map((leak) => leak.label)).toEqual([]);
      expect(logs.includes(key)).toBe(false);
    }
  });
});
