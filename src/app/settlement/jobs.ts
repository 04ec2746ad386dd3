/**
 * The settlement queues, their job ids and payload schemas (DESIGN.md §3: every queue name in
 * src/app/jobs.ts, which re-exports these). Processors parse `job.data` with these schemas first.
 */
import { z } from 'zod';
import type { InvoiceId } from '../../domain/ids';
import type { StoreId } from '../../domain/store/store-id';

export const SETTLEMENT_QUEUES = {
  /** One job per open invoice (id `watch-<invoiceId>`), re-delaying itself until the invoice is settled or past its horizon. */
  watch: 'settlement-watch',
  /** One long-running job per store (id `store-<storeId>`) holding its Blink websocket; its lock is the ownership. */
  subscription: 'settlement-subscription',
  /** The sweeper, produced by a job scheduler every SWEEPER_INTERVAL_MS. */
  sweeper: 'settlement-sweeper',
} as const;

export const SWEEPER_SCHEDULER_ID = 'settlement-sweeper';
/** The sweeper queue's second scheduler: maintenance (pruning) every SWEEPER_MAINTENANCE_INTERVAL_MS. */
export const MAINTENANCE_SCHEDULER_ID = 'settlement-maintenance';
export const MAINTENANCE_JOB_NAME = 'maintenance';

/** BullMQ ids may not contain `:` nor be all digits: invoice and store ids never contain `:`, the prefix does the rest. */
export const watchJobId = (invoiceId: InvoiceId): string => `watch-${invoiceId}`;
export const subscriptionJobId = (storeId: StoreId): string => `store-${storeId}`;

const opaqueId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);

export const watchJobSchema = z.object({
  invoiceId: opaqueId.transform((id) => id as InvoiceId),
  storeId: opaqueId.transform((id) => id as StoreId),
  /** Epoch ms of the status the job last acted on (its creation for a new job). */
  since: z.number().int().nonnegative(),
  fastStep: z.number().int().nonnegative().default(0),
});
export type WatchJobData = z.input<typeof watchJobSchema>;

export const subscriptionJobSchema = z.object({ storeId: opaqueId.transform((id) => id as StoreId) });
export type SubscriptionJobData = z.input<typeof subscriptionJobSchema>;

export const sweepJobSchema = z.object({}).loose();
