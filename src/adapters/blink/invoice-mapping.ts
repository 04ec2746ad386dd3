import type { z } from 'zod';
import { parsePaymentHash, type BlinkError, type BlinkInvoice } from '../../app/blink-port';
import { protocolError } from './errors';
import type { invoiceSchema } from './schemas';

export function toBlinkInvoice(invoice: z.infer<typeof invoiceSchema>, apiKey: string | undefined): BlinkInvoice | BlinkError {
  const paymentHash = parsePaymentHash(invoice.paymentHash);
  if (!paymentHash) return protocolError('an invoice without a valid payment hash', apiKey);
  return {
    paymentRequest: invoice.paymentRequest,
    paymentHash,
    satoshis: invoice.satoshis ?? null,
    status: invoice.paymentStatus,
    createdAt: new Date(invoice.createdAt * 1000),
    externalId: invoice.externalId,
  };
}
