/**
 * A worker process's webhook attempts, loaded and recorded many at a time: each attempt still reads
 * and writes its own delivery (same conditional write, same result), but concurrent attempts share
 * one statement each way. Measured by `npm run bench -- webhooks`: Postgres was the bottleneck of a
 * worker making two statements (two commits' worth of WAL flushes) per delivery.
 */
import type { Pool } from 'pg';
import type { AttemptRecord, DeliveryForAttempt, DeliveryRepository } from '../../app/webhooks/ports';
import type { DeliveryId } from '../../domain/ids';
import { createMicroBatch } from '../micro-batch';
import { loadManyForAttempt, recordAttempts } from './webhook-delivery-repository';

export interface DeliveryBatchingOptions {
  /** Deliveries per statement. @defaultValue 100 */
  readonly maxBatch?: number;
  /** Statements of each kind in flight at once (each holds a pool connection). @defaultValue 2 */
  readonly maxInFlight?: number;
}

export function batchDeliveryAttempts(pool: Pool, options: DeliveryBatchingOptions = {}): Pick<DeliveryRepository, 'loadForAttempt' | 'recordAttempt'> {
  const sizing = { maxBatch: options.maxBatch ?? 100, maxInFlight: options.maxInFlight ?? 2 };
  const load = createMicroBatch<DeliveryId, DeliveryForAttempt | null>({
    ...sizing,
    run: async (ids) => {
      const found = await loadManyForAttempt(pool, [...new Set(ids)]);
      return ids.map((id) => found.get(id) ?? null);
    },
  });
  const record = createMicroBatch<AttemptRecord, boolean>({
    ...sizing,
    keyOf: (attempt) => attempt.deliveryId,
    run: async (records) => {
      const written = await recordAttempts(pool, records);
      return records.map((attempt) => written.has(attempt.deliveryId));
    },
  });
  return { loadForAttempt: load, recordAttempt: record };
}
