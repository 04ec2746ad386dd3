import { startTestGateway, type TestGateway } from '../../support/gateway';

// Real services on a shared 2-core machine: jest's testTimeout in a project config is not applied.
jest.setTimeout(60_000);

describe('authentication and permissions (Greenfield shapes)', () => {
  let gw: TestGateway;
  beforeAll(async () => { gw = await startTestGateway(); });
  afterAll(async () => { await gw.close(); });

  const current = (authorization?: string) =>
    gw.request('/api/v1/api-keys/current', authorization === undefined ? {} : { headers: { authorization } });

  it.each(['token', 'Token', 'TOKEN', 'Bearer', 'bearer', 'BeArEr'])('accepts the %s scheme', async (scheme) => {
    const response = await current(`${scheme} ${gw.adminKey}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ apiKey: null, label: 'ADMIN_API_KEY (environment)', permissions: ['unrestricted'] });
  });

  it('answers 401 unauthenticated without a key', async () => {
    const response = await current();
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await response.json()).toEqual({ code: 'unauthenticated', message: 'Authentication is required for accessing this endpoint' });
  });

  it.each([
    ['an unknown key', 'token bgk_unknownunknownunknownunknownunknown', 'ApiKey authentication failed: Unknown API Key'],
    ['a key with one character more', 'APPEND', 'ApiKey authentication failed: Unknown API Key'],
    ['Basic auth', 'Basic dXNlcjpwYXNz', 'Authentication is required for accessing this endpoint'],
    ['a bare key', 'KEY', 'Authentication is required for accessing this endpoint'],
    ['an empty header', '', 'Authentication is required for accessing this endpoint'],
  ])('answers 401 for %s', async (_name, header, message) => {
    const value = header === 'APPEND' ? `token ${gw.adminKey}x` : header === 'KEY' ? gw.adminKey : header;
    const response = await current(value);
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ code: 'unauthenticated', message });
  });

  it('answers 403 missing-permission when a key lacks what it asks to grant', async () => {
    const created = await gw.request('/api/v1/api-keys', {
      method: 'POST', key: gw.adminKey, json: { label: 'viewer', permissions: ['btcpay.store.canviewinvoices:s1'] },
    });
    const { apiKey } = (await created.json()) as { apiKey: string };
    const response = await gw.request('/api/v1/api-keys', {
      method: 'POST', key: apiKey, json: { label: 'more', permissions: ['btcpay.store.cancreateinvoice:s1'] },
    });
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({
      code: 'missing-permission',
      missingPermission: 'btcpay.store.cancreateinvoice:s1',
      message: 'Insufficient API Permissions. Please use an API key with permission "btcpay.store.cancreateinvoice:s1". ' +
        "You can create an API key in your account's settings / Api Keys.",
    });
  });

  it('checks authentication before reading the body', async () => {
    const response = await gw.request('/api/v1/api-keys', { method: 'POST', body: '{not json', headers: { 'content-type': 'text/plain' } });
    expect(response.status).toBe(401);
  });
});
