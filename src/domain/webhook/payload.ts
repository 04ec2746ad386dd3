/**
 * The JSON body of a webhook delivery, field for field as BTCPay sends it (WebhookInvoiceEvent and
 * its subclasses): the common envelope, then the event type's own fields. Built once per delivery;
 * the exact bytes are stored so `…/request` and every retry send the same body.
 */
import { z } from 'zod';
import type { DeliveryId, InvoiceId, StoreId, WebhookId } from '../ids';
import { INVOICE_EVENT_TYPES, type InvoiceEvent, type InvoicePayment } from '../invoice/events';
import { formatSatsAsBtc } from '../money/format';
import type { Sats } from '../money/units';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** Greenfield's payment object (`InvoicePaymentMethodDataModel.Payment`). */
export interface GreenfieldPayment {
  readonly id: string;
  /** Unix seconds. */
  readonly receivedDate: number;
  /** BTC, as a decimal string. */
  readonly value: string;
  readonly fee: string;
  readonly status: 'Settled';
  readonly destination: string;
}

export interface WebhookEnvelope {
  readonly deliveryId: DeliveryId;
  readonly webhookId: WebhookId;
  /** The first delivery's id; kept through redeliveries, so it is the receiver's idempotency key. */
  readonly originalDeliveryId: DeliveryId;
  readonly isRedelivery: boolean;
  readonly type: InvoiceEvent['type'];
  /** Unix seconds when the first delivery was created; redeliveries keep it. */
  readonly timestamp: number;
  readonly storeId: StoreId;
  readonly invoiceId: InvoiceId;
  /** The invoice's metadata, as the shop set it. */
  readonly metadata: JsonObject;
}

/** The envelope plus the event type's own fields (present only on the types that have them). */
export interface WebhookPayload extends WebhookEnvelope {
  readonly afterExpiration?: boolean;
  readonly paymentMethodId?: string;
  readonly payment?: GreenfieldPayment;
  readonly overPaid?: boolean;
  readonly manuallyMarked?: boolean;
  readonly partiallyPaid?: boolean;
}

export interface FirstDelivery {
  readonly deliveryId: DeliveryId;
  readonly webhookId: WebhookId;
  readonly storeId: StoreId;
  readonly invoiceId: InvoiceId;
  readonly metadata: JsonObject;
  readonly event: InvoiceEvent;
  readonly now: Date;
}

export function toGreenfieldPayment(payment: InvoicePayment): GreenfieldPayment {
  return {
    id: payment.id,
    receivedDate: payment.receivedTime,
    value: formatSatsAsBtc(payment.sats as Sats),
    fee: '0', // Blink charges the receiver nothing on a Lightning receive
    status: 'Settled',
    destination: payment.destination,
  };
}

/** A first delivery: its own id is the original id, and it is not a redelivery. */
export function buildWebhookPayload(input: FirstDelivery): WebhookPayload {
  const { type, ...fields } = input.event;
  const own = 'payment' in fields ? { ...fields, payment: toGreenfieldPayment(fields.payment) } : fields;
  return {
    deliveryId: input.deliveryId,
    webhookId: input.webhookId,
    originalDeliveryId: input.deliveryId,
    isRedelivery: false,
    type,
    timestamp: Math.floor(input.now.getTime() / 1000),
    storeId: input.storeId,
    invoiceId: input.invoiceId,
    metadata: input.metadata,
    ...own,
  };
}

/** A redelivery (manual or automatic): a new delivery id, everything else as first sent. */
export function redeliveryPayload(original: WebhookPayload, deliveryId: DeliveryId): WebhookPayload {
  return { ...original, deliveryId, isRedelivery: true };
}

/** The exact body: indented JSON like BTCPay's (Newtonsoft `Formatting.Indented`), UTF-8, no BOM. */
export function serializeWebhookPayload(payload: WebhookPayload): string {
  return JSON.stringify(payload, null, 2);
}

const OPAQUE_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** Reads back a stored body (for a redelivery): the same fields, checked. */
export const webhookPayloadSchema = z.object({
  deliveryId: z.string().regex(OPAQUE_ID),
  webhookId: z.string().regex(OPAQUE_ID),
  originalDeliveryId: z.string().regex(OPAQUE_ID),
  isRedelivery: z.boolean(),
  type: z.enum(INVOICE_EVENT_TYPES),
  timestamp: z.number().int().nonnegative(),
  storeId: z.string().regex(OPAQUE_ID),
  invoiceId: z.string().regex(OPAQUE_ID),
  metadata: z.record(z.string(), z.json()),
  afterExpiration: z.boolean().optional(),
  paymentMethodId: z.string().optional(),
  payment: z
    .object({
      id: z.string(),
      receivedDate: z.number().int(),
      value: z.string(),
      fee: z.string(),
      status: z.literal('Settled'),
      destination: z.string(),
    })
    .optional(),
  overPaid: z.boolean().optional(),
  manuallyMarked: z.boolean().optional(),
  partiallyPaid: z.boolean().optional(),
});

export class InvalidWebhookPayloadError extends Error {
  override readonly name = 'InvalidWebhookPayloadError';
  readonly code = 'invalid-webhook-payload';
}

export function parseWebhookPayload(json: unknown): WebhookPayload | InvalidWebhookPayloadError {
  const result = webhookPayloadSchema.safeParse(json);
  if (!result.success) return new InvalidWebhookPayloadError(`Stored webhook payload is invalid: ${result.error.message}`);
  // The ids were checked against the id alphabet above; the brands only record that.
  return result.data as WebhookPayload;
}
