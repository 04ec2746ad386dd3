/**
 * `POST …/invoices/{invoiceId}/status` `{"status":"Settled"|"Invalid"}`. A mark BTCPay would refuse
 * (e.g. Settled again) is Greenfield's 422 on `status`; two marks racing change the invoice once.
 */
import { InvoiceTransitionError } from '../../domain/invoice/apply';
import type { ManualStatus } from '../../domain/invoice/status';
import type { InvoiceId } from '../../domain/ids';
import type { StoreId } from '../../domain/store/store-id';
import { ValidationError, validationError } from '../errors';
import { InvoiceNotFoundError } from './errors';
import { transitionInvoice, type InvoiceTransitionDeps, type InvoiceTransitionResult } from './transition';

export async function markInvoice(
  deps: InvoiceTransitionDeps,
  request: { readonly invoiceId: InvoiceId; readonly storeId?: StoreId; readonly status: ManualStatus },
): Promise<InvoiceTransitionResult | InvoiceNotFoundError | ValidationError | InvoiceTransitionError> {
  const result = await transitionInvoice<InvoiceNotFoundError>(deps, request.invoiceId, (invoice) =>
    request.storeId !== undefined && invoice.storeId !== request.storeId
      ? new InvoiceNotFoundError()
      : { kind: 'mark' as const, status: request.status });
  if (result instanceof InvoiceTransitionError && result.code === 'invoice-cannot-be-marked') {
    return validationError('status', result.message);
  }
  return result;
}
