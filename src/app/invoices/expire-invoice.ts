/**
 * The expiry worker or the sweeper found the invoice due (issue 6). Before `expirationTime` it
 * answers `invoice-not-expired-yet` (with the time to come back); a repeated expiry changes nothing.
 * Callers must not expire an invoice Blink reports PAID: they settle it instead.
 */
import type { InvoiceTransitionError } from '../../domain/invoice/apply';
import type { InvoiceId } from '../../domain/ids';
import type { InvoiceNotFoundError } from './errors';
import { transitionInvoice, type InvoiceTransitionDeps, type InvoiceTransitionResult } from './transition';

export function expireInvoice(
  deps: InvoiceTransitionDeps,
  invoiceId: InvoiceId,
): Promise<InvoiceTransitionResult | InvoiceNotFoundError | InvoiceTransitionError> {
  return transitionInvoice<never>(deps, invoiceId, () => ({ kind: 'expiry-reached' }));
}
