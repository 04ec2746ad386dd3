/**
 * `checkout.redirectURL` placeholders, as BTCPay fills them when it sends the buyer back to the shop
 * (InvoiceEntity.FillPlaceholdersUri): `{InvoiceId}` and `{OrderId}` (the invoice's
 * `metadata.orderId`), matched case-insensitively, each value URL-encoded, a missing order id
 * replaced by nothing. Magento's return URL carries `{InvoiceId}` and re-fetches the invoice by it.
 *
 * The Greenfield API keeps returning the template as the shop sent it (BTCPay's ToModel returns
 * `RedirectURLTemplate`); only the buyer's browser gets the filled URL.
 */
export interface RedirectPlaceholderValues {
  readonly invoiceId: string;
  readonly orderId: string | null;
}

const PLACEHOLDER = /\{(invoiceid|orderid)\}/gi;

export function fillRedirectPlaceholders(template: string, values: RedirectPlaceholderValues): string {
  return template.replace(PLACEHOLDER, (_match, name: string) =>
    encodeURIComponent(name.toLowerCase() === 'invoiceid' ? values.invoiceId : values.orderId ?? ''));
}
