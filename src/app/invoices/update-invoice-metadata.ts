/**
 * Greenfield's `PUT …/invoices/{id}`: the metadata is replaced as a whole (as on BTCPay), and with it
 * the indexed order id and what `textSearch` finds. Webhooks sent from now on carry the new metadata.
 */
import type { InvoiceId } from '../../domain/ids';
import type { StoreId } from '../../domain/store/store-id';
import type { Clock, InvoiceRepository, StoredInvoice } from '../ports';
import { orderIdOf } from './create-invoice';
import { InvoiceNotFoundError } from './errors';

export async function updateInvoiceMetadata(
  deps: { readonly invoices: InvoiceRepository; readonly clock: Clock },
  ref: { readonly invoiceId: InvoiceId; readonly storeId: StoreId },
  metadata: Readonly<Record<string, unknown>>,
): Promise<StoredInvoice | InvoiceNotFoundError> {
  const updated = await deps.invoices.replaceMetadata(ref.invoiceId, ref.storeId, { metadata, orderId: orderIdOf(metadata) }, deps.clock.now());
  return updated ?? new InvoiceNotFoundError();
}
