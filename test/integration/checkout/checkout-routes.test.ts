/**
 * The checkout routes over real HTTP against the whole API (own database, sandbox-connected store):
 * the page and what it may contain, its headers, its files, the status JSON, and the 404 page for
 * every id that is not an invoice's.
 */
import { Script } from 'node:vm';
import { startCheckoutGateway, type CheckoutTestGateway, type CreatedInvoice } from './harness';

jest.setTimeout(60_000);

let g: CheckoutTestGateway;
let invoice: CreatedInvoice;
let page: Response;
let html: string;

beforeAll(async () => {
  g = await startCheckoutGateway('Corner Café');
  invoice = await g.createInvoice({ amount: '12.50', currency: 'EUR', orderId: 'order-7781', checkout: { redirectURL: 'https://shop.example/thanks?order=7781' } });
  page = await fetch(`${g.t.gateway.url}/i/${invoice.id}`);
  html = await page.text();
});
afterAll(async () => { await g.close(); });

const get = (path: string, init?: RequestInit) => fetch(`${g.t.gateway.url}${path}`, init);

describe('GET /i/{invoiceId}', () => {
  it('is the invoice checkoutLink, public (no API key), and HTML', async () => {
    expect(invoice.checkoutLink).toBe(`${g.t.gateway.url.replace('127.0.0.1', 'localhost')}/i/${invoice.id}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(html.startsWith('<!doctype html>')).toBe(true);
  });

  it('has a strict Content-Security-Policy (no inline script or style) and may be framed by its own origin only', () => {
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp.split('; ')).toEqual([
      "default-src 'none'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:", "connect-src 'self'",
      "base-uri 'none'", "form-action 'none'", "frame-ancestors 'self'",
    ]);
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
    expect(page.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('cache-control')).toBe('no-store');
  });

  it('holds no inline script, inline style or event handler', () => {
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts).toHaveLength(1);
    expect(scripts[0]).toMatch(/^<script src="\/checkout\/assets\/checkout-[0-9a-f]{12}\.js" defer>$/);
    expect(html).toMatch(/<script [^>]*><\/script>/);
    expect(html).not.toMatch(/<style\b|\sstyle=|\son[a-z]+=/i);
  });

  it('shows the store name, the amount in EUR and in sats, the BOLT11 and its QR code', async () => {
    const [ln] = (await g.t.call(`/api/v1/invoices/${invoice.id}/payment-methods`)).body;
    const sats = Math.round(Number(ln.amount) * 1e8);
    expect(html).toContain('<p class="store" id="store-name">Corner Café</p>');
    expect(html).toContain('<p class="amount" id="amount">12.50 EUR</p>');
    expect(html).toContain(`<p class="sats" id="sats">${sats.toLocaleString('en-US')} sats</p>`);
    expect(html).toContain(`value="${invoice.bolt11}"`);
    expect(html).toContain(`href="lightning:${invoice.bolt11}"`);
    expect(html).toMatch(/<svg class="qr-code"[^>]* role="img" aria-label="QR code of the Lightning invoice">/);
    expect(html).toContain('data-status="unpaid"');
    expect(html).toContain('data-redirect-url="https://shop.example/thanks?order=7781"');
  });

  it('carries only public data: no store id, order id, metadata, payment hash, wallet or key', async () => {
    const stored = (await g.t.call(`/api/v1/invoices/${invoice.id}`)).body;
    const secrets = [
      g.storeId, 'order-7781', 'order-secret-42', 'buyer@example.com', invoice.paymentHash, g.t.gateway.adminKey,
      g.t.merchant.readReceive, g.t.merchant.btcWallet, JSON.stringify(stored.metadata),
    ];
    for (const secret of secrets) expect(html).not.toContain(secret);
  });

  it('escapes what the merchant wrote: a store name with markup stays text', async () => {
    const name = '<script>alert("x")</script> & Sons\'';
    const storeId = await g.t.createStore({ settings: { name } });
    const other = await g.createInvoice({ amount: '1', currency: 'USD' }, storeId);
    const body = await (await get(`/i/${other.id}`)).text();
    expect(body).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Sons&#39;');
    expect(body).not.toContain('<script>alert');
  });

  it('never hands a non-http(s) redirect URL to the browser', async () => {
    const sneaky = await g.createInvoice({ amount: '1', currency: 'USD', checkout: { redirectURL: 'javascript:alert(document.cookie)', redirectAutomatically: true } });
    const body = await (await get(`/i/${sneaky.id}`)).text();
    expect(body).not.toMatch(/javascript:/i);
    expect(body).toContain('data-redirect-url=""');
    expect(body).toContain('data-redirect-automatic="false"');
  });

  it('a top-up invoice (no amount) lets the wallet ask for the amount', async () => {
    const topUp = await g.createInvoice({ amount: null, currency: 'USD' });
    const body = await (await get(`/i/${topUp.id}`)).text();
    expect(body).toContain('<p class="amount" id="amount">Any amount</p>');
    expect(body).toContain('Your wallet asks for the amount');
  });
});

describe('unknown and malformed invoice ids', () => {
  const ids = ['NoSuchInvoice123', 'x'.repeat(65), 'a.b', '%3Cscript%3Ealert(1)%3C%2Fscript%3E', '%20', 'caf%C3%A9', '..%2F..%2Fetc'];

  it.each(ids)('/i/%s → the friendly 404 page (HTML, same CSP)', async (id) => {
    const response = await get(`/i/${id}`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    const body = await response.text();
    expect(body).toContain('<h1 id="not-found-title">Invoice not found</h1>');
    expect(body).not.toContain('<script>alert');
  });

  it.each(ids)('/i/%s/status and /events → 404 invoice-not-found (JSON)', async (id) => {
    for (const suffix of ['status', 'events']) {
      const response = await get(`/i/${id}/${suffix}`);
      expect(response.status).toBe(404);
      expect(await response.json()).toEqual({ code: 'invoice-not-found', message: 'The invoice was not found' });
    }
  });

  it('a path that cannot be decoded is a 4xx, never a 500', async () => {
    for (const path of ['/i/%E0%A4%A', '/i/%', '/i/%ZZ/status']) {
      const response = await get(path);
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
    }
  });
});

describe('GET /i/{invoiceId}/status', () => {
  it('is the public status only, and follows the invoice', async () => {
    const fresh = await g.createInvoice({ amount: '2', currency: 'EUR' });
    const before = await get(`/i/${fresh.id}/status`);
    expect(before.status).toBe(200);
    expect(before.headers.get('cache-control')).toBe('no-store');
    expect(await before.json()).toEqual({ status: 'unpaid', expirationTime: fresh.data.expirationTime });
    await g.pay(fresh);
    expect(await (await get(`/i/${fresh.id}/status`)).json()).toEqual({ status: 'paid', expirationTime: fresh.data.expirationTime });
  });

  it('expired once the expiry passed, before any worker wrote it; invalid once marked', async () => {
    const late = await g.createInvoice({ amount: '2', currency: 'EUR' });
    await g.expireNow(late.id);
    expect(await (await get(`/i/${late.id}/status`)).json()).toMatchObject({ status: 'expired' });
    expect((await (await get(`/i/${late.id}`)).text())).toMatch(/<section id="screen-expired" [^>]*aria-labelledby="heading-expired">/);
    const marked = await g.createInvoice({ amount: '2', currency: 'EUR' });
    await g.t.call(`/api/v1/stores/${g.storeId}/invoices/${marked.id}/status`, { method: 'POST', json: { status: 'Invalid' } });
    expect(await (await get(`/i/${marked.id}/status`)).json()).toMatchObject({ status: 'invalid' });
    expect((await (await get(`/i/${marked.id}`)).text())).toMatch(/<section id="screen-invalid" [^>]*aria-labelledby="heading-invalid">/);
  });
});

describe('the page files', () => {
  const assetPaths = () => [...html.matchAll(/(?:src|href)="(\/checkout\/assets\/[^"]+)"/g)].map((match) => match[1] ?? '');

  it('serves the script and the stylesheet under content-hashed names, cacheable for good', async () => {
    const paths = assetPaths();
    expect(paths).toHaveLength(2);
    for (const path of paths) {
      const response = await get(path);
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(response.headers.get('content-type')).toBe(path.endsWith('.js') ? 'text/javascript; charset=utf-8' : 'text/css; charset=utf-8');
      const text = await response.text();
      if (path.endsWith('.js')) expect(() => new Script(text)).not.toThrow();
      else expect(text).toContain('.checkout');
    }
  });

  it('an unknown file is a 404', async () => {
    expect((await get('/checkout/assets/checkout-000000000000.js')).status).toBe(404);
    expect((await get('/checkout/assets/..%2F..%2Fpackage.json')).status).toBe(404);
  });
});
