import fc from 'fast-check';
import { storePolicies } from '../../../../src/domain/permissions';
import {
  authorizeQueryString, parseAuthorizeRequest, rawQueryOf, type AuthorizeRequest,
} from '../../../../src/http/authorize/authorize-request';
import { STORE_POLICY_TEXT } from '../../../../src/http/authorize/permission-text';
import { sessionCookie } from '../../../../src/http/authorize/session-cookie';

const WOO = [
  'btcpay.store.canviewinvoices', 'btcpay.store.cancreateinvoice', 'btcpay.store.canviewstoresettings',
  'btcpay.store.canmodifyinvoices', 'btcpay.store.cancreatenonapprovedpullpayments', 'btcpay.store.webhooks.canmodifywebhooks',
];

const parse = (query: string) => parseAuthorizeRequest(rawQueryOf(query));
const ok = (query: string): AuthorizeRequest => {
  const parsed = parse(query);
  if (Array.isArray(parsed)) throw new Error(JSON.stringify(parsed));
  return parsed;
};

describe('parseAuthorizeRequest', () => {
  it('reads the URL greenfield-php builds for WooCommerce', () => {
    const query = `${WOO.map((p) => `permissions=${p}`).join('&')}&applicationName=WooCommerce&strict=true&selectiveStores=true&redirect=${encodeURIComponent('https://shop.example/?btcpay-settings-callback')}`;
    const request = ok(query);
    expect(request).toMatchObject({
      policies: WOO, fixedStoreId: null, applicationName: 'WooCommerce', applicationIdentifier: null, strict: true, selectiveStores: true,
    });
    expect(request.redirect?.href).toBe('https://shop.example/?btcpay-settings-callback');
  });

  it('defaults like BTCPay: strict true, selectiveStores false, no redirect', () => {
    expect(ok('permissions=btcpay.store.canviewinvoices')).toMatchObject({ strict: true, selectiveStores: false, redirect: null, applicationName: null });
  });

  it('keeps the first of repeated permissions, and a store named by the permissions', () => {
    const request = ok('permissions=btcpay.store.canviewinvoices:abc&permissions=btcpay.store.canviewinvoices:abc&selectiveStores=TRUE');
    expect(request).toMatchObject({ policies: ['btcpay.store.canviewinvoices'], fixedStoreId: 'abc', selectiveStores: true });
  });

  it.each([
    ['', 'permissions', 'asks for no permission'],
    ['permissions=unrestricted', 'permissions[0]', 'unrestricted'],
    ['permissions=btcpay.user.canviewprofile', 'permissions[0]', 'not a store permission'],
    ['permissions=x', 'permissions[0]', 'Unknown permission policy'],
    ['permissions=btcpay.store.canviewinvoices&strict=yes', 'strict', 'must be true or false'],
    ['permissions=btcpay.store.canviewinvoices&redirect=ftp://x', 'redirect', 'http or https'],
    ['permissions=btcpay.store.canviewinvoices&redirect=shop.example', 'redirect', 'absolute URL'],
    ['permissions=btcpay.store.canviewinvoices&redirect=a&redirect=b', 'redirect', 'given once'],
    ['permissions=btcpay.store.canviewinvoices:s1', 'selectiveStores', 'must be true'],
    [`permissions=btcpay.store.canviewinvoices&applicationName=${'n'.repeat(101)}`, 'applicationName', '100 characters'],
    ['permissions=btcpay.store.canviewinvoices&applicationIdentifier=a%20b', 'applicationIdentifier', 'letters, digits'],
    [Array.from({ length: 51 }, () => 'permissions=btcpay.store.canviewinvoices').join('&'), 'permissions', 'at most 50'],
  ])('%s → problem at %s', (query, path, message) => {
    const parsed = parse(query);
    expect(Array.isArray(parsed)).toBe(true);
    expect(parsed).toEqual(expect.arrayContaining([{ path, message: expect.stringContaining(message) }]));
  });

  it('round-trips through the query string the forms carry (property)', () => {
    // eslint-disable-next-line no-control-regex -- the characters the parser refuses in a name
    const unsafe = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
    const request = fc.record({
      policies: fc.uniqueArray(fc.constantFrom(...storePolicies), { minLength: 1, maxLength: 8 }),
      name: fc.option(fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim() === s && s.trim() !== '' && !unsafe.test(s))),
      identifier: fc.option(fc.stringMatching(/^[A-Za-z0-9._-]{1,20}$/)),
      strict: fc.boolean(),
      selectiveStores: fc.boolean(),
      redirect: fc.option(fc.webUrl({ withQueryParameters: true })),
    });
    fc.assert(fc.property(request, (r) => {
      const params = new URLSearchParams();
      r.policies.forEach((p) => params.append('permissions', p));
      if (r.name !== null) params.set('applicationName', r.name);
      if (r.identifier !== null) params.set('applicationIdentifier', r.identifier);
      params.set('strict', String(r.strict));
      params.set('selectiveStores', String(r.selectiveStores));
      if (r.redirect !== null) params.set('redirect', r.redirect);
      const first = parse(params.toString());
      if (Array.isArray(first)) return; // e.g. a generated URL with credentials: refused, never thrown
      const again = ok(authorizeQueryString(first));
      expect({ ...again, redirect: again.redirect?.href ?? null }).toEqual({ ...first, redirect: first.redirect?.href ?? null });
    }));
  });

  it('never throws, whatever the query (property)', () => {
    fc.assert(fc.property(fc.dictionary(fc.constantFrom('permissions', 'applicationName', 'strict', 'selectiveStores', 'redirect', 'applicationIdentifier', 'x'),
      fc.oneof(fc.string(), fc.array(fc.string(), { maxLength: 3 }))), (raw) => {
      expect(() => parseAuthorizeRequest(raw)).not.toThrow();
    }));
  });

  it('has words for every store permission', () => {
    for (const policy of storePolicies) expect(STORE_POLICY_TEXT[policy].length).toBeGreaterThan(3);
  });
});

describe('sessionCookie', () => {
  it('is HttpOnly, SameSite=Strict, Path=/ always; Secure with the __Host- prefix over https', () => {
    expect(sessionCookie(false).set('abc')).toBe('bg-operator=abc; Max-Age=600; Path=/; HttpOnly; SameSite=Strict');
    expect(sessionCookie(true).set('abc')).toBe('__Host-bg-operator=abc; Max-Age=600; Path=/; HttpOnly; SameSite=Strict; Secure');
    expect(sessionCookie(true).clear()).toBe('__Host-bg-operator=; Max-Age=0; Path=/; HttpOnly; SameSite=Strict; Secure');
  });

  it('reads its own cookie among others, and nothing else', () => {
    const cookie = sessionCookie(false);
    expect(cookie.read('a=1; bg-operator=xyz; b=2')).toBe('xyz');
    expect(cookie.read('xbg-operator=1; a=2')).toBeUndefined();
    expect(cookie.read(undefined)).toBeUndefined();
    expect(sessionCookie(true).read('bg-operator=plain')).toBeUndefined();
  });
});
