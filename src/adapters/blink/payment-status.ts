import { BlinkError, type BlinkPaymentStatus, type PaymentHash } from '../../app/blink-port';
import { STATUS_BATCH_MAX, statusBatchDocument } from './documents';
import { errorForGraphqlErrors, protocolError } from './errors';
import { callBlink, type BlinkEndpoint, type CallDeps } from './graphql-call';
import { statusFieldSchema, type GraphqlEnvelope, type GraphqlError } from './schemas';

export type StatusResults = ReadonlyMap<PaymentHash, BlinkPaymentStatus | BlinkError>;

/**
 * Looks up many invoices with as few requests as Blink allows: aliased `lnInvoicePaymentStatusByHash`
 * fields, `STATUS_BATCH_MAX` per request. An unknown hash makes Blink null the whole response (the
 * field is non-null), so the hashes it names get their error and the rest are asked again.
 */
export async function paymentStatuses(
  deps: CallDeps,
  endpoint: BlinkEndpoint,
  hashes: readonly PaymentHash[],
  batchSize = STATUS_BATCH_MAX,
): Promise<StatusResults | BlinkError> {
  const results = new Map<PaymentHash, BlinkPaymentStatus | BlinkError>();
  const unique = [...new Set(hashes)];
  for (let start = 0; start < unique.length; start += batchSize) {
    const failure = await resolveChunk(deps, endpoint, unique.slice(start, start + batchSize), results);
    if (failure) return failure;
  }
  return results;
}

async function resolveChunk(
  deps: CallDeps,
  endpoint: BlinkEndpoint,
  chunk: readonly PaymentHash[],
  results: Map<PaymentHash, BlinkPaymentStatus | BlinkError>,
): Promise<BlinkError | undefined> {
  let pending = chunk;
  while (pending.length > 0) {
    const request = {
      operationName: 'LnInvoicePaymentStatusBatch',
      query: statusBatchDocument(pending.length),
      variables: Object.fromEntries(pending.map((paymentHash, index) => [`h${index}`, { paymentHash }])),
    };
    const envelope = await callBlink(deps, endpoint, request, (body) => readBatch(body, pending.length, endpoint), { retry: true });
    if (envelope instanceof BlinkError) return envelope;
    const failed = new Set<number>();
    for (const [index, error] of envelope.aliasErrors) {
      failed.add(index);
      results.set(pending[index] as PaymentHash, errorForGraphqlErrors([error], endpoint.apiKey));
    }
    const data = envelope.data;
    if (!data) {
      pending = pending.filter((_, index) => !failed.has(index));
      continue;
    }
    pending.forEach((paymentHash, index) => {
      if (failed.has(index)) return;
      const parsed = statusFieldSchema.safeParse(data[`h${index}`]);
      results.set(paymentHash, parsed.success
        ? { paymentHash, status: parsed.data.status, preimage: null }
        : protocolError(`no status for invoice ${paymentHash}`, endpoint.apiKey));
    });
    pending = [];
  }
  return undefined;
}

interface BatchBody {
  readonly data: Record<string, unknown> | null;
  readonly aliasErrors: ReadonlyMap<number, GraphqlError>;
}

/** Splits errors into per-alias ones (kept) and the rest (a failure of the whole request). */
function readBatch(envelope: GraphqlEnvelope, count: number, endpoint: BlinkEndpoint): BatchBody | BlinkError {
  const aliasErrors = new Map<number, GraphqlError>();
  const otherErrors: GraphqlError[] = [];
  for (const error of envelope.errors ?? []) {
    const alias = /^h(\d+)$/.exec(String(error.path?.[0] ?? ''));
    const index = alias ? Number(alias[1]) : -1;
    if (index >= 0 && index < count) aliasErrors.set(index, error);
    else otherErrors.push(error);
  }
  if (otherErrors.length > 0) return errorForGraphqlErrors(otherErrors, endpoint.apiKey);
  const data = envelope.data ?? null;
  if (!data && aliasErrors.size === 0) return protocolError('a status batch without data or errors', endpoint.apiKey);
  return { data, aliasErrors };
}
