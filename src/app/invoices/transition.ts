/**
 * The one path every invoice change takes: lock the row, apply the pure state machine to the locked
 * state, write state + payment + events in that transaction (InvoiceRepository.transition). Calling
 * it twice, or from two processes at once, changes the invoice once: the second caller sees the
 * first one's result and the state machine answers "no events" (or refuses, for a manual mark).
 */
import { applyInvoiceEvent, InvoiceTransitionError } from '../../domain/invoice/apply';
import type { InvoiceCause } from '../../domain/invoice/state';
import type { InvoiceId } from '../../domain/ids';
import type { Clock, InvoiceChange, InvoiceRepository, StoredInvoice, StoredInvoiceEvent } from '../ports';
import { InvoiceNotFoundError } from './errors';
import { invoiceStateOf } from './invoice-record';

export interface InvoiceTransitionDeps {
  readonly invoices: InvoiceRepository;
  readonly clock: Clock;
}

export interface InvoiceTransitionResult {
  readonly invoice: StoredInvoice;
  /** Empty when the invoice was already in the resulting state (a repeated or raced call). */
  readonly events: readonly StoredInvoiceEvent[];
}

export async function transitionInvoice<E extends Error = never>(
  deps: InvoiceTransitionDeps,
  invoiceId: InvoiceId,
  cause: (invoice: StoredInvoice) => InvoiceCause | E,
): Promise<InvoiceTransitionResult | InvoiceNotFoundError | InvoiceTransitionError | E> {
  const now = deps.clock.now();
  const result = await deps.invoices.transition<InvoiceTransitionError | E>(invoiceId, now, (invoice): InvoiceChange | InvoiceTransitionError | E => {
    const chosen = cause(invoice);
    if (chosen instanceof Error) return chosen;
    const applied = applyInvoiceEvent(invoiceStateOf(invoice), chosen, now);
    if (applied instanceof InvoiceTransitionError) return applied;
    return {
      state: applied.invoice,
      events: applied.events,
      ...(chosen.kind === 'payment-settled' && applied.events.length > 0 ? { payment: chosen.payment } : {}),
    };
  });
  return result ?? new InvoiceNotFoundError();
}
