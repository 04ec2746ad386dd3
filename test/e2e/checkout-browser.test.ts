/**
 * The checkout page in a real browser (Debian's chromium driven by playwright-core): the amount, a QR
 * code that decodes (from the pixels, with jsQR) to the invoice's BOLT11, keyboard and phone use,
 * no Content-Security-Policy violation, then payment through the sandbox → the paid screen without
 * a reload → the redirect; the SSE-less polling fallback; the expired and not-found pages. Saves
 * the screenshot shown in the README (docs/checkout.png; rewritten when missing or with UPDATE_SCREENSHOT=1).
 */
import { once } from 'node:events';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import jsQR from 'jsqr';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { createInvoiceRepository } from '../../src/adapters/db/invoice-repository';
import { createLogger } from '../../src/adapters/log';
import { expireInvoice } from '../../src/app/invoices/expire-invoice';
import type { InvoiceId } from '../../src/domain/ids';
import { startWorkers, type RunningWorkers } from '../../workers/main';
import { startCheckoutGateway, type CheckoutTestGateway, type CreatedInvoice } from '../integration/checkout/harness';

jest.setTimeout(120_000);

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync',
];
const SCREENSHOT = path.resolve(__dirname, '../../docs/checkout.png');

let g: CheckoutTestGateway;
/**
 * The settlement workers, as `npm start` runs them: a payment reaches the page only through them
 * (sandbox → websocket subscription → settle → NOTIFY → SSE or /status).
 */
let workers: RunningWorkers | undefined;
const stopWorkers = async () => {
  await workers?.close();
  workers = undefined;
};
let context: BrowserContext;
let userDataDir: string;
let shop: Server;
let shopUrl: string;
const shopVisits: string[] = [];
/** Every console error and uncaught page error: a CSP violation shows up here. */
const browserErrors: string[] = [];

beforeAll(async () => {
  g = await startCheckoutGateway('Corner Café');
  workers = await startWorkers(g.t.gateway.config, createLogger({ level: 'error' }));
  shop = createServer((req, res) => {
    shopVisits.push(req.url ?? '');
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<!doctype html><title>Order received</title><h1>Order received</h1>');
  });
  shop.listen(0, '127.0.0.1');
  await once(shop, 'listening');
  shopUrl = `http://127.0.0.1:${(shop.address() as AddressInfo).port}`;
  userDataDir = mkdtempSync(path.join(tmpdir(), 'bg-chromium-'));
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true,
    // A phone: the page must fit 390 CSS pixels.
    viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true,
  });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(g.t.gateway.url.replace('127.0.0.1', 'localhost')).origin });
});

afterAll(async () => {
  await stopWorkers();
  await context?.close();
  if (userDataDir !== undefined) rmSync(userDataDir, { recursive: true, force: true });
  shop?.close();
  await g?.close();
});

async function openPage(url: string): Promise<Page> {
  const page = await context.newPage();
  page.on('console', (message) => { if (message.type() === 'error') browserErrors.push(message.text()); });
  page.on('pageerror', (error) => browserErrors.push(error.message));
  const response = await page.goto(url);
  if (response === null) throw new Error(`no response for ${url}`);
  return page;
}

/** Decodes the QR code from the pixels the browser painted. */
async function decodeQr(page: Page): Promise<string | null> {
  const png = PNG.sync.read(await page.locator('svg.qr-code').screenshot());
  const decoded = jsQR(new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length), png.width, png.height);
  return decoded === null ? null : decoded.data;
}

const visible = (page: Page, selector: string) => page.locator(selector).waitFor({ state: 'visible' });
const activeId = (page: Page) => page.evaluate(() => (globalThis as unknown as { document: { activeElement: { id: string } | null } }).document.activeElement?.id ?? '');

describe('the checkout page in chromium', () => {
  let invoice: CreatedInvoice;
  let page: Page;

  beforeAll(async () => {
    invoice = await g.createInvoice({
      amount: '12.50', currency: 'EUR',
      checkout: { redirectURL: `${shopUrl}/order-received/42?key=wc_order_1`, redirectAutomatically: true },
    });
    page = await openPage(invoice.checkoutLink);
  });
  afterAll(async () => { await page?.close(); });

  it('shows the store, the amount in EUR and in sats, the BOLT11 and a countdown', async () => {
    expect(await page.title()).toBe('Pay 12.50 EUR to Corner Café');
    expect(await page.locator('#store-name').textContent()).toBe('Corner Café');
    expect(await page.locator('#amount').textContent()).toBe('12.50 EUR');
    // The BOLT11's amount as the Greenfield API reports it (BTC, 8 decimals).
    const sats = Math.round(Number((await g.t.call(`/api/v1/invoices/${invoice.id}/payment-methods`)).body[0].amount) * 1e8);
    expect(sats).toBeGreaterThan(0);
    expect(await page.locator('#sats').textContent()).toBe(`${sats.toLocaleString('en-US')} sats`);
    expect(await page.locator('#bolt11').inputValue()).toBe(invoice.bolt11);
    expect(await page.locator('#countdown').textContent()).toMatch(/^1[45]:[0-5]\d$/);
  });

  it('the QR code, decoded from the rendered pixels, is lightning:<the BOLT11> (upper case)', async () => {
    expect(await decodeQr(page)).toBe(`LIGHTNING:${invoice.bolt11.toUpperCase()}`);
  });

  it('fits a phone screen (no horizontal scrolling) and saves the screenshot for the README', async () => {
    const overflow = await page.evaluate(() => {
      const { document, innerWidth } = globalThis as unknown as { document: { documentElement: { scrollWidth: number } }; innerWidth: number };
      return document.documentElement.scrollWidth - innerWidth;
    });
    expect(overflow).toBeLessThanOrEqual(0);
    const png = await page.screenshot({ fullPage: true });
    expect(PNG.sync.read(png).width).toBe(390 * 2);
    // The README's figure is rewritten on request only, so a test run leaves the work tree clean.
    const target = process.env.UPDATE_SCREENSHOT === '1' || !existsSync(SCREENSHOT) ? SCREENSHOT : path.join(userDataDir, 'checkout.png');
    writeFileSync(target, png);
  });

  it('works from the keyboard: QR link, invoice, Copy, Open in wallet, in that order; Copy copies the BOLT11', async () => {
    await page.evaluate(() => (globalThis as unknown as { document: { activeElement: { blur?: () => void } | null } }).document.activeElement?.blur?.());
    const order: string[] = [];
    for (let i = 0; i < 4; i += 1) {
      await page.keyboard.press('Tab');
      order.push(await page.evaluate(() => {
        const element = (globalThis as unknown as { document: { activeElement: { id: string; tagName: string; textContent: string | null } | null } }).document.activeElement;
        return element === null ? '' : element.id || `${element.tagName.toLowerCase()}:${(element.textContent ?? '').trim()}`;
      }));
    }
    expect(order).toEqual(['a:', 'bolt11', 'copy', 'a:Open in wallet']);
    await page.locator('#copy').focus();
    await page.keyboard.press('Enter');
    await page.locator('#copy-result', { hasText: 'Invoice copied.' }).waitFor();
    const clipboard = await page.evaluate(() => (globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }).navigator.clipboard.readText());
    expect(clipboard).toBe(invoice.bolt11);
    expect(await page.locator('svg.qr-code').getAttribute('aria-label')).toBe('QR code of the Lightning invoice');
    expect(await page.locator('#status-message').getAttribute('role')).toBe('status');
  });

  it('paid through the sandbox and settled by the workers: the paid screen appears without a reload, is announced and focused, then the shop page opens', async () => {
    await g.payInSandbox(invoice);
    await visible(page, '#heading-paid');
    expect(await page.locator('#screen-unpaid').isHidden()).toBe(true);
    expect(await page.locator('#status-message').textContent()).toBe('Payment received. Thank you!');
    expect(await activeId(page)).toBe('heading-paid');
    await visible(page, '#redirect-note');
    await page.waitForURL(`${shopUrl}/order-received/42?key=wc_order_1`);
    expect(shopVisits).toContain('/order-received/42?key=wc_order_1');
  });

  it('met no Content-Security-Policy violation nor script error', () => {
    expect(browserErrors).toEqual([]);
  });
});

describe('without Server-Sent Events (a proxy that refuses the stream)', () => {
  it('falls back to polling /status and still shows the paid screen', async () => {
    const invoice = await g.createInvoice({ amount: '3', currency: 'USD' });
    const page = await context.newPage();
    const polled: string[] = [];
    await page.route('**/events', (route) => route.fulfill({ status: 503, body: '' }));
    page.on('request', (request) => { if (request.url().endsWith('/status')) polled.push(request.url()); });
    await page.goto(invoice.checkoutLink);
    await page.locator('#amount', { hasText: '3.00 USD' }).waitFor();
    await g.payInSandbox(invoice);
    await visible(page, '#heading-paid');
    expect(polled.length).toBeGreaterThan(0);
    // No redirect was asked for: the page stays, with no return link.
    expect(page.url()).toBe(invoice.checkoutLink);
    expect(await page.locator('#screen-paid a').count()).toBe(0);
    await page.close();
  });
});

describe('expired, invalid and unknown invoices', () => {
  // These invoices are expired by hand (their time moved into the past): no worker may race to it.
  beforeAll(stopWorkers);

  it('an open page turns to the expired screen when the invoice expires', async () => {
    const invoice = await g.createInvoice({ amount: '5', currency: 'EUR', checkout: { redirectURL: `${shopUrl}/cart` } });
    const page = await openPage(invoice.checkoutLink);
    await visible(page, '#screen-unpaid');
    await g.expireNow(invoice.id);
    const expired = await expireInvoice({ invoices: createInvoiceRepository(g.t.gateway.server.pool), clock: { now: () => new Date() } }, invoice.id as InvoiceId);
    expect(expired).not.toBeInstanceOf(Error);
    await visible(page, '#heading-expired');
    expect(await page.locator('#screen-unpaid').isHidden()).toBe(true);
    expect(await page.locator('#status-message').textContent()).toBe('This invoice has expired.');
    expect(await page.locator('#screen-expired a').getAttribute('href')).toBe(`${shopUrl}/cart`);
    await page.close();
  });

  it('an invoice whose time ran out opens on the expired screen even before any worker expired it', async () => {
    const invoice = await g.createInvoice({ amount: '5', currency: 'EUR' });
    await g.expireNow(invoice.id);
    const page = await openPage(invoice.checkoutLink);
    expect(await page.locator('#heading-expired').isVisible()).toBe(true);
    expect(await page.locator('#screen-unpaid').isHidden()).toBe(true);
    await page.close();
  });

  it('an invoice the merchant marked invalid shows the invalid screen', async () => {
    const invoice = await g.createInvoice({ amount: '5', currency: 'EUR' });
    const page = await openPage(invoice.checkoutLink);
    const marked = await g.t.call(`/api/v1/stores/${g.storeId}/invoices/${invoice.id}/status`, { method: 'POST', json: { status: 'Invalid' } });
    expect(marked.status).toBe(200);
    await visible(page, '#heading-invalid');
    await page.close();
  });

  it('an unknown invoice id gets the friendly 404 page', async () => {
    const page = await context.newPage();
    const response = await page.goto(`${g.t.gateway.url}/i/NoSuchInvoice123`);
    expect(response?.status()).toBe(404);
    expect(await page.locator('h1').textContent()).toBe('Invoice not found');
    await page.close();
  });

  it('met no Content-Security-Policy violation nor script error', () => {
    expect(browserErrors).toEqual([]);
  });
});
