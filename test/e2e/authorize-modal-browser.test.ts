/**
 * Issue 9 in a real browser (Debian's chromium driven by playwright-core), with a small local "shop"
 * on another site (localhost vs the gateway's 127.0.0.1):
 * - the authorize flow as WooCommerce's wizard starts it: the shop links to /api-keys/authorize, the
 *   operator signs in, picks the store, approves; the key arrives at the shop as a form POST, works
 *   with the API and holds exactly the asked permissions; then the deny path (nothing arrives);
 * - the modal checkout as WooCommerce's modalCheckout.js drives it: the shop page loads
 *   /modal/btcpay.js?ver=2.8.0, calls setApiUrlPrefix, onModalReceiveMessage, showInvoice; the
 *   invoice is paid through the sandbox; the shop page receives 'loaded', {invoiceId, status} for
 *   New then Settled, and 'close' from the Close button, after which the frame is gone.
 * Saves docs/authorize.png and docs/modal.png (rewritten when missing or with UPDATE_SCREENSHOT=1).
 */
import { once } from 'node:events';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { createInvoiceRepository } from '../../src/adapters/db/invoice-repository';
import { expireInvoice } from '../../src/app/invoices/expire-invoice';
import type { InvoiceId } from '../../src/domain/ids';
import { startCheckoutGateway, type CheckoutTestGateway } from '../integration/checkout/harness';

jest.setTimeout(120_000);

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync',
];
const DOCS = path.resolve(__dirname, '../../docs');
const WOO_PERMISSIONS = [
  'btcpay.store.canviewinvoices', 'btcpay.store.cancreateinvoice', 'btcpay.store.canviewstoresettings',
  'btcpay.store.canmodifyinvoices', 'btcpay.store.cancreatenonapprovedpullpayments', 'btcpay.store.webhooks.canmodifywebhooks',
];

let g: CheckoutTestGateway;
let context: BrowserContext;
let userDataDir: string;
let shop: Server;
let shopUrl: string;
/** Form POSTs the shop received at its callback, decoded. */
const callbacks: { url: string; form: URLSearchParams }[] = [];
const browserErrors: string[] = [];

function shopPage(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body>${body}</body></html>`;
}

/** What WooCommerce's checkout does in modal mode, reduced to the window.btcpay calls. */
function modalShopPage(gatewayUrl: string, invoiceId: string): string {
  return shopPage('Shop checkout', `<h1>Checkout</h1><p id="shop-status">Waiting</p>
<script src="${gatewayUrl}/modal/btcpay.js?ver=2.8.0"></script>
<script>
window.__log = [];
window.btcpay.setApiUrlPrefix(${JSON.stringify(`${gatewayUrl}/`)});
window.btcpay.onModalWillEnter(function () { window.__log.push('willEnter'); });
window.btcpay.onModalWillLeave(function () { window.__log.push('willLeave'); });
window.btcpay.onModalReceiveMessage(function (event) {
  window.__log.push({ origin: event.origin, data: event.data });
  if (event.data && typeof event.data === 'object' && event.data.status) document.getElementById('shop-status').textContent = event.data.status;
});
window.btcpay.showInvoice(${JSON.stringify(invoiceId)});
</script>`);
}

beforeAll(async () => {
  g = await startCheckoutGateway('Corner Café');
  shop = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://shop');
    if (req.method === 'POST') {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => { body += chunk; });
      req.on('end', () => {
        callbacks.push({ url: req.url ?? '', form: new URLSearchParams(body) });
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(shopPage('Key received', '<h1>Key received</h1>'));
      });
      return;
    }
    if (url.pathname === '/wp-admin/settings') {
      const authorize = new URLSearchParams();
      for (const permission of WOO_PERMISSIONS) authorize.append('permissions', permission);
      authorize.set('applicationName', 'WooCommerce');
      authorize.set('strict', 'true');
      authorize.set('selectiveStores', 'true');
      authorize.set('redirect', `${shopUrl}/?btcpay-settings-callback`);
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        .end(shopPage('Settings', `<a id="generate" href="${g.t.gateway.url}/api-keys/authorize?${authorize.toString().replace(/&/g, '&amp;')}">Generate API key</a>`));
      return;
    }
    if (url.pathname === '/checkout') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(modalShopPage(g.t.gateway.url, url.searchParams.get('invoice') ?? ''));
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(shopPage('Shop', '<h1>Shop</h1>'));
  });
  shop.listen(0, '127.0.0.1');
  await once(shop, 'listening');
  // "localhost" here and 127.0.0.1 for the gateway: another site, as a real shop is.
  shopUrl = `http://localhost:${(shop.address() as AddressInfo).port}`;
  userDataDir = mkdtempSync(path.join(tmpdir(), 'bg-chromium-'));
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true, viewport: { width: 1024, height: 800 },
  });
});

afterAll(async () => {
  await context?.close();
  if (userDataDir !== undefined) rmSync(userDataDir, { recursive: true, force: true });
  shop?.close();
  await g?.close();
});

async function newPage(): Promise<Page> {
  const page = await context.newPage();
  page.on('console', (message) => { if (message.type() === 'error') browserErrors.push(`${page.url()}: ${message.text()}`); });
  page.on('pageerror', (error) => browserErrors.push(`${page.url()}: ${error.message}`));
  return page;
}

function saveScreenshot(name: string, png: Buffer): void {
  const target = path.join(DOCS, name);
  writeFileSync(process.env.UPDATE_SCREENSHOT === '1' || !existsSync(target) ? target : path.join(userDataDir, name), png);
}

/** From the shop's settings page to the gateway's approval page, signed in. */
async function openApprovalPage(page: Page): Promise<void> {
  await page.goto(`${shopUrl}/wp-admin/settings`);
  await page.click('#generate');
  await page.waitForURL(/\/api-keys\/authorize\?/);
  expect(await page.locator('#application-name').textContent()).toBe('WooCommerce');
  await page.fill('#admin-key', g.t.gateway.adminKey);
  await page.click('#sign-in');
  await page.locator('#approve').waitFor();
}

describe('the authorize flow in chromium', () => {
  it('approve: the key arrives at the shop as a form POST, works, and holds exactly the asked permissions on the chosen store', async () => {
    const page = await newPage();
    await openApprovalPage(page);
    expect(await page.locator('#destination-origin').textContent()).toBe(shopUrl);
    expect(await page.locator('#destination-url').textContent()).toBe(`${shopUrl}/?btcpay-settings-callback`);
    const listed = await page.locator('#permissions li').allTextContents();
    expect(listed.map((item) => item.split(' ').pop())).toEqual(WOO_PERMISSIONS);
    expect(listed[1]).toBe('Create invoices btcpay.store.cancreateinvoice');
    await page.selectOption('#store', g.storeId);
    saveScreenshot('authorize.png', await page.screenshot({ fullPage: true }));
    await page.click('#approve');
    await page.waitForURL(`${shopUrl}/?btcpay-settings-callback`);
    expect(await page.locator('h1').textContent()).toBe('Key received');

    expect(callbacks).toHaveLength(1);
    const [{ url, form }] = callbacks as [{ url: string; form: URLSearchParams }];
    expect(url).toBe('/?btcpay-settings-callback');
    expect([...new Set(form.keys())]).toEqual(['apiKey', 'userId', 'permissions[]']);
    const apiKey = form.get('apiKey') ?? '';
    expect(apiKey).toMatch(/^[A-Za-z0-9_-]+$/); // survives WordPress's sanitize_html_class
    const expected = WOO_PERMISSIONS.map((policy) => `${policy}:${g.storeId}`);
    expect(form.getAll('permissions[]')).toEqual(expected);
    expect(form.get('userId')).toBe('admin');
    expect(form.toString()).not.toContain(encodeURIComponent(g.t.gateway.adminKey));

    // What the plugin does next: GET /api/v1/stores (a non-empty array), then GET api-keys/current.
    const stores = await g.t.call('/api/v1/stores', { key: apiKey });
    expect(stores.status).toBe(200);
    expect(stores.body.map((store: { id: string }) => store.id)).toEqual([g.storeId]);
    const current = await g.t.call('/api/v1/api-keys/current', { key: apiKey });
    expect(current.body).toEqual({ apiKey: null, label: 'WooCommerce', permissions: expected });
    const invoice = await g.t.call(`/api/v1/stores/${g.storeId}/invoices`, { method: 'POST', key: apiKey, json: { amount: '1', currency: 'EUR' } });
    expect(invoice.status).toBe(200);
    await page.close();
  });

  it('deny: the operator sees it denied and nothing reaches the shop', async () => {
    const page = await newPage();
    await openApprovalPage(page); // the approval ended the earlier session: signed in again
    await page.click('#deny');
    await page.locator('#page-title', { hasText: 'Request denied' }).waitFor();
    expect(await page.locator('#message').textContent()).toBe(`No key was created and nothing was sent to ${shopUrl}.`);
    expect(callbacks).toHaveLength(1);
    await page.close();
  });

  it('the session cookie is HttpOnly and SameSite=Strict, and the admin key is in no cookie', async () => {
    const page = await newPage();
    await openApprovalPage(page);
    const cookies = await context.cookies(g.t.gateway.url);
    const session = cookies.find((cookie) => cookie.name === 'bg-operator');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(JSON.stringify(cookies)).not.toContain(g.t.gateway.adminKey);
    expect(await page.evaluate(() => (globalThis as unknown as { document: { cookie: string } }).document.cookie)).toBe('');
    await page.close();
  });
});

type LogEntry = string | { origin: string; data: unknown };
const shopLog = (page: Page): Promise<LogEntry[]> => page.evaluate(() => (globalThis as unknown as { __log: LogEntry[] }).__log);

describe('the modal checkout in chromium', () => {
  it('opens the invoice over the shop page, reports New then Settled, and closes with the Close button', async () => {
    const invoice = await g.createInvoice({ amount: '12.50', currency: 'EUR', checkout: { redirectURL: `${shopUrl}/thanks`, redirectAutomatically: true } });
    const page = await newPage();
    await page.goto(`${shopUrl}/checkout?invoice=${invoice.id}`);
    const frameElement = page.locator('iframe[name="btcpay"]');
    await frameElement.waitFor({ state: 'visible' });
    expect(await frameElement.getAttribute('src')).toBe(`${g.t.gateway.url}/i/${invoice.id}?view=modal`);
    const frame = page.frameLocator('iframe[name="btcpay"]');
    await frame.locator('#amount', { hasText: '12.50 EUR' }).waitFor();
    await frame.locator('#close').waitFor();
    const gatewayOrigin = new URL(g.t.gateway.url).origin;
    await page.waitForFunction(() => (globalThis as unknown as { __log: { data?: { status?: string } }[] }).__log
      .some((entry) => typeof entry === 'object' && entry.data?.status === 'New'));
    expect(await shopLog(page)).toEqual(expect.arrayContaining([
      'willEnter',
      { origin: gatewayOrigin, data: 'loaded' },
      { origin: gatewayOrigin, data: { invoiceId: invoice.id, status: 'New' } },
    ]));
    saveScreenshot('modal.png', await page.screenshot());

    await g.pay(invoice);
    await frame.locator('#heading-paid').waitFor();
    await page.locator('#shop-status', { hasText: 'Settled' }).waitFor();
    expect((await shopLog(page)).filter((entry) => typeof entry === 'object' && typeof entry.data === 'object'))
      .toEqual([
        { origin: gatewayOrigin, data: { invoiceId: invoice.id, status: 'New' } },
        { origin: gatewayOrigin, data: { invoiceId: invoice.id, status: 'Settled' } },
      ]);
    // In the modal the shop moves on by itself: the frame does not follow redirectURL.
    await page.waitForTimeout(3_500);
    expect(page.frames().find((f) => f.name() === 'btcpay')?.url()).toBe(`${g.t.gateway.url}/i/${invoice.id}?view=modal`);
    expect(page.url()).toBe(`${shopUrl}/checkout?invoice=${invoice.id}`);

    await frame.locator('#close').click();
    await frameElement.waitFor({ state: 'detached' });
    const log = await shopLog(page);
    expect(log.slice(-2)).toEqual(['willLeave', { origin: gatewayOrigin, data: 'close' }]);
    await page.close();
  });

  it('tells the shop an invoice expired', async () => {
    const invoice = await g.createInvoice({ amount: '5', currency: 'EUR' });
    const page = await newPage();
    await page.goto(`${shopUrl}/checkout?invoice=${invoice.id}`);
    await page.frameLocator('iframe[name="btcpay"]').locator('#amount').waitFor();
    await g.expireNow(invoice.id);
    const expired = await expireInvoice({ invoices: createInvoiceRepository(g.t.gateway.server.pool), clock: { now: () => new Date() } }, invoice.id as InvoiceId);
    expect(expired).not.toBeInstanceOf(Error);
    await page.locator('#shop-status', { hasText: 'Expired' }).waitFor();
    await page.close();
  });

  it('the plain checkout page still refuses to be framed by another site', async () => {
    const invoice = await g.createInvoice({ amount: '5', currency: 'EUR' });
    const page = await newPage();
    await page.goto(`${shopUrl}/`);
    await page.evaluate((src) => {
      const doc = (globalThis as unknown as { document: { createElement(tag: string): { id: string; src: string }; body: { appendChild(node: unknown): void } } }).document;
      const iframe = doc.createElement('iframe');
      iframe.id = 'plain';
      iframe.src = src;
      doc.body.appendChild(iframe);
    }, invoice.checkoutLink);
    await page.waitForTimeout(1_000);
    const framed = page.frames().find((f) => f.url() === invoice.checkoutLink);
    // Blocked by frame-ancestors 'self': chromium leaves the frame empty (no checkout content).
    expect(framed === undefined ? 0 : await framed.locator('#checkout').count()).toBe(0);
    await page.close();
    const violations = browserErrors.filter((text) => text.includes('frame-ancestors'));
    browserErrors.splice(0, browserErrors.length, ...browserErrors.filter((text) => !violations.includes(text)));
    expect(violations.length).toBeGreaterThan(0);
  });

  it('met no Content-Security-Policy violation nor script error elsewhere', () => {
    expect(browserErrors).toEqual([]);
  });
});
