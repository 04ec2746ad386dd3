/**
 * Every BullMQ queue of the gateway, and the payload schema of its jobs. Producers build job data
 * with these types; each processor parses `job.data` with the schema before anything else.
 * A plain list: add a queue as one name and one schema.
 */
import { z } from 'zod';

const opaqueId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);

export const QUEUE_NAMES = {
  /** One job per webhook delivery (job id = delivery id); it re-delays itself between attempts. */
  webhookDelivery: 'webhook-delivery',
} as const;

export const webhookDeliveryJobSchema = z.object({ deliveryId: opaqueId });
export type WebhookDeliveryJob = z.infer<typeof webhookDeliveryJobSchema>;

// Settlement watching (issue 6): its queues, job ids and payload schemas live beside its use cases.
export { SETTLEMENT_QUEUES, SWEEPER_SCHEDULER_ID, subscriptionJobId, subscriptionJobSchema, sweepJobSchema, watchJobId, watchJobSchema } from './settlement/jobs';
