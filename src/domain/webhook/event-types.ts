/**
 * Webhook event types and the `authorizedEvents` filter of a Greenfield webhook
 * (btcpay-greenfield.md §f). The types are the invoice events, one webhook type each.
 */
import { INVOICE_EVENT_TYPES, type InvoiceEventType } from '../invoice/events';

/** Every type this gateway delivers; usable as `z.enum(WEBHOOK_EVENT_TYPES)`. */
export const WEBHOOK_EVENT_TYPES = INVOICE_EVENT_TYPES;
export type WebhookEventType = InvoiceEventType;

export const isWebhookEventType = (value: string): value is WebhookEventType =>
  (WEBHOOK_EVENT_TYPES as readonly string[]).includes(value);

export interface AuthorizedEvents {
  /** Every event, including types added later (BTCPay's default). */
  readonly everything: boolean;
  /** Used when `everything` is false: exact, case-sensitive type names, as BTCPay matches them. */
  readonly specificEvents: readonly string[];
}

export const ALL_EVENTS: AuthorizedEvents = { everything: true, specificEvents: [] };

export function isEventAuthorized(authorized: AuthorizedEvents, type: WebhookEventType): boolean {
  return authorized.everything || authorized.specificEvents.includes(type);
}
