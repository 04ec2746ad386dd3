import type { FormattedExecutionResult } from 'graphql-ws';
import type { BlinkAccountUpdate, BlinkPaymentStatus, BlinkReceivedAmount, PaymentHash } from '../../app/blink-port';
import { invoiceStatusSubscriptionDocument, myUpdatesDocument } from './documents';
import { errorForGraphqlErrors, protocolError } from './errors';
import type { GraphqlRequest } from './http-transport';
import { graphqlErrorSchema, invoiceStatusUpdateSchema, myUpdatesPayloadSchema } from './schemas';
import type { NextOutcome } from './subscription-hub';

type Result = FormattedExecutionResult<Record<string, unknown>, unknown>;

export const myUpdatesRequest: GraphqlRequest = { operationName: 'MyUpdates', query: myUpdatesDocument };

export const invoiceStatusRequest = (paymentHash: PaymentHash): GraphqlRequest => ({
  operationName: 'LnInvoicePaymentStatusByHashSub',
  query: invoiceStatusSubscriptionDocument,
  variables: { input: { paymentHash } },
});

/**
 * Top-level errors in a `next` end the stream (Blink completes it after them, e.g. `NOT_AUTHENTICATED`
 * for a bad key, which becomes `blink-invalid-key`); payload errors are reported and the stream stays.
 */
function topLevelFailure(result: Result, apiKey: string | undefined): NextOutcome<never> | null {
  if (!result.errors?.length) return null;
  const errors = result.errors.map((error) => graphqlErrorSchema.parse({ ...error }));
  return { kind: 'error', error: errorForGraphqlErrors(errors, apiKey), fatal: true };
}

export function interpretInvoiceStatus(
  subscribed: PaymentHash, apiKey: string | undefined,
): (result: Result) => NextOutcome<BlinkPaymentStatus> {
  return (result) => {
    const failure = topLevelFailure(result, apiKey);
    if (failure) return failure;
    const payload = invoiceStatusUpdateSchema.safeParse(result.data?.lnInvoicePaymentStatusByHash);
    if (!payload.success) return { kind: 'error', error: protocolError('an invoice status update', apiKey), fatal: false };
    if (payload.data.errors?.length) {
      return { kind: 'error', error: errorForGraphqlErrors(payload.data.errors, apiKey), fatal: false };
    }
    const { status, paymentHash, paymentPreimage } = payload.data;
    if (!status) return { kind: 'ignore' };
    return {
      kind: 'update',
      update: { paymentHash: paymentHash ?? subscribed, status, preimage: paymentPreimage ?? null },
    };
  };
}

export function interpretMyUpdates(apiKey: string | undefined): (result: Result) => NextOutcome<BlinkAccountUpdate> {
  return (result) => {
    const failure = topLevelFailure(result, apiKey);
    if (failure) return failure;
    const payload = myUpdatesPayloadSchema.safeParse(result.data?.myUpdates);
    if (!payload.success) return { kind: 'error', error: protocolError('a myUpdates payload', apiKey), fatal: false };
    if (payload.data.errors?.length) {
      return { kind: 'error', error: errorForGraphqlErrors(payload.data.errors, apiKey), fatal: false };
    }
    const update = payload.data.update;
    if (!update) return { kind: 'ignore' };
    const paymentHash = update.transaction?.initiationVia.paymentHash;
    if (update.__typename !== 'LnUpdate' || !update.status || !update.transaction || !paymentHash) {
      return { kind: 'update', update: { kind: 'other', type: update.__typename } };
    }
    return {
      kind: 'update',
      update: {
        kind: 'lightning',
        paymentHash,
        status: update.status,
        direction: update.transaction.direction,
        externalId: update.transaction.externalId ?? null,
        received: receivedOf(update.transaction),
      },
    };
  };
}

/** Blink books a receive with a positive settlement amount in the wallet's unit; anything else tells nothing. */
function receivedOf(transaction: { settlementAmount?: number | undefined; settlementCurrency?: 'BTC' | 'USD' | undefined }): BlinkReceivedAmount | null {
  const { settlementAmount, settlementCurrency } = transaction;
  if (settlementAmount === undefined || settlementCurrency === undefined || !Number.isInteger(settlementAmount) || settlementAmount <= 0) return null;
  return { amount: settlementAmount, currency: settlementCurrency };
}
