/**
 * Greenfield's archive (`DELETE …/invoices/{id}`) and unarchive: an archived invoice leaves the
 * store's list unless `includeArchived`; nothing else about it changes, and no webhook is sent.
 */
import type { InvoiceId } from '../../domain/ids';
import type { StoreId } from '../../domain/store/store-id';
import type { Clock, InvoiceRepository, StoredInvoice } from '../ports';
import { InvoiceNotArchivedError, InvoiceNotFoundError } from './errors';

type Deps = { readonly invoices: InvoiceRepository; readonly clock: Clock };
type InvoiceRef = { readonly invoiceId: InvoiceId; readonly storeId: StoreId };

/** Archiving an archived invoice is fine (as on BTCPay). */
export async function archiveInvoice(deps: Deps, ref: InvoiceRef): Promise<StoredInvoice | InvoiceNotFoundError> {
  const result = await deps.invoices.setArchived(ref.invoiceId, ref.storeId, true, deps.clock.now());
  return result === null ? new InvoiceNotFoundError() : result.invoice;
}

/** Unarchiving one that is not archived is Greenfield's `already-unarchived`. */
export async function unarchiveInvoice(deps: Deps, ref: InvoiceRef): Promise<StoredInvoice | InvoiceNotFoundError | InvoiceNotArchivedError> {
  const result = await deps.invoices.setArchived(ref.invoiceId, ref.storeId, false, deps.clock.now());
  if (result === null) return new InvoiceNotFoundError();
  return result.changed ? result.invoice : new InvoiceNotArchivedError();
}
