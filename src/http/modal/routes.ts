/**
 * The modal checkout's public files: `GET /modal/btcpay.js` (the `window.btcpay` API shops' plugins
 * load, WordPress appending `?ver=…`) and `GET /invoice?id=…`, the checkout URL BTCPay's own
 * btcpay.js frames, sent on to `/i/{id}` (keeping `view=modal`) for shops that host BTCPay's script.
 */
import { z } from 'zod';
import { RouteNotFoundError } from '../errors';
import type { RouteModule } from '../route-kit';
import { BTCPAY_MODAL_SCRIPT } from './btcpay-script';

const TAGS = ['Checkout'];
const queryValue = z.union([z.string(), z.array(z.string())]).optional();
const invoiceQuery = z.object({
  id: queryValue.describe('The invoice id'),
  view: queryValue.describe('`modal` inside a shop\'s modal'),
});

export function modalRoutes(): RouteModule {
  const script = Buffer.from(BTCPAY_MODAL_SCRIPT, 'utf8');
  return {
    name: 'modal',
    mount(kit) {
      kit.route({
        method: 'get', path: '/modal/btcpay.js', operationId: 'Modal_Script', extension: true, tags: TAGS,
        summary: 'BTCPay\'s modal checkout script (window.btcpay), for shops\' plugins', auth: { kind: 'none' },
        responses: { 200: { description: 'The script (text/javascript)' } },
        handler: async () => ({
          status: 200, body: script,
          headers: {
            'Content-Type': 'text/javascript; charset=utf-8',
            // Loaded by the shop's pages: other origins must be able to use it (the API's default is same-origin).
            'Cross-Origin-Resource-Policy': 'cross-origin',
            'Cache-Control': 'public, max-age=3600',
          },
        }),
      });
      kit.route({
        method: 'get', path: '/invoice', operationId: 'Modal_InvoiceLink', extension: true, tags: TAGS,
        summary: 'BTCPay\'s checkout URL (`/invoice?id=…`): redirects to the checkout page /i/{id}', auth: { kind: 'none' },
        query: invoiceQuery,
        responses: { 302: { description: 'To /i/{id} (with ?view=modal when asked)' }, 404: { description: '`not-found` without an id' } },
        handler: async ({ query }) => {
          if (typeof query.id !== 'string' || query.id === '') return new RouteNotFoundError();
          const modal = query.view === 'modal' ? '?view=modal' : '';
          return { status: 302, headers: { Location: `/i/${encodeURIComponent(query.id)}${modal}` } };
        },
      });
    },
  };
}
