/** The public view of one invoice for its checkout page (checkout-view.ts says what is in it). */
import { InvalidIdError, parseInvoiceId } from '../../domain/ids';
import { InvoiceNotFoundError } from '../invoices/errors';
import type { Clock, InvoiceRepository, StoreRepository } from '../ports';
import { toCheckoutView, type CheckoutView } from './checkout-view';

export interface CheckoutViewDeps {
  readonly invoices: Pick<InvoiceRepository, 'findById'>;
  readonly stores: Pick<StoreRepository, 'findById'>;
  readonly clock: Clock;
}

/** Takes the id as the URL gave it: a malformed id is simply not found (the page is public). */
export async function getCheckoutView(deps: CheckoutViewDeps, rawInvoiceId: string): Promise<CheckoutView | InvoiceNotFoundError> {
  const invoiceId = parseInvoiceId(rawInvoiceId);
  if (invoiceId instanceof InvalidIdError) return new InvoiceNotFoundError();
  const invoice = await deps.invoices.findById(invoiceId);
  if (invoice === null) return new InvoiceNotFoundError();
  const store = await deps.stores.findById(invoice.storeId);
  if (store === null) return new InvoiceNotFoundError();
  return toCheckoutView(invoice, store.name, deps.clock.now());
}
