/**
 * `GET …/invoices/{invoiceId}/payment-methods`: the invoice's one payment method, `BTC-LN` (the
 * BOLT11, its amounts in BTC, the rate, the payments). WooCommerce reads it on every payment webhook.
 */
import { z } from 'zod';
import { PaymentMethodNotFoundError } from '../../app/stores/errors';
import { isLightningPaymentMethodId } from '../../domain/invoice/payment-method-id';
import type { Policy } from '../../domain/permissions';
import type { RouteModule } from '../route-kit';
import { invoiceParams, paymentMethodsQuery, storeInvoiceParams } from './invoice-requests';
import { invoicePaymentMethodData, toPaymentMethodData } from './invoice-view';
import { answer, invoiceFromPath, type InvoiceRouteDeps } from './invoices';
import { storeFailure } from './stores';

const VIEW: Policy = 'btcpay.store.canviewinvoices';
const NOT_ON_INVOICE = 'The invoice has no such payment method: every invoice here has one, BTC-LN';
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
      kit.route({
        method: 'post', path: '/api/v1/stores/{storeId}/invoices/{invoiceId}/payment-methods/{paymentMethodId}/activate',
        operationId: 'Invoices_ActivatePaymentMethod',
        summary: 'Activate a lazy payment method: the BOLT11 exists from creation, so this only checks the id (`BTC-LN`, `BTC_LN`, LNURL forms)',
        tags: ['Invoices'], auth: { kind: 'permission', policy: VIEW, storeParam: 'storeId' },
        params: storeInvoiceParams.extend({ paymentMethodId: z.string().max(100) }),
        responses: { 200: { description: 'Active' }, 404: { description: '`invoice-not-found` or `paymentmethod-not-found`' } },
        handler: async ({ params, principal }) => {
          const invoice = await invoiceFromPath(deps, params, { principal, policy: VIEW });
          if (invoice instanceof Error) return invoice;
          if (!isLightningPaymentMethodId(params.paymentMethodId)) return storeFailure(new PaymentMethodNotFoundError(NOT_ON_INVOICE));
          return { status: 200 };
        },
      });
    },
  };
}
