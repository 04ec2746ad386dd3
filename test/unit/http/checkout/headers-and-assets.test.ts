import { Script } from 'node:vm';
import { assetUrl, checkoutAssets } from '../../../../src/http/checkout/assets';
import { CHECKOUT_SCRIPT } from '../../../../src/http/checkout/assets/checkout-script';
import { amountText, countdownText, satsText } from '../../../../src/http/checkout/display';
import { checkoutPageHeaders, contentSecurityPolicy, DEFAULT_FRAME_ANCESTORS } from '../../../../src/http/checkout/headers';

describe('checkout page headers', () => {
  it('a strict CSP: scripts, styles and connections from the gateway only, framed by its own origin', () => {
    expect(contentSecurityPolicy({ frameAncestors: DEFAULT_FRAME_ANCESTORS })).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'");
    expect(checkoutPageHeaders({ frameAncestors: DEFAULT_FRAME_ANCESTORS })['X-Frame-Options']).toBe('SAMEORIGIN');
  });

  it('frame-ancestors can be widened (the modal checkout) or closed', () => {
    const widened = checkoutPageHeaders({ frameAncestors: ["'self'", 'https://shop.example'] });
    expect(widened['Content-Security-Policy']).toMatch(/frame-ancestors 'self' https:\/\/shop\.example$/);
    expect(widened['X-Frame-Options']).toBeUndefined();
    expect(contentSecurityPolicy({ frameAncestors: [] })).toMatch(/frame-ancestors 'none'$/);
  });
});

describe('checkout assets', () => {
  it('names carry the content hash; find() knows only those names', () => {
    const assets = checkoutAssets();
    expect(assets.script.fileName).toMatch(/^checkout-[0-9a-f]{12}\.js$/);
    expect(assets.styles.fileName).toMatch(/^checkout-[0-9a-f]{12}\.css$/);
    expect(assetUrl(assets.script)).toBe(`/checkout/assets/${assets.script.fileName}`);
    expect(assets.find(assets.script.fileName)).toBe(assets.script);
    expect(assets.find('checkout.js')).toBeUndefined();
    expect(checkoutAssets().script.fileName).toBe(assets.script.fileName);
  });

  it('the client script is valid JavaScript and reads only the data attributes the page writes', () => {
    expect(() => new Script(CHECKOUT_SCRIPT)).not.toThrow();
    const read = [...CHECKOUT_SCRIPT.matchAll(/data\.([a-zA-Z]+)/g)].map((match) => match[1]);
    expect(new Set(read)).toEqual(new Set(['invoiceId', 'status', 'expiresIn', 'redirectUrl', 'redirectAutomatic', 'statusUrl', 'eventsUrl']));
  });
});

describe('display', () => {
  it.each([[0, '0:00'], [59.9, '0:59'], [899, '14:59'], [3600, '1:00:00'], [3723, '1:02:03'], [-5, '0:00']])('countdown %s → %s', (seconds, text) => {
    expect(countdownText(seconds)).toBe(text);
  });
  it('sats and amounts', () => {
    expect(satsText(1)).toBe('1 sat');
    expect(satsText(13588)).toBe('13,588 sats');
    expect(satsText(2_100_000_000)).toBe('2,100,000,000 sats');
    expect(amountText({ value: '12.50', currency: 'EUR' })).toBe('12.50 EUR');
  });
});
