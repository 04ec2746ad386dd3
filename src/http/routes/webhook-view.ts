/** The JSON shapes of Greenfield's webhook endpoints (StoreWebhookData, WebhookDeliveryData) and their extensions. */
import { z } from 'zod';
import { WEBHOOK_EVENT_TYPES } from '../../domain/webhook';
import type { DeliveryAttempt, StoredDelivery, StoredWebhook } from '../../app/webhooks/ports';
import type { WebhookSettings } from '../../app/webhooks/webhooks';

const MAX_SPECIFIC_EVENTS = 50;

/** Create and update bodies (`StoreWebhookBaseData`), with BTCPay's defaults. */
export const webhookRequest = z.object({
  url: z.string({ message: 'Invalid Url' }).max(2048),
  secret: z.string().max(512).nullable().optional(),
  enabled: z.boolean().default(true),
  automaticRedelivery: z.boolean().default(true),
  authorizedEvents: z.object({
    everything: z.boolean().default(true),
    // Matched exactly, case-sensitive, as BTCPay does; an unknown name simply never matches.
    specificEvents: z.array(z.string().max(100)).max(MAX_SPECIFIC_EVENTS).nullable().default([])
      .transform((events) => events ?? []),
  }).nullable().default({ everything: true, specificEvents: [] })
    .transform((events) => events ?? { everything: true, specificEvents: [] }),
}) satisfies z.ZodType<WebhookSettings, unknown>;

export const webhookData = z.object({
  id: z.string(),
  url: z.string(),
  enabled: z.boolean(),
  automaticRedelivery: z.boolean(),
  authorizedEvents: z.object({
    everything: z.boolean(),
    specificEvents: z.array(z.string()).describe(`e.g. ${WEBHOOK_EVENT_TYPES.join(', ')}`),
  }),
  secret: z.string().optional().describe('Only in the response to the creation'),
});

export function toWebhookData(webhook: StoredWebhook, secret?: string): z.infer<typeof webhookData> {
  return {
    id: webhook.id,
    url: webhook.url,
    enabled: webhook.enabled,
    automaticRedelivery: webhook.automaticRedelivery,
    authorizedEvents: { everything: webhook.authorizedEvents.everything, specificEvents: [...webhook.authorizedEvents.specificEvents] },
    ...(secret === undefined ? {} : { secret }),
  };
}

const seconds = (date: Date): number => Math.floor(date.getTime() / 1000);

export const deliveryData = z.object({
  id: z.string(),
  timestamp: z.number().int().describe('Unix seconds when the delivery was created'),
  httpCode: z.number().int().nullable(),
  errorMessage: z.string().nullable(),
  status: z.enum(['HttpSuccess', 'HttpError', 'Failed']).nullable().describe('The last attempt; null before the first'),
  // Extensions (BTCPay records one attempt per delivery; this gateway retries a delivery in place):
  deliveryTime: z.number().int().nullable().describe('Extension: unix seconds of the last attempt'),
  eventType: z.string().describe('Extension'),
  isRedelivery: z.boolean().describe('Extension'),
  originalDeliveryId: z.string().describe('Extension: the `webhook-id` header of every attempt'),
  state: z.enum(['Pending', 'Delivered', 'Failed']).describe('Extension: Pending while attempts remain'),
  attempts: z.number().int().describe('Extension'),
  nextAttemptTime: z.number().int().nullable().describe('Extension: unix seconds, while Pending'),
});

const STATES = { pending: 'Pending', delivered: 'Delivered', failed: 'Failed' } as const;

export function toDeliveryData(delivery: StoredDelivery): z.infer<typeof deliveryData> {
  return {
    id: delivery.id,
    timestamp: seconds(delivery.createdAt),
    httpCode: delivery.lastHttpCode,
    errorMessage: delivery.lastError,
    status: delivery.lastRecordStatus,
    deliveryTime: delivery.lastAttemptAt === null ? null : seconds(delivery.lastAttemptAt),
    eventType: delivery.eventType,
    isRedelivery: delivery.isRedelivery,
    originalDeliveryId: delivery.originalDeliveryId,
    state: STATES[delivery.state],
    attempts: delivery.attempts,
    nextAttemptTime: delivery.nextAttemptAt === null ? null : seconds(delivery.nextAttemptAt),
  };
}

export const deliveryDetailData = deliveryData.extend({
  attemptLog: z.array(z.object({
    attempt: z.number().int(),
    time: z.number().int(),
    status: z.enum(['HttpSuccess', 'HttpError', 'Failed']),
    httpCode: z.number().int().nullable(),
    latencyMs: z.number().int(),
    errorMessage: z.string().nullable(),
    response: z.string().nullable().describe('The first 1 KiB of the response body'),
  })).describe('Extension: every attempt, oldest first'),
});

export function toDeliveryDetailData(delivery: StoredDelivery, attempts: readonly DeliveryAttempt[]): z.infer<typeof deliveryDetailData> {
  return {
    ...toDeliveryData(delivery),
    attemptLog: attempts.map((attempt) => ({
      attempt: attempt.attempt,
      time: seconds(attempt.attemptedAt),
      status: attempt.recordStatus,
      httpCode: attempt.httpCode,
      latencyMs: attempt.latencyMs,
      errorMessage: attempt.error,
      response: attempt.responseHead === null ? null : attempt.responseHead.toString('utf8'),
    })),
  };
}
