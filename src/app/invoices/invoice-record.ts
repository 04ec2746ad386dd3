/** Between the stored invoice and the state machine's view of it. */
import type { InvoiceState } from '../../domain/invoice/state';
import type { StoredInvoice } from '../ports';

export function invoiceStateOf(invoice: StoredInvoice): InvoiceState {
  return {
    status: invoice.status,
    additionalStatus: invoice.additionalStatus,
    type: invoice.type,
    dueSats: invoice.type === 'TopUp' ? null : invoice.dueSats,
    paidSats: invoice.paidSats,
    paymentIds: invoice.payments.map((payment) => payment.id),
    expirationTime: invoice.expirationTime,
  };
}
