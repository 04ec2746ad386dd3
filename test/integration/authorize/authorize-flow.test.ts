/**
 * The browser API-key flow (`GET /api-keys/authorize`) over plain HTTP, as a browser would drive it:
 * cookie flags, CSRF refusals, bad parameters, wrong and non-admin keys, the sign-in rate limit,
 * approval (the key POSTed back works and holds exactly the asked permissions on the chosen store),
 * denial, strict=false, selectiveStores=false, no redirect, and where the secrets go (Redis holds
 * only hashes; neither the admin key nor a session id reaches a log line).
 */
import Redis from 'ioredis';
import { startTestGateway, type TestGateway } from '../../support/gateway';
import { redisUrl } from '../../support/services';

jest.setTimeout(60_000);

const WOO_PERMISSIONS = [
  'btcpay.store.canviewinvoices', 'btcpay.store.cancreateinvoice', 'btcpay.store.canviewstoresettings',
  'btcpay.store.canmodifyinvoices', 'btcpay.store.cancreatenonapprovedpullpayments', 'btcpay.store.webhooks.canmodifywebhooks',
];
const SHOP_CALLBACK = 'https://shop.example/?btcpay-settings-callback';

/** The query greenfield-php's ApiKey::getAuthorizeUrl builds for WooCommerce. */
function wooQuery(overrides: Record<string, string | null> = {}): string {
  const params = new URLSearchParams();
  for (const permission of WOO_PERMISSIONS) params.append('permissions', permission);
  const scalars: Record<string, string | null> = { applicationName: 'WooCommerce', strict: 'true', selectiveStores: 'true', redirect: SHOP_CALLBACK, ...overrides };
  for (const [name, value] of Object.entries(scalars)) if (value !== null) params.set(name, value);
  return params.toString();
}

const unescapeHtml = (text: string) => text.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&#96;/g, '`').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
const field = (html: string, name: string): string => {
  const match = new RegExp(`name="${name.replace(/[[\]]/g, '\\$&')}" value="([^"]*)"`).exec(html);
  if (match === null) throw new Error(`no field ${name} in:\n${html}`);
  return unescapeHtml(match[1] ?? '');
};
const fields = (html: string, name: string): string[] =>
  [...html.matchAll(new RegExp(`name="${name.replace(/[[\]]/g, '\\$&')}" value="([^"]*)"`, 'g'))].map((m) => unescapeHtml(m[1] ?? ''));
const cookieOf = (response: Response): string | undefined => response.headers.get('set-cookie')?.split(';')[0];

describe('GET /api-keys/authorize and its forms', () => {
  let gw: TestGateway;
  let storeId: string;
  let otherStoreId: string;
  let redis: Redis;
  const pages: string[] = [];
  const statuses: number[] = [];

  beforeAll(async () => {
    gw = await startTestGateway();
    redis = new Redis(redisUrl());
    const created = await gw.request('/api/v1/stores', { method: 'POST', key: gw.adminKey, json: { name: 'Corner Café' } });
    storeId = ((await created.json()) as { id: string }).id;
    const other = await gw.request('/api/v1/stores', { method: 'POST', key: gw.adminKey, json: { name: 'Other <b>shop</b>' } });
    otherStoreId = ((await other.json()) as { id: string }).id;
  });
  afterAll(async () => { redis.disconnect(); await gw.close(); });

  async function get(query: string, cookie?: string) {
    const response = await gw.request(`/api-keys/authorize?${query}`, { headers: cookie === undefined ? {} : { cookie } });
    const text = await response.text();
    pages.push(text);
    statuses.push(response.status);
    return { response, text };
  }

  async function post(path: string, form: [string, string][], cookie?: string, headers: Record<string, string> = {}) {
    const response = await gw.request(path, {
      method: 'POST', redirect: 'manual', body: new URLSearchParams(form).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie === undefined ? {} : { cookie }), ...headers },
    });
    const text = await response.text();
    pages.push(text);
    statuses.push(response.status);
    return { response, text };
  }

  /** GET the page, sign in with `key`; returns the signed-in approval page and its cookie. */
  async function signedIn(query: string, key = gw.adminKey) {
    const first = await get(query);
    const cookie = cookieOf(first.response) ?? '';
    const signIn = await post('/api-keys/authorize/sign-in', [
      ['csrfToken', field(first.text, 'csrfToken')], ['request', field(first.text, 'request')], ['apiKey', key],
    ], cookie);
    expect(signIn.response.status).toBe(303);
    const signedCookie = cookieOf(signIn.response) ?? '';
    const approval = await get(new URL(signIn.response.headers.get('location') ?? '', gw.url).search.slice(1), signedCookie);
    expect(approval.response.status).toBe(200);
    return { cookie: signedCookie, oldCookie: cookie, page: approval.text };
  }

  async function approve(query: string, extra: [string, string][] = [['storeId', '']]) {
    const { cookie, page } = await signedIn(query);
    const form: [string, string][] = [['csrfToken', field(page, 'csrfToken')], ['request', field(page, 'request')], ['decision', 'approve'], ...extra];
    return { ...(await post('/api-keys/authorize/decision', form, cookie)), cookie, page };
  }

  it('shows the sign-in page: the application, each permission in words, where the key goes; a strict HttpOnly SameSite cookie', async () => {
    const { response, text } = await get(wooQuery());
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'");
    expect(response.headers.get('cache-control')).toBe('no-store');
    const setCookie = response.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/^bg-operator=[A-Za-z0-9_-]{43}; Max-Age=600; Path=\/; HttpOnly; SameSite=Strict$/);
    expect(text).toContain('<title>Authorize WooCommerce</title>');
    expect(text).toContain('Create invoices <code>btcpay.store.cancreateinvoice</code>');
    expect(text).toContain('Create, view and change invoices');
    expect(text).toContain('On the one store you choose below');
    expect(text).toContain('<strong id="destination-origin">https://shop.example</strong>');
    expect(text).toContain('<code id="destination-url">https://shop.example/?btcpay-settings-callback</code>');
    expect(text).toContain('name="apiKey" type="password"');
    expect(field(text, 'csrfToken')).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('makes the cookie Secure with the __Host- prefix when PUBLIC_URL is https', async () => {
    const secure = await startTestGateway({ PUBLIC_URL: 'https://pay.example.com' });
    try {
      const response = await secure.request(`/api-keys/authorize?${wooQuery()}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('set-cookie')).toMatch(/^__Host-bg-operator=[A-Za-z0-9_-]{43}; Max-Age=600; Path=\/; HttpOnly; SameSite=Strict; Secure$/);
    } finally {
      await secure.close();
    }
  });

  it.each([
    ['no permission', wooQuery().replace(/permissions=[^&]*&?/g, ''), 'the application asks for no permission'],
    ['a relative redirect', wooQuery({ redirect: '/callback' }), 'must be an absolute URL'],
    ['a non-http redirect', wooQuery({ redirect: 'javascript:alert(1)' }), 'must be an http or https URL'],
    ['a redirect with credentials', wooQuery({ redirect: 'https://user:pw@shop.example/cb' }), 'must not contain a user name or password'],
    ['unrestricted', `${wooQuery()}&permissions=unrestricted`, 'unrestricted access cannot be granted'],
    ['a server permission', `${wooQuery()}&permissions=btcpay.server.canmodifyserversettings`, 'is not a store permission'],
    ['an unknown permission', `${wooQuery()}&permissions=btcpay.store.cansteal`, 'Unknown permission policy'],
    ['strict=maybe', wooQuery({ strict: 'maybe' }), 'must be true or false'],
    ['a repeated redirect', `${wooQuery()}&redirect=https%3A%2F%2Fevil.example%2F`, 'must be given once'],
    ['two stores', `${wooQuery()}&permissions=btcpay.store.canviewinvoices:a&permissions=btcpay.store.canviewinvoices:b`, 'more than one store'],
    ['a name with control characters', wooQuery({ applicationName: 'Woo\u202eCommerce' }), 'must not contain control characters'],
  ])('answers %s with a 400 page that names the problem', async (_label, query, problem) => {
    const { response, text } = await get(query);
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(text).toContain('This authorization request is not valid');
    expect(text).toContain(problem);
    expect(response.headers.get('set-cookie')).toBeNull();
  });

  it('escapes what the application sends', async () => {
    const { response, text } = await get(wooQuery({ applicationName: '<script>alert(1)</script>' }));
    expect(response.status).toBe(200);
    expect(text).not.toContain('<script>alert(1)');
    expect(text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  describe('sign-in', () => {
    it('refuses a form without the session cookie, without or with a wrong CSRF token, or sent from another site', async () => {
      const first = await get(wooQuery());
      const cookie = cookieOf(first.response) ?? '';
      const base: [string, string][] = [['request', field(first.text, 'request')], ['apiKey', gw.adminKey]];
      const noCookie = await post('/api-keys/authorize/sign-in', [['csrfToken', field(first.text, 'csrfToken')], ...base]);
      expect(noCookie.response.status).toBe(403);
      expect(noCookie.text).toContain('This page has expired');
      const noToken = await post('/api-keys/authorize/sign-in', base, cookie);
      expect(noToken.response.status).toBe(403);
      expect(noToken.text).toContain('security token is missing or wrong');
      const wrongToken = await post('/api-keys/authorize/sign-in', [['csrfToken', 'x'.repeat(43)], ...base], cookie);
      expect(wrongToken.response.status).toBe(403);
      const crossSite = await post('/api-keys/authorize/sign-in', [['csrfToken', field(first.text, 'csrfToken')], ...base], cookie, { 'sec-fetch-site': 'cross-site' });
      expect(crossSite.response.status).toBe(403);
      expect(crossSite.text).toContain('sent from another site');
      for (const refused of [noCookie, noToken, wrongToken, crossSite]) expect(refused.response.headers.get('set-cookie')).toBeNull();
    });

    it('refuses a wrong key (401) and a valid key that is not an admin key (403), on the sign-in page again', async () => {
      const first = await get(wooQuery());
      const cookie = cookieOf(first.response) ?? '';
      const form = (apiKey: string): [string, string][] => [['csrfToken', field(first.text, 'csrfToken')], ['request', field(first.text, 'request')], ['apiKey', apiKey]];
      const wrong = await post('/api-keys/authorize/sign-in', form('bgk_not-a-key'), cookie);
      expect(wrong.response.status).toBe(401);
      expect(wrong.text).toContain('Unknown API key');
      expect(wrong.text).toContain('name="apiKey"');
      const storeKey = await gw.request('/api/v1/api-keys', { method: 'POST', key: gw.adminKey, json: { label: 'store', permissions: [`btcpay.store.canmodifystoresettings:${storeId}`] } });
      const nonAdmin = await post('/api-keys/authorize/sign-in', form(((await storeKey.json()) as { apiKey: string }).apiKey), cookie);
      expect(nonAdmin.response.status).toBe(403);
      expect(nonAdmin.text).toContain('not an admin key');
      // The same form still works with the right key.
      const right = await post('/api-keys/authorize/sign-in', form(gw.adminKey), cookie);
      expect(right.response.status).toBe(303);
    });

    it('accepts a stored unrestricted key, and gives a new session id (the one seen before sign-in is dead)', async () => {
      const created = await gw.request('/api/v1/api-keys', { method: 'POST', key: gw.adminKey, json: { label: 'ops', permissions: ['unrestricted'] } });
      const { cookie, oldCookie, page } = await signedIn(wooQuery(), ((await created.json()) as { apiKey: string }).apiKey);
      expect(cookie).not.toBe(oldCookie);
      expect(page).toContain('Signed in as <span id="operator">ops</span>');
      const withOld = await get(wooQuery(), oldCookie);
      expect(withOld.text).toContain('name="apiKey"');
    });

    it('limits sign-in attempts per client (429 with Retry-After)', async () => {
      const limited = await startTestGateway();
      try {
        const first = await limited.request(`/api-keys/authorize?${wooQuery()}`);
        const text = await first.text();
        const cookie = cookieOf(first) ?? '';
        const statuses: number[] = [];
        for (let i = 0; i < 31; i += 1) {
          const response = await limited.request('/api-keys/authorize/sign-in', {
            method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
            body: new URLSearchParams([['csrfToken', field(text, 'csrfToken')], ['request', field(text, 'request')], ['apiKey', `bgk_guess_${i}`]]).toString(),
          });
          statuses.push(response.status);
          if (response.status === 429) expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
        }
        expect(statuses).toEqual([...Array(30).fill(401), 429]);
      } finally {
        await limited.close();
      }
    });
  });

  describe('decision', () => {
    it('approve: a key with exactly the asked permissions on the chosen store, POSTed back as BTCPay does', async () => {
      const { response, text, cookie } = await approve(wooQuery(), [['storeId', storeId]]);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-security-policy')).toContain('form-action https://shop.example;');
      expect(response.headers.get('set-cookie')).toMatch(/^bg-operator=; Max-Age=0;/);
      expect(text).toContain('<form method="post" action="https://shop.example/?btcpay-settings-callback" id="post-redirect">');
      const apiKey = field(text, 'apiKey');
      expect(apiKey).toMatch(/^bgk_[A-Za-z0-9_-]{43}$/);
      expect(field(text, 'userId')).toBe('admin');
      const expected = WOO_PERMISSIONS.map((policy) => `${policy}:${storeId}`);
      expect(fields(text, 'permissions[]')).toEqual(expected);
      const current = await gw.request('/api/v1/api-keys/current', { key: apiKey });
      expect(await current.json()).toEqual({ apiKey: null, label: 'WooCommerce', permissions: expected });
      const stores = await gw.request('/api/v1/stores', { key: apiKey });
      expect(((await stores.json()) as { id: string }[]).map((store) => store.id)).toEqual([storeId]);
      const otherStore = await gw.request(`/api/v1/stores/${otherStoreId}/invoices`, { key: apiKey });
      expect(otherStore.status).toBe(403);
      // The session ended with the decision: the approval page asks to sign in again.
      expect((await get(wooQuery(), cookie)).text).toContain('name="apiKey"');
    });

    it('a form used twice creates one key; a wrong CSRF token or an unknown store is refused', async () => {
      const { cookie, page } = await signedIn(wooQuery());
      const form = (extra: [string, string][]): [string, string][] => [['request', field(page, 'request')], ['decision', 'approve'], ...extra];
      const badToken = await post('/api-keys/authorize/decision', form([['csrfToken', 'y'.repeat(43)], ['storeId', storeId]]), cookie);
      expect(badToken.response.status).toBe(403);
      const unknownStore = await post('/api-keys/authorize/decision', form([['csrfToken', field(page, 'csrfToken')], ['storeId', 'nope']]), cookie);
      expect(unknownStore.response.status).toBe(400);
      expect(unknownStore.text).toContain('Choose one of the stores.');
      const first = await post('/api-keys/authorize/decision', form([['csrfToken', field(page, 'csrfToken')], ['storeId', storeId]]), cookie);
      expect(first.response.status).toBe(200);
      const again = await post('/api-keys/authorize/decision', form([['csrfToken', field(page, 'csrfToken')], ['storeId', storeId]]), cookie);
      expect(again.response.status).toBe(403);
      expect(again.text).not.toContain('name="apiKey"');
    });

    it('deny: no key is created and nothing goes to the shop', async () => {
      const before = await gw.server.pool.query('SELECT count(*)::int AS n FROM api_keys');
      const { cookie, page } = await signedIn(wooQuery());
      const denied = await post('/api-keys/authorize/decision', [
        ['csrfToken', field(page, 'csrfToken')], ['request', field(page, 'request')], ['decision', 'deny'], ['storeId', storeId],
      ], cookie);
      expect(denied.response.status).toBe(200);
      expect(denied.text).toContain('Request denied');
      expect(denied.text).toContain('nothing was sent to https://shop.example');
      expect(denied.text).not.toContain('post-redirect');
      expect(denied.response.headers.get('content-security-policy')).toContain("form-action 'self'");
      const after = await gw.server.pool.query('SELECT count(*)::int AS n FROM api_keys');
      expect(after.rows[0].n).toBe(before.rows[0].n);
    });

    it('strict=false lets the operator leave permissions out; selectiveStores=false grants every store', async () => {
      const { text } = await approve(wooQuery({ strict: 'false', selectiveStores: 'false' }), [
        ['permissions', 'btcpay.store.canviewinvoices'], ['permissions', 'btcpay.store.cancreateinvoice'],
      ]);
      expect(fields(text, 'permissions[]')).toEqual(['btcpay.store.canviewinvoices', 'btcpay.store.cancreateinvoice']);
    });

    it('Magento: the redirect keeps its own query string, applicationIdentifier is in the label', async () => {
      const magento = new URLSearchParams([
        ...['btcpay.store.canviewinvoices', 'btcpay.store.cancreateinvoice', 'btcpay.store.canviewstoresettings', 'btcpay.store.canmodifyinvoices', 'btcpay.store.webhooks.canmodifywebhooks']
          .map((p): [string, string] => ['permissions', p]),
        ['applicationName', 'Magento 2 @ shop.example'], ['applicationIdentifier', 'magento2'], ['strict', 'true'], ['selectiveStores', 'true'],
        ['redirect', 'https://shop.example/btcpay/apikey/save?secret=s3cr%C3%A9t&store=1'],
      ]).toString();
      const { text } = await approve(magento, [['storeId', storeId]]);
      expect(text).toContain('action="https://shop.example/btcpay/apikey/save?secret=s3cr%C3%A9t&amp;store=1"');
      const current = await gw.request('/api/v1/api-keys/current', { key: field(text, 'apiKey') });
      expect(((await current.json()) as { label: string }).label).toBe('Magento 2 @ shop.example [magento2]');
    });

    it('without redirect, the key is shown once on the page', async () => {
      const { response, text } = await approve(wooQuery({ redirect: null }), [['storeId', storeId]]);
      expect(response.status).toBe(200);
      expect(text).toContain('API key created');
      const shown = /id="api-key"[^>]*value="([^"]+)"/.exec(text)?.[1] ?? '';
      expect(shown).toMatch(/^bgk_/);
      const current = await gw.request('/api/v1/api-keys/current', { key: shown });
      expect(((await current.json()) as { permissions: string[] }).permissions).toEqual(WOO_PERMISSIONS.map((policy) => `${policy}:${storeId}`));
    });

    it('a key revoked after sign-in can no longer approve', async () => {
      const created = await gw.request('/api/v1/api-keys', { method: 'POST', key: gw.adminKey, json: { label: 'temp-admin', permissions: ['unrestricted'] } });
      const tempKey = ((await created.json()) as { apiKey: string }).apiKey;
      const { cookie, page } = await signedIn(wooQuery(), tempKey);
      expect((await gw.request('/api/v1/api-keys/current', { method: 'DELETE', key: tempKey })).status).toBe(200);
      const decided = await post('/api-keys/authorize/decision', [
        ['csrfToken', field(page, 'csrfToken')], ['request', field(page, 'request')], ['decision', 'approve'], ['storeId', storeId],
      ], cookie);
      expect(decided.response.status).toBe(403);
      expect(decided.text).toContain('no longer an admin key');
    });
  });

  it('keeps only hashes in Redis, and neither the admin key nor a session id in any log line', async () => {
    const { cookie } = await signedIn(wooQuery());
    const sessionId = cookie.split('=')[1] ?? '';
    const keys = await redis.keys(`${gw.config.QUEUE_PREFIX}:operator-session:*`);
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) {
      expect(key).toMatch(/:operator-session:[0-9a-f]{64}$/);
      expect(key).not.toContain(sessionId);
      const value = (await redis.get(key)) ?? '';
      expect(value).not.toContain(gw.adminKey);
      expect(value).not.toContain(sessionId);
      expect(await redis.pttl(key)).toBeLessThanOrEqual(600_000);
    }
    const logs = gw.logs.text();
    expect(logs).not.toContain(gw.adminKey);
    expect(logs).not.toContain(sessionId);
    expect(logs).toContain('authorize page: operator signed in');
  });

  it('never answered 500 and never showed the admin key on a page', () => {
    expect(statuses.length).toBeGreaterThan(40);
    expect(statuses.filter((status) => status >= 500)).toEqual([]);
    for (const page of pages) expect(page).not.toContain(gw.adminKey);
  });
});
