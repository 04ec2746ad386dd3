/**
 * The buyer's side, public (no API key): the checkout page `GET /i/{invoiceId}` (an invoice's
 * `checkoutLink`), its status as JSON for polling and as Server-Sent Events, and its static files.
 * Only the public view of an invoice (src/app/checkout/checkout-view.ts) ever reaches these
 * responses. Any id, well-formed or not, that is not an invoice's gets the friendly 404 page.
 */
import { z } from 'zod';
import type { Logger } from '../../adapters/log';
import { CHECKOUT_STATUSES, statusUpdateOf } from '../../app/checkout/checkout-view';
import { getCheckoutView, type CheckoutViewDeps } from '../../app/checkout/get-checkout-view';
import type { InvoiceStatusFeed } from '../../app/checkout/ports';
import { InvoiceNotFoundError } from '../../app/invoices/errors';
import { RouteNotFoundError } from '../errors';
import { ASSET_PATH, checkoutAssets } from '../checkout/assets';
import { DEFAULT_EVENT_STREAM_SETTINGS, EVENT_STREAM_HEADERS, streamCheckoutStatus, type EventStreamSettings } from '../checkout/event-stream';
import { checkoutPageHeaders, DEFAULT_FRAME_ANCESTORS, MODAL_FRAME_ANCESTORS } from '../checkout/headers';
import { renderCheckoutPage, renderNotFoundPage } from '../checkout/page';
import type { RouteModule } from '../route-kit';

export interface CheckoutRouteDeps extends CheckoutViewDeps {
  readonly feed: InvoiceStatusFeed;
  readonly logger: Logger;
  /** Aborted at shutdown: open event streams end so the server can close. */
  readonly closing: AbortSignal;
  readonly frameAncestors?: readonly string[];
  readonly eventStream?: Partial<EventStreamSettings>;
}

// Any string: a malformed id is answered like an unknown one (404 page), never with a 422.
const invoicePath = z.object({ invoiceId: z.string() });
// `view=modal`: the page inside a shop's modal (/modal/btcpay.js). Anything else is the plain page.
const pageQuery = z.object({
  view: z.union([z.string(), z.array(z.string())]).optional().describe('`modal` inside a shop\'s modal (/modal/btcpay.js)'),
});
const assetPath = z.object({ fileName: z.string() });
const statusBody = z.object({ status: z.enum(CHECKOUT_STATUSES), expirationTime: z.number().int() });
const TAGS = ['Checkout'];

export function checkoutRoutes(deps: CheckoutRouteDeps): RouteModule {
  const assets = checkoutAssets();
  const pageHeaders = checkoutPageHeaders({ frameAncestors: deps.frameAncestors ?? DEFAULT_FRAME_ANCESTORS });
  const notFoundPage = Buffer.from(renderNotFoundPage(assets), 'utf8');
  const modalHeaders = checkoutPageHeaders({ frameAncestors: MODAL_FRAME_ANCESTORS });
  const modalNotFoundPage = Buffer.from(renderNotFoundPage(assets, { modal: true }), 'utf8');
  const settings = { ...DEFAULT_EVENT_STREAM_SETTINGS, ...deps.eventStream };
  return {
    name: 'checkout',
    mount(kit) {
      kit.route({
        method: 'get', path: '/i/{invoiceId}', operationId: 'Checkout_Page', summary: 'The checkout page a buyer pays from (HTML)',
        tags: TAGS, auth: { kind: 'none' }, extension: true, params: invoicePath, query: pageQuery,
        responses: { 200: { description: 'The checkout page (text/html)' }, 404: { description: 'The not-found page (text/html)' } },
        handler: async ({ params, query }) => {
          const modal = query.view === 'modal';
          const headers = modal ? modalHeaders : pageHeaders;
          const view = await getCheckoutView(deps, params.invoiceId);
          if (view instanceof InvoiceNotFoundError) return { status: 404, body: modal ? modalNotFoundPage : notFoundPage, headers };
          const page = renderCheckoutPage(view, { assets, now: deps.clock.now(), modal });
          return { status: 200, body: Buffer.from(page, 'utf8'), headers };
        },
      });
      kit.route({
        method: 'get', path: '/i/{invoiceId}/status', operationId: 'Checkout_Status',
        summary: "The invoice's public status, for a checkout page that cannot use Server-Sent Events",
        tags: TAGS, auth: { kind: 'none' }, extension: true, params: invoicePath,
        responses: { 200: { description: 'The public status', schema: statusBody }, 404: { description: '`invoice-not-found`' } },
        handler: async ({ params }) => {
          const view = await getCheckoutView(deps, params.invoiceId);
          return view instanceof InvoiceNotFoundError ? view : { status: 200, body: statusUpdateOf(view) };
        },
      });
      kit.route({
        method: 'get', path: '/i/{invoiceId}/events', operationId: 'Checkout_Events',
        summary: "The invoice's public status as Server-Sent Events (`status`, then `end` once final)",
        tags: TAGS, auth: { kind: 'none' }, extension: true, params: invoicePath,
        responses: { 200: { description: 'text/event-stream' }, 404: { description: '`invoice-not-found`' } },
        handler: async ({ params }) => {
          const view = await getCheckoutView(deps, params.invoiceId);
          if (view instanceof InvoiceNotFoundError) return view;
          return {
            status: 200, headers: EVENT_STREAM_HEADERS,
            stream: (sink) => streamCheckoutStatus({ ...deps, settings }, view.invoiceId, sink),
          };
        },
      });
      kit.route({
        method: 'get', path: `${ASSET_PATH}/{fileName}`, operationId: 'Checkout_Asset', summary: "The checkout page's script and stylesheet",
        tags: TAGS, auth: { kind: 'none' }, extension: true, params: assetPath,
        responses: { 200: { description: 'The file' }, 404: { description: '`not-found`' } },
        handler: async ({ params }) => {
          const file = assets.find(params.fileName);
          if (file === undefined) return new RouteNotFoundError();
          // The name holds the content's hash: a new version is a new URL.
          return { status: 200, body: file.body, headers: { 'Content-Type': file.contentType, 'Cache-Control': 'public, max-age=31536000, immutable' } };
        },
      });
    },
  };
}
