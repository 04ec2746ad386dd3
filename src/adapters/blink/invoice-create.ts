import { BlinkError, type BlinkInvoice, type BlinkInvoiceRequest } from '../../app/blink-port';
import type { BlinkConnection } from '../../../connection-string/types';
import { invoiceMutationDocuments, type InvoiceMutation } from './documents';
import { protocolError } from './errors';
import { deriveExternalId, retryExternalId } from './external-id';
import { callBlink, endpointOf, readPayload, type BlinkEndpoint, type CallDeps } from './graphql-call';
import { findInvoiceByExternalId } from './invoice-lookup';
import { toBlinkInvoice } from './invoice-mapping';
import { invoicePayloadSchema } from './schemas';

/** Fresh external ids tried after Blink reported ours as taken and the invoice was not recoverable. */
const MAX_FRESH_EXTERNAL_IDS = 3;
const EXTERNAL_ID_TAKEN = /external id .* already exists/i;

/**
 * Creates one invoice. The external id derived from our invoice id makes the mutation safe to retry
 * after a lost response: Blink refuses a second invoice with that id, and the client then recovers the
 * first (keys that can read) or, failing that, creates it under a fresh external id.
 */
export async function createInvoice(
  deps: CallDeps,
  connection: BlinkConnection,
  request: BlinkInvoiceRequest,
): Promise<BlinkInvoice | BlinkError> {
  const endpoint = endpointOf(connection);
  let externalId = deriveExternalId(request.invoiceId);
  for (let fresh = 0; ; fresh += 1) {
    const created = await sendCreate(deps, endpoint, request, externalId);
    if (!(created instanceof BlinkError) || !EXTERNAL_ID_TAKEN.test(created.message)) return created;
    if (endpoint.apiKey) {
      const existing = await findInvoiceByExternalId(deps, endpoint, request.walletId, externalId);
      if (existing !== null && !(existing instanceof BlinkError)) return existing;
      deps.logger?.warn('Blink invoice with our external id exists but was not recovered', {
        invoiceId: request.invoiceId, reason: existing === null ? 'not found' : existing.code,
      });
    }
    if (fresh >= MAX_FRESH_EXTERNAL_IDS) return created;
    externalId = retryExternalId(deriveExternalId(request.invoiceId), fresh + 1);
  }
}

function mutationFor(request: BlinkInvoiceRequest, keyed: boolean): InvoiceMutation {
  const kind = request.amount === null ? 'lnNoAmountInvoiceCreate'
    : request.amount.currency === 'BTC' ? 'lnInvoiceCreate' : 'lnUsdInvoiceCreate';
  return keyed ? kind : `${kind}OnBehalfOfRecipient`;
}

function inputFor(request: BlinkInvoiceRequest, externalId: string, keyed: boolean): Record<string, unknown> {
  const amount = request.amount === null ? undefined
    : request.amount.currency === 'BTC' ? request.amount.sats : request.amount.cents;
  return {
    ...(keyed ? { walletId: request.walletId } : { recipientWalletId: request.walletId }),
    ...(amount === undefined ? {} : { amount }),
    ...(request.memo === undefined ? {} : { memo: request.memo }),
    ...(request.expiresInMinutes === undefined ? {} : { expiresIn: request.expiresInMinutes }),
    externalId,
  };
}

async function sendCreate(
  deps: CallDeps,
  endpoint: BlinkEndpoint,
  request: BlinkInvoiceRequest,
  externalId: string,
): Promise<BlinkInvoice | BlinkError> {
  const keyed = endpoint.apiKey !== undefined;
  const mutation = mutationFor(request, keyed);
  const graphqlRequest = {
    operationName: mutation.charAt(0).toUpperCase() + mutation.slice(1),
    query: invoiceMutationDocuments[mutation],
    variables: { input: inputFor(request, externalId, keyed) },
  };
  return callBlink(deps, endpoint, graphqlRequest, (envelope) => {
    const payload = readPayload(envelope, mutation, invoicePayloadSchema, endpoint.apiKey);
    if (payload instanceof BlinkError) return payload;
    if (!payload.invoice) return protocolError(`${mutation} returned neither an invoice nor errors`, endpoint.apiKey);
    return toBlinkInvoice(payload.invoice);
  }, { retry: true });
}
