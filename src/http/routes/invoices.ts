/**
 * Greenfield's invoice endpoints: create, read (by store and store-less), list with every filter,
 * mark. Metadata update and archive are in invoice-updates.ts, payment methods in
 * invoice-payment-methods.ts, the JSON shapes in invoice-view.ts.
 */
import { z } from 'zod';
import { MissingPermissionError } from '../../app/api-keys/errors';
import type { Principal } from '../../app/api-keys/authenticate';
import { createInvoice, type CreateInvoiceDeps } from '../../app/invoices/create-invoice';
import { InvoiceNotFoundError } from '../../app/invoices/errors';
import { getInvoice, listInvoices } from '../../app/invoices/get-invoices';
import { IDEMPOTENCY_KEY_HEADER, parseIdempotencyKey, requestHash } from '../../app/invoices/idempotency';
import { markInvoice } from '../../app/invoices/mark-invoice';
import { ValidationError } from '../../app/errors';
import type { Logger } from '../../adapters/log';
import { InvoiceTransitionError } from '../../domain/invoice/apply';
import { parseInvoiceId, type InvoiceId } from '../../domain/ids';
import { permissionsGrant, type Policy } from '../../domain/permissions';
import type { StoreId } from '../../domain/store/store-id';
import type { StoredInvoice } from '../../app/ports';
import type { HandlerResult, RouteModule } from '../route-kit';
import { MAX_TAKE, createInvoiceRequest, invoiceParams, listInvoicesQuery, markInvoiceRequest, storeInvoiceParams, storeParams } from './invoice-requests';
import { invoiceData, toInvoiceData } from './invoice-view';
import { storeFailure, storeIdOf } from './stores';

export interface InvoiceRouteDeps extends CreateInvoiceDeps {
  /** `PUBLIC_URL`, or `http://localhost:<PORT>`: a function because the port is known only once listening. */
  readonly publicUrl: () => string;
  readonly logger: Logger;
}

const TAGS = ['Invoices'];
const VIEW: Policy = 'btcpay.store.canviewinvoices';
const MODIFY: Policy = 'btcpay.store.canmodifyinvoices';

export const invoiceIdOf = (raw: string): InvoiceId | InvoiceNotFoundError => {
  const parsed = parseInvoiceId(raw);
  return parsed instanceof Error ? new InvoiceNotFoundError() : parsed;
};

/** The store and invoice a store route names; a malformed id of either is simply not found. */
export function storeInvoiceRef(raw: { readonly storeId: string; readonly invoiceId: string }): { storeId: StoreId; invoiceId: InvoiceId } | InvoiceNotFoundError {
  const storeId = storeIdOf(raw.storeId);
  const invoiceId = invoiceIdOf(raw.invoiceId);
  return storeId instanceof Error || invoiceId instanceof Error ? new InvoiceNotFoundError() : { storeId, invoiceId };
}

/**
 * The invoice named by the path: `storeId` given, only that store's; store-less, any invoice of a
 * store the key may `policy` (otherwise Greenfield's 403 for that policy).
 */
export async function invoiceFromPath(
  deps: Pick<InvoiceRouteDeps, 'invoices'>,
  raw: { readonly invoiceId: string; readonly storeId?: string },
  access: { readonly principal: Principal; readonly policy: Policy },
): Promise<StoredInvoice | InvoiceNotFoundError | MissingPermissionError> {
  if (raw.storeId !== undefined) {
    const ref = storeInvoiceRef({ storeId: raw.storeId, invoiceId: raw.invoiceId });
    return ref instanceof Error ? ref : getInvoice(deps, ref.invoiceId, ref.storeId);
  }
  const invoiceId = invoiceIdOf(raw.invoiceId);
  if (invoiceId instanceof Error) return invoiceId;
  const invoice = await getInvoice(deps, invoiceId);
  if (invoice instanceof Error) return invoice;
  return permissionsGrant(access.principal.permissions, { policy: access.policy, storeId: invoice.storeId })
    ? invoice : new MissingPermissionError(access.policy);
}

export function invoiceRoutes(deps: InvoiceRouteDeps): RouteModule {
  const view = (invoice: Parameters<typeof toInvoiceData>[0]) => toInvoiceData(invoice, deps.publicUrl());
  return {
    name: 'invoices',
    mount(kit) {
      kit.route({
        method: 'post', path: '/api/v1/stores/{storeId}/invoices', operationId: 'Invoices_CreateInvoice',
        summary: 'Create an invoice: one BOLT11 in the store\'s Blink wallet. Optional `Idempotency-Key` header (extension): '
          + 'the same key and body within 24 h return the first invoice (header `Idempotent-Replayed: true`), another body is a 422',
        tags: TAGS, auth: { kind: 'permission', policy: 'btcpay.store.cancreateinvoice', storeParam: 'storeId' },
        params: storeParams, body: createInvoiceRequest,
        responses: {
          200: { description: 'The invoice', schema: invoiceData },
          400: { description: 'The store\'s Blink connection cannot create invoices (`payment-method-unavailable`, `blink-connection-rejected`, `blink-receive-disabled`): the message says what the merchant must do' },
          404: { description: '`store-not-found`' },
          409: { description: '`idempotency-key-in-use`: the first request with this key is still running' },
          429: { description: '`invoice-rate-limited`: one more invoice now would make Blink block the account; see Retry-After' },
          503: { description: '`blink-unavailable`: Blink did not answer; nothing was created' },
        },
        handler: async ({ params, body, header }) => {
          const storeId = storeIdOf(params.storeId);
          if (storeId instanceof Error) return storeFailure(storeId);
          const key = parseIdempotencyKey(header(IDEMPOTENCY_KEY_HEADER));
          if (key instanceof ValidationError) return key;
          const result = await createInvoice(deps, {
            storeId, amount: body.amount, currency: body.currency, metadata: body.metadata, checkout: body.checkout,
            receipt: body.receipt, additionalSearchTerms: body.additionalSearchTerms,
            ...(key === undefined ? {} : { idempotency: { key, requestHash: requestHash(body) } }),
          });
          if (result instanceof Error) {
            deps.logger.info('invoice not created', { storeId, code: result.code, reason: result.message });
            return 'problems' in result || !isStoreFailure(result) ? result : storeFailure(result);
          }
          if (!result.replayed) {
            deps.logger.info('invoice created', {
              storeId, invoiceId: result.invoice.id, type: result.invoice.type, currency: result.invoice.currency, paymentHash: result.invoice.paymentHash,
            });
          }
          return { status: 200, body: view(result.invoice), ...(result.replayed ? { headers: { 'Idempotent-Replayed': 'true' } } : {}) };
        },
      });
      kit.route({
        method: 'get', path: '/api/v1/stores/{storeId}/invoices', operationId: 'Invoices_GetInvoices',
        summary: `The store's invoices, newest first (at most ${MAX_TAKE} per request; page with skip and take)`,
        tags: TAGS, auth: { kind: 'permission', policy: VIEW, storeParam: 'storeId' },
        params: storeParams, query: listInvoicesQuery,
        responses: { 200: { description: 'Invoices', schema: z.array(invoiceData) }, 404: { description: '`store-not-found`' } },
        handler: async ({ params, query }) => {
          const storeId = storeIdOf(params.storeId);
          if (storeId instanceof Error) return storeFailure(storeId);
          const orderIds = merge(query.orderId, query['orderId[]']);
          const statuses = merge(query.status, query['status[]']);
          const list = await listInvoices(deps, {
            storeId, includeArchived: query.includeArchived, skip: query.skip ?? 0, take: query.take ?? MAX_TAKE,
            ...(orderIds === undefined ? {} : { orderIds }), ...(statuses === undefined ? {} : { statuses }),
            ...(query.startDate === undefined ? {} : { startDate: query.startDate }),
            ...(query.endDate === undefined ? {} : { endDate: query.endDate }),
            ...(query.textSearch === undefined || query.textSearch === '' ? {} : { textSearch: query.textSearch }),
          });
          if (list instanceof Error) return storeFailure(list);
          return { status: 200, body: list.map((invoice) => toInvoiceData(invoice, deps.publicUrl(), { includePaymentMethods: query.includePaymentMethods })) };
        },
      });
      kit.route({
        method: 'get', path: '/api/v1/stores/{storeId}/invoices/{invoiceId}', operationId: 'Invoices_GetInvoice',
        summary: 'One invoice of the store', tags: TAGS, auth: { kind: 'permission', policy: VIEW, storeParam: 'storeId' },
        params: storeInvoiceParams,
        responses: { 200: { description: 'The invoice', schema: invoiceData }, 404: { description: '`invoice-not-found`' } },
        handler: async ({ params, principal }) => answer(await invoiceFromPath(deps, params, { principal, policy: VIEW }), view),
      });
      kit.route({
        method: 'get', path: '/api/v1/invoices/{invoiceId}', operationId: 'Invoices_GetInvoiceStoreless',
        summary: 'One invoice, whatever its store (the key needs canviewinvoices on that store)', tags: TAGS,
        auth: { kind: 'authenticated' }, params: invoiceParams,
        responses: { 200: { description: 'The invoice', schema: invoiceData }, 403: { description: '`missing-permission`' }, 404: { description: '`invoice-not-found`' } },
        handler: async ({ params, principal }) => answer(await invoiceFromPath(deps, params, { principal, policy: VIEW }), view),
      });
      const mark = async (raw: { invoiceId: string; storeId?: string }, status: 'Settled' | 'Invalid', principal: Principal) => {
        const invoice = await invoiceFromPath(deps, raw, { principal, policy: MODIFY });
        if (invoice instanceof Error) return invoice;
        const result = await markInvoice(deps, { invoiceId: invoice.id, storeId: invoice.storeId as StoreId, status });
        if (result instanceof InvoiceTransitionError) throw result; // only `invoice-inconsistent` gets here: a bug
        if (result instanceof Error) return result;
        deps.logger.info('invoice marked', { invoiceId: invoice.id, status, changed: result.events.length > 0 });
        return { status: 200, body: view(result.invoice) };
      };
      const markResponses = {
        200: { description: 'The invoice, marked', schema: invoiceData },
        404: { description: '`invoice-not-found`' },
        422: { description: 'BTCPay\'s "Status can only be marked to invalid or settled within certain conditions."' },
      };
      kit.route({
        method: 'post', path: '/api/v1/stores/{storeId}/invoices/{invoiceId}/status', operationId: 'Invoices_MarkInvoiceStatus',
        summary: 'Mark the invoice Settled or Invalid', tags: TAGS, auth: { kind: 'permission', policy: MODIFY, storeParam: 'storeId' },
        params: storeInvoiceParams, body: markInvoiceRequest, responses: markResponses,
        handler: async ({ params, body, principal }) => mark(params, body.status, principal),
      });
      kit.route({
        method: 'post', path: '/api/v1/invoices/{invoiceId}/status', operationId: 'Invoices_MarkInvoiceStatusStoreless',
        summary: 'Mark the invoice Settled or Invalid (store-less)', tags: TAGS, auth: { kind: 'authenticated' },
        params: invoiceParams, body: markInvoiceRequest, responses: markResponses,
        handler: async ({ params, body, principal }) => mark(params, body.status, principal),
      });
    },
  };
}

function merge<T>(a: readonly T[] | undefined, b: readonly T[] | undefined): T[] | undefined {
  return a === undefined && b === undefined ? undefined : [...(a ?? []), ...(b ?? [])];
}

type StoreFailureInput = Parameters<typeof storeFailure>[0];
const STORE_FAILURE_CODES: ReadonlySet<string> = new Set(['store-not-found', 'paymentmethod-not-found', 'blink-unavailable', 'stored-connection-unreadable']);
function isStoreFailure(error: { readonly code: string }): error is StoreFailureInput {
  return STORE_FAILURE_CODES.has(error.code);
}

export function answer<T>(
  result: T | InvoiceNotFoundError | MissingPermissionError, toBody: (value: T) => unknown,
): HandlerResult | InvoiceNotFoundError | MissingPermissionError {
  return result instanceof InvoiceNotFoundError || result instanceof MissingPermissionError ? result : { status: 200, body: toBody(result) };
}
