/**
 * Greenfield's invoice changes beyond marking: metadata update (`PUT`), archive (`DELETE`) and
 * unarchive. Store routes only, as on BTCPay; they need `btcpay.store.canmodifyinvoices`.
 */
import type { Logger } from '../../adapters/log';
import { archiveInvoice, unarchiveInvoice } from '../../app/invoices/archive-invoice';
import { updateInvoiceMetadata } from '../../app/invoices/update-invoice-metadata';
import type { Clock, InvoiceRepository } from '../../app/ports';
import type { Policy } from '../../domain/permissions';
import type { RouteModule } from '../route-kit';
import { storeInvoiceParams, updateInvoiceRequest } from './invoice-requests';
import { invoiceData, toInvoiceData } from './invoice-view';
import { storeInvoiceRef } from './invoices';

const TAGS = ['Invoices'];
const MODIFY: Policy = 'btcpay.store.canmodifyinvoices';
const notFound = { description: '`invoice-not-found`' };

export function invoiceUpdateRoutes(deps: {
  readonly invoices: InvoiceRepository;
  readonly clock: Clock;
  readonly publicUrl: () => string;
  readonly logger: Logger;
}): RouteModule {
  const auth = { kind: 'permission', policy: MODIFY, storeParam: 'storeId' } as const;
  return {
    name: 'invoice-updates',
    mount(kit) {
      kit.route({
        method: 'put', path: '/api/v1/stores/{storeId}/invoices/{invoiceId}', operationId: 'Invoices_UpdateInvoice',
        summary: "Replace the invoice's metadata (whole, as on BTCPay): its orderId and textSearch follow; later webhooks carry it",
        tags: TAGS, auth, params: storeInvoiceParams, body: updateInvoiceRequest,
        responses: { 200: { description: 'The invoice', schema: invoiceData }, 404: notFound },
        handler: async ({ params, body }) => {
          const ref = storeInvoiceRef(params);
          if (ref instanceof Error) return ref;
          const updated = await updateInvoiceMetadata(deps, ref, body.metadata);
          if (updated instanceof Error) return updated;
          deps.logger.info('invoice metadata replaced', { invoiceId: updated.id });
          return { status: 200, body: toInvoiceData(updated, deps.publicUrl()) };
        },
      });
      kit.route({
        method: 'delete', path: '/api/v1/stores/{storeId}/invoices/{invoiceId}', operationId: 'Invoices_ArchiveInvoice',
        summary: 'Archive the invoice: it leaves the list unless includeArchived=true; nothing else changes',
        tags: TAGS, auth, params: storeInvoiceParams,
        responses: { 200: { description: 'Archived (also when it already was); empty body' }, 404: notFound },
        handler: async ({ params }) => {
          const ref = storeInvoiceRef(params);
          if (ref instanceof Error) return ref;
          const archived = await archiveInvoice(deps, ref);
          return archived instanceof Error ? archived : { status: 200 };
        },
      });
      kit.route({
        method: 'post', path: '/api/v1/stores/{storeId}/invoices/{invoiceId}/unarchive', operationId: 'Invoices_UnarchiveInvoice',
        summary: 'Bring an archived invoice back into the list', tags: TAGS, auth, params: storeInvoiceParams,
        responses: {
          200: { description: 'The invoice', schema: invoiceData },
          400: { description: '`already-unarchived`: the invoice is not archived' },
          404: notFound,
        },
        handler: async ({ params }) => {
          const ref = storeInvoiceRef(params);
          if (ref instanceof Error) return ref;
          const unarchived = await unarchiveInvoice(deps, ref);
          return unarchived instanceof Error ? unarchived : { status: 200, body: toInvoiceData(unarchived, deps.publicUrl()) };
        },
      });
    },
  };
}
