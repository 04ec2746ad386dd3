/** What the checkout use cases need beyond the invoice and store repositories. */
import type { InvoiceId } from '../../domain/ids';

/**
 * Tells when an invoice may have changed (Postgres `NOTIFY invoice_status`, migration 005). A signal
 * is a hint to re-read, never the data: it also fires after a reconnect, when notifications may
 * have been missed.
 */
export interface InvoiceStatusFeed {
  /** Returns the function that unsubscribes. */
  subscribe(invoiceId: InvoiceId, onSignal: () => void): () => void;
}
