/**
 * Blink's `externalId` for an invoice's BOLT11. Blink keeps it unique per account, so a retried
 * creation for the same invoice cannot make a second BOLT11, and it ties a Blink transaction back to
 * the invoice when reconciling. Blink accepts only `^[a-z0-9_-]{1,100}$` (lower-case, blink-api.md §6).
 */
import type { Brand, InvoiceId } from '../ids';

export type BlinkExternalId = Brand<string, 'BlinkExternalId'>;
export const BLINK_EXTERNAL_ID = /^[a-z0-9_-]{1,100}$/;

/**
 * The invoice id, lower-cased. Lower-casing a Base58 id can in principle map two ids to one (odds
 * about 2^-110 for 16-byte ids); Blink would then refuse the second creation, never mix them up.
 */
export function externalIdForInvoice(invoiceId: InvoiceId): BlinkExternalId {
  const externalId = invoiceId.toLowerCase().replace(/[^a-z0-9_-]/g, '-').slice(0, 100);
  if (!BLINK_EXTERNAL_ID.test(externalId)) throw new Error('invoice ids are never empty');
  return externalId as BlinkExternalId;
}
