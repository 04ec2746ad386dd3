import { GraphQLError } from 'graphql';
import type { SandboxContext } from '../context';
import { InputValidationError, invoiceNotFoundMessage, MESSAGES, payloadError } from '../errors';
import { createEventStream } from '../event-stream';
import { invoiceStatus, type InvoiceEvent, type SandboxState } from '../state';
import { lnUpdateView, paymentStatusView, userView } from '../views';

/**
 * Subscriptions over graphql-ws. `lnInvoicePaymentStatusByHash` first emits the current status, then
 * PAID or EXPIRED (at expiry + 1 s, or when the control API expires it), and never completes on its own.
 * `myUpdates` needs a valid key in `connection_init`; without one it emits NOT_AUTHENTICATED and completes.
 */
type Input = { input: Record<string, unknown> };
type Payload = Record<string, unknown>;

function tracked(state: SandboxState, field: string, cleanup: () => void) {
  state.trackSubscription(field, 1);
  return createEventStream<Payload>(() => {
    cleanup();
    state.trackSubscription(field, -1);
  });
}

function statusSubscribe(_: unknown, { input }: Input, context: SandboxContext) {
  const { state } = context;
  if (input.paymentHash instanceof InputValidationError) throw new GraphQLError(input.paymentHash.message, { extensions: { code: 'INVALID_INPUT' } });
  const paymentHash = String(input.paymentHash).toLowerCase();
  const invoice = state.invoices.get(paymentHash);
  let timer: NodeJS.Timeout | undefined;
  const listener = (event: InvoiceEvent) => {
    if (event.invoice.paymentHash === paymentHash) stream.push({ errors: [], ...paymentStatusView(event.invoice, context.now()) });
  };
  const stream = tracked(state, 'lnInvoicePaymentStatusByHash', () => {
    state.events.off('invoice', listener);
    if (timer !== undefined) clearTimeout(timer);
  });
  if (invoice === undefined) {
    stream.push({ errors: [payloadError(invoiceNotFoundMessage(paymentHash), 'LIGHTNING_PAYMENT_ERROR')] });
    return stream;
  }
  const now = context.now();
  stream.push({ errors: [], ...paymentStatusView(invoice, now) });
  if (invoiceStatus(invoice, now) === 'PENDING') {
    state.events.on('invoice', listener);
    timer = setTimeout(() => {
      if (invoice.settlement === null && !invoice.forcedExpired) stream.push({ errors: [], ...paymentStatusView(invoice, context.now()) });
    }, invoice.expiresAt - now + 1000);
    timer.unref();
  }
  return stream;
}

function myUpdatesSubscribe(_: unknown, __: unknown, context: SandboxContext) {
  const { state, caller } = context;
  if (caller.kind !== 'key') throw new GraphQLError(MESSAGES.notAuthenticatedForSubscription, { extensions: { code: 'NOT_AUTHENTICATED' } });
  const account = state.accounts.get(caller.accountId);
  if (account === undefined) throw new Error(`bug: key of unknown account ${caller.accountId}`);
  const listener = (event: InvoiceEvent) => {
    if (event.kind !== 'paid' || event.invoice.accountId !== account.info.id) return;
    stream.push({ errors: [], me: userView(state, account), update: lnUpdateView(state, event.invoice) });
  };
  const stream = tracked(state, 'myUpdates', () => state.events.off('invoice', listener));
  state.events.on('invoice', listener);
  return stream;
}

const identity = (payload: Payload) => payload;

export const subscriptionResolvers = {
  lnInvoicePaymentStatusByHash: { subscribe: statusSubscribe, resolve: identity },
  myUpdates: { subscribe: myUpdatesSubscribe, resolve: identity },
};
