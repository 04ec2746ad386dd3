/**
 * `GET /invoices/{invoiceId}`: the link WooCommerce puts next to each order in its admin list (it
 * takes the stored checkout link and turns `/i/` into `/invoices/`, BTCPay's admin invoice page).
 * The gateway has no admin web UI, so the link leads to the invoice's checkout page, which shows its
 * state (unpaid, paid, expired, invalid); the full record is `GET /api/v1/invoices/{invoiceId}`.
 * Unknown or malformed ids get the checkout's friendly not-found page, never a JSON error.
 */
import { z } from 'zod';
import { getCheckoutView, type CheckoutViewDeps } from '../../app/checkout/get-checkout-view';
import { InvoiceNotFoundError } from '../../app/invoices/errors';
import { checkoutAssets } from '../checkout/assets';
import { checkoutPageHeaders, DEFAULT_FRAME_ANCESTORS } from '../checkout/headers';
import { renderNotFoundPage } from '../checkout/page';
import type { RouteModule } from '../route-kit';

export interface InvoiceLinkRouteDeps extends CheckoutViewDeps {
  /** `PUBLIC_URL`, so the redirect holds behind a proxy that mounts the gateway under a path. */
  readonly publicUrl: () => string;
}

const invoicePath = z.object({ invoiceId: z.string() });

export const checkoutPageUrl = (publicUrl: string, invoiceId: string): string =>
  `${publicUrl.replace(/\/+$/, '')}/i/${encodeURIComponent(invoiceId)}`;

export function invoiceLinkRoutes(deps: InvoiceLinkRouteDeps): RouteModule {
  const notFoundPage = Buffer.from(renderNotFoundPage(checkoutAssets()), 'utf8');
  const pageHeaders = checkoutPageHeaders({ frameAncestors: DEFAULT_FRAME_ANCESTORS });
  return {
    name: 'invoice-link',
    mount(kit) {
      kit.route({
        method: 'get', path: '/invoices/{invoiceId}', operationId: 'Checkout_AdminInvoiceLink',
        summary: "BTCPay's admin invoice address: redirects to the invoice's checkout page `/i/{invoiceId}`",
        tags: ['Checkout'], auth: { kind: 'none' }, extension: true, params: invoicePath,
        responses: { 302: { description: 'To `/i/{invoiceId}`' }, 404: { description: 'The not-found page (text/html)' } },
        handler: async ({ params }) => {
          const view = await getCheckoutView(deps, params.invoiceId);
          if (view instanceof InvoiceNotFoundError) return { status: 404, body: notFoundPage, headers: pageHeaders };
          return { status: 302, headers: { Location: checkoutPageUrl(deps.publicUrl(), view.invoiceId), 'Cache-Control': 'no-store' } };
        },
      });
    },
  };
}
