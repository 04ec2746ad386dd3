/** Reading invoices: by id (optionally within a store) and the store's list with Greenfield's filters. */
import type { InvoiceId } from '../../domain/ids';
import type { StoreId } from '../../domain/store/store-id';
import type { InvoiceListFilter, InvoiceRepository, StoreRepository, StoredInvoice } from '../ports';
import { StoreNotFoundError } from '../stores/errors';
import { InvoiceNotFoundError } from './errors';

/** With `storeId`, an invoice of another store is not found (as Greenfield's store routes do). */
export async function getInvoice(
  deps: { readonly invoices: InvoiceRepository },
  invoiceId: InvoiceId,
  storeId?: StoreId,
): Promise<StoredInvoice | InvoiceNotFoundError> {
  const invoice = await deps.invoices.findById(invoiceId);
  if (invoice === null || (storeId !== undefined && invoice.storeId !== storeId)) return new InvoiceNotFoundError();
  return invoice;
}

export async function listInvoices(
  deps: { readonly invoices: InvoiceRepository; readonly stores: StoreRepository },
  filter: InvoiceListFilter,
): Promise<StoredInvoice[] | StoreNotFoundError> {
  if ((await deps.stores.findById(filter.storeId)) === null) return new StoreNotFoundError();
  return deps.invoices.list(filter);
}
