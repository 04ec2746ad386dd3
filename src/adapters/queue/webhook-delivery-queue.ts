/**
 * The producer side of the webhook-delivery queue. The job id is the delivery id: queueing a
 * delivery that already has a job is a no-op, which is what lets the outbox listener, the API and
 * the sweeper all queue the same delivery without a second send. Jobs are removed when done, so a
 * later sweep can queue a delivery again if (and only if) it is still pending in Postgres.
 */
import { Queue, type JobsOptions } from 'bullmq';
import type Redis from 'ioredis';
import { QUEUE_NAMES, type WebhookDeliveryJob } from '../../app/jobs';
import type { DeliveryQueue } from '../../app/webhooks/ports';
import type { Clock } from '../../app/ports';
import type { Logger } from '../log';

export const WEBHOOK_DELIVERY_JOB_OPTIONS: JobsOptions = {
  removeOnComplete: true,
  removeOnFail: true,
  // Only unexpected errors (Postgres down…) fail a job; delivery retries are re-delays, not BullMQ attempts.
  attempts: 8,
  backoff: { type: 'exponential', delay: 1_000, jitter: 0.5 },
};

export interface WebhookDeliveryQueue extends DeliveryQueue {
  readonly queue: Queue<WebhookDeliveryJob>;
  close(): Promise<void>;
}

export function createWebhookDeliveryQueue(options: {
  readonly connection: Redis;
  readonly prefix: string;
  readonly logger: Logger;
  readonly clock?: Clock;
}): WebhookDeliveryQueue {
  const queue = new Queue<WebhookDeliveryJob>(QUEUE_NAMES.webhookDelivery, { connection: options.connection, prefix: options.prefix });
  queue.on('error', (error: Error) => options.logger.warn('webhook delivery queue error', { error: error.message }));
  const now = (): number => (options.clock ?? { now: () => new Date() }).now().getTime();
  return {
    queue,
    async enqueue(deliveries) {
      if (deliveries.length === 0) return;
      const at = now();
      try {
        await queue.addBulk(deliveries.map((delivery) => ({
          name: 'deliver',
          data: { deliveryId: delivery.id },
          opts: { ...WEBHOOK_DELIVERY_JOB_OPTIONS, jobId: delivery.id, delay: Math.max(0, delivery.nextAttemptAt.getTime() - at) },
        })));
      } catch (error) {
        options.logger.warn('could not queue webhook deliveries; the sweeper will', { error: String(error), count: deliveries.length });
        throw error;
      }
    },
    close: () => queue.close(),
  };
}
