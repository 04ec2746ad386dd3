/**
 * `GET …/invoices/{invoiceId}/payment-methods`: the invoice's one payment method, `BTC-LN` (the
 * BOLT11, its amounts in BTC, the rate, the payments). WooCommerce reads it on every payment webhook.
 */
import { z } from 'zod';
import type { Policy } from '../../domain/permissions';
import type { RouteModule } from '../route-kit';
import { invoiceParams, paymentMethodsQuery, storeInvoiceParams } from './invoice-requests';
import { invoicePaymentMethodData, toPaymentMethodData } from './invoice-view';
import { answer, invoiceFromPath, type InvoiceRouteDeps } from './invoices';

const VIEW: Policy = 'btcpay.store.canviewinvoices';
const responses = {
  200: { description: 'The payment methods (always one: BTC-LN)', schema: z.array(invoicePaymentMethodData) },
  404: { description: '`invoice-not-found`' },
};

export function invoicePaymentMethodRoutes(deps: Pick<InvoiceRouteDeps, 'invoices'>): RouteModule {
  return {
    name: 'invoice-payment-methods',
    mount(kit) {
      kit.route({
        method: 'get', path: '/api/v1/stores/{storeId}/invoices/{invoiceId}/payment-methods', operationId: 'Invoices_GetPaymentMethods',
        summary: "The invoice's payment methods (`onlyAccountedPayments` and `includeSensitive` are accepted; every payment counts, nothing is sensitive)",
        tags: ['Invoices'], auth: { kind: 'permission', policy: VIEW, storeParam: 'storeId' },
        params: storeInvoiceParams, query: paymentMethodsQuery, responses,
        handler: async ({ params, principal }) => answer(await invoiceFromPath(deps, params, { principal, policy: VIEW }), toPaymentMethodData),
      });
      kit.route({
        method: 'get', path: '/api/v1/invoices/{invoiceId}/payment-methods', operationId: 'Invoices_GetPaymentMethodsStoreless',
        summary: "The invoice's payment methods (store-less)", tags: ['Invoices'], auth: { kind: 'authenticated' },
        params: invoiceParams, query: paymentMethodsQuery, responses,
        handler: async ({ params, principal }) => answer(await invoiceFromPath(deps, params, { principal, policy: VIEW }), toPaymentMethodData),
      });
    },
  };
}
