/**
 * Every allowed invoice transition, as data. BTCPay's InvoiceWatcher and InvoiceRepository decide
 * these in code; here they are one table so a reader (and the exhaustive test) sees all of them.
 * Rows are tried in order and the first match wins. A (status, cause) pair with no row is refused.
 */
import type { InvoiceEventType } from './events';
import type { AdditionalStatus, InvoiceStatus, ManualStatus } from './status';

/**
 * A cause, classified by what the table needs to know. Payments are classified by the total paid
 * once this payment is counted: below the due amount, exactly it, or above (a top-up invoice is
 * `payment-full` as soon as anything arrives).
 */
export const CAUSE_CLASSES = [
  'payment-partial',
  'payment-full',
  'payment-over',
  'expiry-due',
  'mark-settled',
  'mark-invalid',
] as const;
export type CauseClass = (typeof CAUSE_CLASSES)[number];

export interface Transition {
  readonly from: readonly InvoiceStatus[];
  /** Only when the additional status is one of these; absent means any. */
  readonly fromAdditional?: readonly AdditionalStatus[];
  readonly on: readonly CauseClass[];
  readonly to: InvoiceStatus | 'unchanged';
  readonly additional: AdditionalStatus | 'unchanged';
  /** The Greenfield events, in the order BTCPay emits them. */
  readonly emits: readonly InvoiceEventType[];
  readonly why: string;
}

const PAID = ['InvoiceReceivedPayment', 'InvoicePaymentSettled'] as const;
const ANY_PAYMENT = ['payment-partial', 'payment-full', 'payment-over'] as const;
const FULL_PAYMENT = ['payment-full', 'payment-over'] as const;

export const INVOICE_TRANSITIONS: readonly Transition[] = [
  // ── payments ──
  { from: ['New'], on: ['payment-partial'], to: 'New', additional: 'PaidPartial', emits: PAID,
    why: 'Part of the amount arrived; the invoice stays open (one fixed-amount BOLT11 makes this rare).' },
  { from: ['New'], on: ['payment-full'], to: 'Settled', additional: 'None',
    emits: [...PAID, 'InvoiceProcessing', 'InvoiceSettled'],
    why: "Paid in time: BTCPay's PaidInFull (Processing), then Confirmed (Settled) at once, since a settled Lightning payment needs no confirmations." },
  { from: ['New'], on: ['payment-over'], to: 'Settled', additional: 'PaidOver',
    emits: [...PAID, 'InvoiceProcessing', 'InvoiceSettled'], why: 'Paid in time, more than due.' },
  { from: ['Processing'], on: ['payment-full'], to: 'Settled', additional: 'unchanged',
    emits: [...PAID, 'InvoiceSettled'], why: 'A Processing invoice is already paid in full; Lightning confirms it.' },
  { from: ['Processing'], on: ['payment-over'], to: 'Settled', additional: 'PaidOver',
    emits: [...PAID, 'InvoiceSettled'], why: 'As above, and now more than due.' },
  { from: ['Settled'], on: ANY_PAYMENT, to: 'unchanged', additional: 'unchanged', emits: PAID,
    why: 'A payment after settlement is recorded and announced; the status stays.' },
  { from: ['Expired'], fromAdditional: ['PaidLate'], on: FULL_PAYMENT, to: 'unchanged', additional: 'unchanged',
    emits: PAID, why: 'Already known to be paid late: PaidAfterExpiration is announced once.' },
  { from: ['Expired'], on: FULL_PAYMENT, to: 'unchanged', additional: 'PaidLate',
    emits: [...PAID, 'InvoicePaidAfterExpiration'],
    why: 'Paid after expiry: BTCPay keeps it Expired and marks it PaidLate; the merchant decides (mark Settled).' },
  { from: ['Expired'], on: ['payment-partial'], to: 'unchanged', additional: 'PaidPartial', emits: PAID,
    why: 'Part of the amount arrived after expiry.' },
  { from: ['Invalid'], on: ANY_PAYMENT, to: 'unchanged', additional: 'unchanged', emits: PAID,
    why: 'A payment on an invalid invoice is recorded and announced (afterExpiration: true); the status stays.' },
  // ── expiry ──
  { from: ['New'], fromAdditional: ['PaidPartial'], on: ['expiry-due'], to: 'Expired', additional: 'unchanged',
    emits: ['InvoiceExpired', 'InvoiceExpiredPaidPartial'], why: 'Expired with part of the amount paid.' },
  { from: ['New'], on: ['expiry-due'], to: 'Expired', additional: 'unchanged', emits: ['InvoiceExpired'],
    why: 'Expiry reached unpaid.' },
  { from: ['Processing', 'Settled', 'Expired', 'Invalid'], on: ['expiry-due'], to: 'unchanged',
    additional: 'unchanged', emits: [], why: 'Only a New invoice expires; a repeated expiry changes nothing.' },
  // ── manual marking (BTCPay's InvoiceState.CanMarkComplete / CanMarkInvalid) ──
  { from: ['New', 'Processing', 'Expired', 'Invalid'], on: ['mark-settled'], to: 'Settled', additional: 'Marked',
    emits: ['InvoiceSettled'], why: 'The merchant marks the invoice Settled.' },
  { from: ['New', 'Processing', 'Expired'], on: ['mark-invalid'], to: 'Invalid', additional: 'Marked',
    emits: ['InvoiceInvalid'], why: 'The merchant marks the invoice Invalid.' },
  { from: ['Settled'], fromAdditional: ['Marked'], on: ['mark-invalid'], to: 'Invalid', additional: 'Marked',
    emits: ['InvoiceInvalid'], why: 'A manual Settled can be undone by marking it Invalid.' },
];

export function findTransition(
  status: InvoiceStatus,
  additional: AdditionalStatus,
  cause: CauseClass,
): Transition | undefined {
  return INVOICE_TRANSITIONS.find(
    (row) =>
      row.from.includes(status) &&
      row.on.includes(cause) &&
      (row.fromAdditional === undefined || row.fromAdditional.includes(additional)),
  );
}

/** Greenfield's `availableStatusesForManualMarking`, in BTCPay's order (Settled, then Invalid). */
export function availableStatusesForManualMarking(state: {
  readonly status: InvoiceStatus;
  readonly additionalStatus: AdditionalStatus;
}): ManualStatus[] {
  const statuses: ManualStatus[] = [];
  if (findTransition(state.status, state.additionalStatus, 'mark-settled')) statuses.push('Settled');
  if (findTransition(state.status, state.additionalStatus, 'mark-invalid')) statuses.push('Invalid');
  return statuses;
}
