import { Script } from 'node:vm';
import { checkoutAssets } from '../../../../src/http/checkout/assets';
import { CHECKOUT_SCRIPT } from '../../../../src/http/checkout/assets/checkout-script';
import { checkoutPageHeaders, MODAL_FRAME_ANCESTORS } from '../../../../src/http/checkout/headers';
import { renderCheckoutPage, renderNotFoundPage } from '../../../../src/http/checkout/page';
import { BTCPAY_MODAL_SCRIPT } from '../../../../src/http/modal/btcpay-script';
import type { CheckoutView } from '../../../../src/app/checkout/checkout-view';
import type { InvoiceId } from '../../../../src/domain/ids';
import type { Sats } from '../../../../src/domain/money';

const NOW = new Date('2026-05-01T12:00:00Z');
const view: CheckoutView = {
  invoiceId: 'Inv1nvoice1d' as InvoiceId, storeName: 'Corner Café', amount: { value: '12.50', currency: 'EUR' }, sats: 13588 as Sats,
  bolt11: 'lnbcrt135880n1ptest', status: 'paid', expirationTime: new Date(NOW.getTime() + 60_000),
  redirect: { url: 'https://shop.example/thanks', automatic: true },
};

describe('/modal/btcpay.js', () => {
  it('is valid JavaScript and defines every window.btcpay function the plugins call', () => {
    expect(() => new Script(BTCPAY_MODAL_SCRIPT)).not.toThrow();
    for (const name of ['showFrame', 'hideFrame', 'showInvoice', 'appendInvoiceFrame', 'appendAndShowInvoiceFrame',
      'onModalWillEnter', 'onModalWillLeave', 'onModalReceiveMessage', 'setApiUrlPrefix']) {
      expect(BTCPAY_MODAL_SCRIPT).toMatch(new RegExp(`\\b${name}: `));
    }
  });
});

describe('the checkout page in modal view', () => {
  it('has a Close button, says it is the modal view, and sends return links to the whole window', () => {
    const page = renderCheckoutPage(view, { assets: checkoutAssets(), now: NOW, modal: true });
    expect(page).toContain('<html lang="en" class="modal" data-view="modal">');
    expect(page).toContain('<button type="button" id="close"');
    expect(page).toContain('data-invoice-id="Inv1nvoice1d"');
    expect(page).toContain('href="https://shop.example/thanks" target="_top"');
  });

  it('the plain view has none of that', () => {
    const page = renderCheckoutPage(view, { assets: checkoutAssets(), now: NOW });
    expect(page).toContain('<html lang="en">');
    expect(page).not.toContain('id="close"');
    expect(page).not.toContain('target="_top"');
    expect(renderNotFoundPage(checkoutAssets())).not.toContain('id="close"');
    expect(renderNotFoundPage(checkoutAssets(), { modal: true })).toContain('id="close"');
  });

  it('may be framed by any site (frame-ancestors *), unlike the plain view', () => {
    expect(checkoutPageHeaders({ frameAncestors: MODAL_FRAME_ANCESTORS })['Content-Security-Policy']).toMatch(/frame-ancestors \*$/);
  });

  it('the page script posts Greenfield status names', () => {
    expect(CHECKOUT_SCRIPT).toContain("{ unpaid: 'New', processing: 'Processing', paid: 'Settled', expired: 'Expired', invalid: 'Invalid' }");
    expect(CHECKOUT_SCRIPT).toContain("tell('close')");
    expect(CHECKOUT_SCRIPT).toContain("tell('loaded')");
  });
});
