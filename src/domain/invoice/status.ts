/** Greenfield's invoice statuses, spelled as BTCPay serializes them (btcpay-greenfield.md §e). */
export const INVOICE_STATUSES = ['New', 'Processing', 'Settled', 'Expired', 'Invalid'] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];

/**
 * Greenfield's `additionalStatus`. `Invalid` exists in the enum but BTCPay no longer sets it; it is
 * kept so stored or client-sent values still parse.
 */
export const ADDITIONAL_STATUSES = ['None', 'PaidLate', 'PaidPartial', 'Marked', 'Invalid', 'PaidOver'] as const;
export type AdditionalStatus = (typeof ADDITIONAL_STATUSES)[number];

/** The statuses a merchant may set through `POST …/invoices/{id}/status`. */
export const MANUAL_STATUSES = ['Settled', 'Invalid'] as const;
export type ManualStatus = (typeof MANUAL_STATUSES)[number];

export const INVOICE_TYPES = ['Standard', 'TopUp'] as const;
export type InvoiceType = (typeof INVOICE_TYPES)[number];

export const isInvoiceStatus = (value: string): value is InvoiceStatus =>
  (INVOICE_STATUSES as readonly string[]).includes(value);
