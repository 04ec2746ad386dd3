/**
 * The settlement queues' producers. Jobs carry ids derived from the invoice or store id, so adding
 * one that exists is a no-op: invoice creation, the sweeper and any number of processes can ask
 * for the same job safely. Finished jobs are removed so the id can be used again.
 */
import { Queue, type JobsOptions } from 'bullmq';
import type Redis from 'ioredis';
import { SETTLEMENT_QUEUES, subscriptionJobId, watchJobId, type SubscriptionJobData, type WatchJobData } from '../../app/settlement/jobs';
import type { SettlementJobs } from '../../app/settlement/ports';
import { queueOn } from './connections';

/** Transient failures are retried with the workers' jittered backoff; a job that gives up is re-created by the sweeper. */
export const RETRYING: JobsOptions = {
  attempts: 1_000,
  backoff: { type: 'jittered' },
  removeOnComplete: true,
  removeOnFail: true,
};

export interface SettlementQueues {
  readonly watch: Queue<WatchJobData>;
  readonly subscription: Queue<SubscriptionJobData>;
  readonly sweeper: Queue;
  readonly jobs: SettlementJobs;
  close(): Promise<void>;
}

/** `connection`: a client whose owner logs its errors (the queues share it and stay quiet about them). */
export function createSettlementQueues(connection: Redis, prefix: string, clock: () => number = Date.now): SettlementQueues {
  const watch = queueOn<WatchJobData>(SETTLEMENT_QUEUES.watch, connection, prefix);
  const subscription = queueOn<SubscriptionJobData>(SETTLEMENT_QUEUES.subscription, connection, prefix);
  const sweeper = queueOn<unknown>(SETTLEMENT_QUEUES.sweeper, connection, prefix);
  const jobs: SettlementJobs = {
    async ensureWatches(requests) {
      if (requests.length === 0) return;
      const now = clock();
      await watch.addBulk(requests.map((request) => ({
        name: 'watch',
        data: { invoiceId: request.invoiceId, storeId: request.storeId, since: now, fastStep: 0 },
        opts: { ...RETRYING, jobId: watchJobId(request.invoiceId), delay: Math.max(0, request.firstCheckAt.getTime() - now) },
      })));
    },
    async ensureSubscription(storeId) {
      await subscription.add('subscription', { storeId }, { ...RETRYING, jobId: subscriptionJobId(storeId) });
    },
    async checkSoon(invoiceIds) {
      let moved = 0;
      for (const invoiceId of invoiceIds) {
        const job = await watch.getJob(watchJobId(invoiceId));
        if (!job) continue; // finished, or lost with Redis: the sweeper re-creates it
        // promote() refuses a job that is not delayed (it just started, or finished meanwhile): nothing to do then.
        moved += await job.promote().then(() => 1, () => 0);
      }
      return moved;
    },
  };
  return {
    watch, subscription, sweeper, jobs,
    async close() {
      await Promise.allSettled([watch.close(), subscription.close(), sweeper.close()]);
    },
  };
}
