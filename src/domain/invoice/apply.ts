/**
 * The one function that changes an invoice's state. Use cases load the invoice, call it, and write
 * the returned state and events in one transaction (DESIGN.md §7.6). It is pure and idempotent: a
 * payment already recorded, or an expiry already applied, yields the same state and no events.
 */
import type { Sats } from '../money/units';
import { LIGHTNING_PAYMENT_METHOD, type InvoiceEvent, type InvoiceEventType, type InvoicePayment } from './events';
import type { InvoiceCause, InvoiceState } from './state';
import { findTransition, type CauseClass, type Transition } from './transitions';

export type InvoiceTransitionErrorCode =
  /** An expiry was requested before `expirationTime`: not yet, try again then. */
  | 'invoice-not-expired-yet'
  /** `POST …/status` asked for a status BTCPay would refuse from here (Greenfield answers 422). */
  | 'invoice-cannot-be-marked'
  /** The stored state cannot be reached by any transition (e.g. Processing yet underpaid): a bug. */
  | 'invoice-inconsistent';

/** Greenfield's exact message for a refused manual marking (GreenfieldInvoiceController). */
export const CANNOT_MARK_MESSAGE = 'Status can only be marked to invalid or settled within certain conditions.';

export class InvoiceTransitionError extends Error {
  override readonly name = 'InvoiceTransitionError';
  constructor(
    readonly code: InvoiceTransitionErrorCode,
    message: string,
    /** For `invoice-not-expired-yet`: when to come back. */
    readonly expirationTime?: Date,
  ) {
    super(message);
  }
}

/** The new state and the events to record, in order. No events means nothing changed. */
export interface InvoiceTransition {
  readonly invoice: InvoiceState;
  readonly events: InvoiceEvent[];
}

export function applyInvoiceEvent(
  invoice: InvoiceState,
  cause: InvoiceCause,
  now: Date,
): InvoiceTransition | InvoiceTransitionError {
  switch (cause.kind) {
    case 'payment-settled':
      return applyPayment(invoice, cause.payment);
    case 'expiry-reached':
      if (invoice.status === 'New' && now.getTime() < invoice.expirationTime.getTime()) {
        return new InvoiceTransitionError('invoice-not-expired-yet', 'The invoice has not expired yet', invoice.expirationTime);
      }
      return step(invoice, 'expiry-due', {}) ?? inconsistent(invoice, 'expiry-due');
    case 'mark':
      return (
        step(invoice, cause.status === 'Settled' ? 'mark-settled' : 'mark-invalid', { manuallyMarked: true }) ??
        new InvoiceTransitionError('invoice-cannot-be-marked', CANNOT_MARK_MESSAGE)
      );
  }
}

function applyPayment(invoice: InvoiceState, payment: InvoicePayment): InvoiceTransition | InvoiceTransitionError {
  if (invoice.paymentIds.includes(payment.id)) return { invoice, events: [] };
  // A payment that settled at or after the expiry is late even if the expiry job has not run yet:
  // expire first, as BTCPay's watcher does, then count the payment against the Expired invoice.
  const late = invoice.status === 'New' && payment.receivedTime * 1000 >= invoice.expirationTime.getTime();
  const expiry = late ? step(invoice, 'expiry-due', {}) : { invoice, events: [] };
  if (!expiry) return inconsistent(invoice, 'expiry-due');
  const before = expiry.invoice;
  const paid: InvoiceState = {
    ...before,
    paidSats: (before.paidSats + payment.sats) as Sats,
    paymentIds: [...before.paymentIds, payment.id],
  };
  const cause = classifyPayment(paid);
  const afterExpiration = before.status === 'Expired' || before.status === 'Invalid';
  const result = step(paid, cause, { payment, afterExpiration });
  if (!result) return inconsistent(invoice, cause);
  return { invoice: result.invoice, events: [...expiry.events, ...result.events] };
}

function classifyPayment(invoice: InvoiceState): CauseClass {
  if (invoice.dueSats === null) return invoice.paidSats > 0 ? 'payment-full' : 'payment-partial';
  if (invoice.paidSats < invoice.dueSats) return 'payment-partial';
  return invoice.paidSats === invoice.dueSats ? 'payment-full' : 'payment-over';
}

interface EventContext {
  readonly payment?: InvoicePayment;
  readonly afterExpiration?: boolean;
  readonly manuallyMarked?: boolean;
}

/** Applies the table row for (state, cause), or returns undefined when the table has none. */
function step(invoice: InvoiceState, cause: CauseClass, context: EventContext): InvoiceTransition | undefined {
  const row = findTransition(invoice.status, invoice.additionalStatus, cause);
  if (!row) return undefined;
  const next = nextState(invoice, row);
  return { invoice: next, events: row.emits.map((type) => buildEvent(type, next, context)) };
}

function nextState(invoice: InvoiceState, row: Transition): InvoiceState {
  return {
    ...invoice,
    status: row.to === 'unchanged' ? invoice.status : row.to,
    additionalStatus: row.additional === 'unchanged' ? invoice.additionalStatus : row.additional,
  };
}

/** Fills each event's own fields from the state after the transition, as BTCPay's webhook builder does. */
function buildEvent(type: InvoiceEventType, after: InvoiceState, context: EventContext): InvoiceEvent {
  const manuallyMarked = context.manuallyMarked ?? false;
  const overPaid = after.additionalStatus === 'PaidOver';
  switch (type) {
    case 'InvoiceReceivedPayment':
    case 'InvoicePaymentSettled':
      if (!context.payment) throw new Error(`${type} needs a payment`);
      return {
        type,
        afterExpiration: context.afterExpiration ?? false,
        paymentMethodId: LIGHTNING_PAYMENT_METHOD,
        payment: context.payment,
      };
    case 'InvoiceProcessing':
      return { type, overPaid };
    case 'InvoiceSettled':
      return { type, manuallyMarked, overPaid };
    case 'InvoiceInvalid':
      return { type, manuallyMarked };
    case 'InvoiceExpired':
      return { type, partiallyPaid: after.additionalStatus === 'PaidPartial' };
    case 'InvoiceCreated':
    case 'InvoiceExpiredPaidPartial':
    case 'InvoicePaidAfterExpiration':
      return { type };
  }
}

function inconsistent(invoice: InvoiceState, cause: CauseClass): InvoiceTransitionError {
  return new InvoiceTransitionError(
    'invoice-inconsistent',
    `No transition from ${invoice.status}/${invoice.additionalStatus} on ${cause}`,
  );
}
