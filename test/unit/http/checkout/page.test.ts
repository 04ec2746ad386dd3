import { CHECKOUT_STATUSES, type CheckoutView } from '../../../../src/app/checkout/checkout-view';
import type { InvoiceId } from '../../../../src/domain/ids';
import type { Sats } from '../../../../src/domain/money';
import { checkoutAssets } from '../../../../src/http/checkout/assets';
import { renderCheckoutPage, renderNotFoundPage } from '../../../../src/http/checkout/page';

const NOW = new Date('2026-05-01T12:00:00Z');
const view = (overrides: Partial<CheckoutView> = {}): CheckoutView => ({
  invoiceId: 'Inv1nvoice1d' as InvoiceId, storeName: 'Corner Café', amount: { value: '12.50', currency: 'EUR' }, sats: 13588 as Sats,
  bolt11: 'lnbcrt135880n1ptest', status: 'unpaid', expirationTime: new Date(NOW.getTime() + 14 * 60_000 + 59_000), redirect: null,
  ...overrides,
});
const assets = checkoutAssets();
const render = (overrides: Partial<CheckoutView> = {}) => renderCheckoutPage(view(overrides), { assets, now: NOW });

const hiddenOf = (page: string) => Object.fromEntries(CHECKOUT_STATUSES.map((status) => {
  const tag = new RegExp(`<section id="screen-${status}"[^>]*>`).exec(page)?.[0] ?? '';
  return [status, / hidden>$/.test(tag)];
}));

describe('renderCheckoutPage', () => {
  it.each(CHECKOUT_STATUSES)('%s: that screen shown, every other one hidden, the status in data-status', (status) => {
    const page = render({ status });
    expect(hiddenOf(page)).toEqual(Object.fromEntries(CHECKOUT_STATUSES.map((s) => [s, s !== status])));
    expect(page).toContain(`data-status="${status}"`);
  });

  it('shows the amounts, the countdown, the BOLT11 with label and copy button, and wires the script by data attributes', () => {
    const page = render();
    expect(page).toContain('<title>Pay 12.50 EUR to Corner Café</title>');
    expect(page).toContain('<p class="amount" id="amount">12.50 EUR</p>');
    expect(page).toContain('<p class="sats" id="sats">13,588 sats</p>');
    expect(page).toContain('<strong id="countdown">14:59</strong>');
    expect(page).toContain('data-expires-in="899"');
    expect(page).toContain('<label for="bolt11">Lightning invoice</label>');
    expect(page).toMatch(/<input id="bolt11" type="text" readonly value="lnbcrt135880n1ptest"/);
    expect(page).toContain('<button type="button" id="copy">Copy</button>');
    expect(page).toContain('data-status-url="/i/Inv1nvoice1d/status" data-events-url="/i/Inv1nvoice1d/events"');
    expect(page).toContain('role="status" aria-live="polite"');
    expect(page).toContain('<html lang="en">');
    expect(page).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
  });

  it('loads its one script and stylesheet from files; nothing inline', () => {
    const page = render({ redirect: { url: 'https://shop.example/', automatic: true } });
    expect(page.match(/<script\b[^>]*>/g)).toEqual([`<script src="/checkout/assets/${assets.script.fileName}" defer>`]);
    expect(page).toContain(`<link rel="stylesheet" href="/checkout/assets/${assets.styles.fileName}">`);
    expect(page).not.toMatch(/<style\b|\sstyle=|\son[a-z]+=|javascript:/i);
  });

  it('escapes the store name and the redirect URL', () => {
    const page = render({ storeName: '<b>"Shop"</b>', redirect: { url: 'https://shop.example/?a=1&b="2"', automatic: false } });
    expect(page).not.toContain('<b>"Shop"</b>');
    expect(page).toContain('&lt;b&gt;&quot;Shop&quot;&lt;/b&gt;');
    expect(page).toContain('href="https://shop.example/?a=1&amp;b=&quot;2&quot;"');
  });

  it('a redirect gives a return link; only an automatic one announces the redirect', () => {
    expect(render().includes('Return to')).toBe(false);
    const manual = render({ redirect: { url: 'https://shop.example/', automatic: false } });
    expect(manual).toContain('Return to Corner Café');
    expect(manual).not.toContain('redirect-note');
    expect(manual).toContain('data-redirect-automatic="false"');
    const automatic = render({ redirect: { url: 'https://shop.example/', automatic: true } });
    expect(automatic).toContain('<p id="redirect-note" hidden>Taking you back to Corner Café…</p>');
    expect(automatic).toContain('data-redirect-automatic="true"');
  });

  it('a top-up asks the wallet for the amount; a past expiry counts down from 0:00', () => {
    const page = render({ amount: null, sats: null, expirationTime: new Date(NOW.getTime() - 5_000) });
    expect(page).toContain('<title>Pay Corner Café</title>');
    expect(page).toContain('Any amount');
    expect(page).toContain('Your wallet asks for the amount');
    expect(page).toContain('<strong id="countdown">0:00</strong>');
    expect(page).toContain('data-expires-in="0"');
  });
});

describe('renderNotFoundPage', () => {
  it('is a friendly page with no invoice data', () => {
    const page = renderNotFoundPage(assets);
    expect(page).toContain('<title>Invoice not found</title>');
    expect(page).toContain('<h1 id="not-found-title">Invoice not found</h1>');
    expect(page).not.toContain('data-status');
  });
});
