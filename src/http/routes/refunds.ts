/**
 * Refunds. BTCPay refunds through pull payments (WooCommerce: `POST …/pull-payments`, then it shows
 * the buyer the `viewLink`; other clients: `POST …/invoices/{id}/refund`). Paying one out needs a
 * Blink key that can send (Write scope), which this gateway never holds. Both answer a Greenfield
 * error that says where refunds are made, and WooCommerce shows its text to the admin as it is.
 *
 * 400 with a code is how Greenfield refuses a request it understood but will not carry out (its
 * refund endpoint answers `non-refundable` that way). A 5xx would report an outage and invite
 * retries; a 403 would send the merchant hunting for a missing key permission.
 */
import { z } from 'zod';
import type { Policy } from '../../domain/permissions';
import type { StoreRepository } from '../../app/ports';
import { StoreNotFoundError } from '../../app/stores/errors';
import type { HandlerResult, RouteModule } from '../route-kit';
import { storeInvoiceParams, storeParams } from './invoice-requests';
import { invoiceFromPath, type InvoiceRouteDeps } from './invoices';
import { storeFailure, storeIdOf } from './stores';

export const REFUNDS_NOT_SUPPORTED = 'refunds-not-supported';
export const REFUNDS_MESSAGE = 'Refunds are made from the Blink app, not through this gateway: it only receives payments into the ' +
  "merchant's Blink wallet and never holds a Blink API key that can send (Write scope), so it cannot create pull payments or pay refunds. " +
  "Send the refund to the buyer's Lightning invoice or address from the Blink app.";

/** What WooCommerce asks for in its authorize URL and checks before it offers refunds. */
const PULL_PAYMENTS: Policy = 'btcpay.store.cancreatenonapprovedpullpayments';
const TAGS = ['Refunds'];

const refused = (): HandlerResult => ({ status: 400, body: { code: REFUNDS_NOT_SUPPORTED, message: REFUNDS_MESSAGE } });
const errorBody = z.object({ code: z.literal(REFUNDS_NOT_SUPPORTED), message: z.string() });

export interface RefundRouteDeps {
  readonly stores: Pick<StoreRepository, 'findById'>;
  readonly invoices: InvoiceRouteDeps['invoices'];
}

export function refundRoutes(deps: RefundRouteDeps): RouteModule {
  return {
    name: 'refunds',
    mount(kit) {
      // No body schema: whatever the shop sends, the answer is the same, so a body is never a 422.
      kit.route({
        method: 'post', path: '/api/v1/stores/{storeId}/pull-payments', operationId: 'PullPayments_CreatePullPayment',
        summary: 'Not supported: refunds are made from the Blink app (answers `refunds-not-supported`)', tags: TAGS,
        auth: { kind: 'permission', policy: PULL_PAYMENTS, storeParam: 'storeId' },
        params: storeParams,
        responses: { 400: { description: '`refunds-not-supported`', schema: errorBody }, 404: { description: '`store-not-found`' } },
        handler: async ({ params }) => {
          const storeId = storeIdOf(params.storeId);
          if (storeId instanceof Error) return storeFailure(storeId);
          if ((await deps.stores.findById(storeId)) === null) return storeFailure(new StoreNotFoundError());
          return refused();
        },
      });
      kit.route({
        method: 'post', path: '/api/v1/stores/{storeId}/invoices/{invoiceId}/refund', operationId: 'Invoices_Refund',
        summary: 'Not supported: refunds are made from the Blink app (answers `refunds-not-supported`)', tags: TAGS,
        auth: { kind: 'permission', policy: PULL_PAYMENTS, storeParam: 'storeId' }, params: storeInvoiceParams,
        responses: { 400: { description: '`refunds-not-supported`', schema: errorBody }, 404: { description: '`invoice-not-found`' } },
        handler: async ({ params, principal }) => {
          const invoice = await invoiceFromPath(deps, params, { principal, policy: PULL_PAYMENTS });
          return invoice instanceof Error ? invoice : refused();
        },
      });
    },
  };
}
