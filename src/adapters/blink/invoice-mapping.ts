import type { z } from 'zod';
import type { BlinkInvoice } from '../../app/blink-port';
import type { invoiceSchema } from './schemas';

export function toBlinkInvoice(invoice: z.infer<typeof invoiceSchema>): BlinkInvoice {
  return {
    paymentRequest: invoice.paymentRequest,
    paymentHash: invoice.paymentHash,
    satoshis: invoice.satoshis ?? null,
    status: invoice.paymentStatus,
    createdAt: new Date(invoice.createdAt * 1000),
    externalId: invoice.externalId,
  };
}
