/**
 * The webhook-delivery processor: parse `job.data`, make one attempt (deliverWebhook), and map the
 * result. "Try again at T" (a failed attempt, a delivery not due yet, a saturated endpoint) moves the
 * same job to the delayed set until T (`moveToDelayed` + `DelayedError`, which costs no BullMQ
 * attempt); every other result ends the job, its record being in Postgres. Bad job data can never
 * succeed: `UnrecoverableError`. Anything thrown (Postgres down) is retried by BullMQ's backoff.
 */
import { DelayedError, UnrecoverableError, Worker, type Job } from 'bullmq';
import type Redis from 'ioredis';
import type { Logger } from '../src/adapters/log';
import { QUEUE_NAMES, webhookDeliveryJobSchema, type WebhookDeliveryJob } from '../src/app/jobs';
import { deliverWebhook, type DeliverDeps, type DeliverResult } from '../src/app/webhooks/deliver-webhook';
import type { DeliveryId } from '../src/domain/ids';

export function webhookDeliveryProcessor(deps: DeliverDeps, logger: Logger) {
  return async (job: Job<WebhookDeliveryJob>, token?: string): Promise<DeliverResult['kind']> => {
    const data = webhookDeliveryJobSchema.safeParse(job.data);
    if (!data.success) throw new UnrecoverableError(`invalid webhook delivery job: ${data.error.message}`);
    const result = await deliverWebhook(deps, data.data.deliveryId as DeliveryId);
    switch (result.kind) {
      case 'retry':
        if (result.reason === 'attempt-failed') logger.info('webhook delivery will be retried', { deliveryId: data.data.deliveryId, at: result.at.toISOString() });
        await job.moveToDelayed(result.at.getTime(), token);
        throw new DelayedError();
      case 'delivered':
        logger.debug('webhook delivered', { deliveryId: data.data.deliveryId, status: result.status });
        return result.kind;
      case 'failed':
        logger.warn('webhook delivery failed', { deliveryId: data.data.deliveryId, reason: result.reason });
        return result.kind;
      case 'webhook-disabled':
        logger.warn('webhook disabled: the receiver answered 410 Gone', { deliveryId: data.data.deliveryId });
        return result.kind;
      case 'nothing-to-do':
        return result.kind;
    }
  };
}

export interface WebhookWorkerOptions {
  readonly connection: Redis;
  readonly prefix: string;
  /** Requests in flight per process; mostly waiting on the network, so it can be high. */
  readonly concurrency: number;
  /** BullMQ's lock: renewed every half while the job runs; a job whose lock lapses (its process died) is taken up again. */
  readonly lockMs?: number;
  readonly deps: DeliverDeps;
  readonly logger: Logger;
}

export function createWebhookDeliveryWorker(options: WebhookWorkerOptions): Worker<WebhookDeliveryJob> {
  const worker = new Worker<WebhookDeliveryJob>(
    QUEUE_NAMES.webhookDelivery,
    webhookDeliveryProcessor(options.deps, options.logger),
    {
      connection: options.connection, prefix: options.prefix, concurrency: options.concurrency,
      ...(options.lockMs === undefined ? {} : { lockDuration: options.lockMs, stalledInterval: Math.max(250, Math.floor(options.lockMs / 2)) }),
    },
  );
  worker.on('error', (error) => options.logger.warn('webhook delivery worker error', { error: error.message }));
  worker.on('failed', (job, error) => {
    if (!(error instanceof DelayedError)) options.logger.warn('webhook delivery job failed', { jobId: job?.id, error: error.message });
  });
  return worker;
}
