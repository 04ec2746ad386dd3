/**
 * The outbox's safety net, called by the sweeper (issue 6 owns its schedule): every pending delivery
 * that is due soon gets its job again. Adding a job whose id (the delivery id) already exists is a
 * no-op, so this is safe to run any time; after a crash between commit and queue, or a Redis flush,
 * it is what makes every delivery arrive. Deliveries due later are picked up by a later sweep.
 */
import type { Clock } from '../ports';
import type { DeliveryQueue, DeliveryRepository, PendingDelivery } from './ports';

export interface RequeueDeps {
  readonly deliveries: Pick<DeliveryRepository, 'listPendingDue'>;
  readonly queue: DeliveryQueue;
  readonly clock: Clock;
}

export interface RequeueOptions {
  /** Deliveries due within this window are queued (with their delay); the sweep interval plus margin. */
  readonly horizonMs?: number;
  readonly batchSize?: number;
}

export const DEFAULT_REQUEUE_HORIZON_MS = 60_000;

/** Returns how many deliveries were handed to the queue. */
export async function requeuePendingDeliveries(deps: RequeueDeps, options: RequeueOptions = {}): Promise<number> {
  const now = deps.clock.now();
  const dueBefore = new Date(now.getTime() + (options.horizonMs ?? DEFAULT_REQUEUE_HORIZON_MS));
  const batchSize = options.batchSize ?? 500;
  let total = 0;
  let after: PendingDelivery | undefined;
  for (;;) {
    const batch = await deps.deliveries.listPendingDue(dueBefore, batchSize, after === undefined ? undefined : { at: after.nextAttemptAt, id: after.id });
    if (batch.length === 0) break;
    await deps.queue.enqueue(batch);
    total += batch.length;
    after = batch[batch.length - 1];
    if (batch.length < batchSize) break;
  }
  return total;
}
