/**
 * The subscription processor: one long-running job per store whose BullMQ lock is the ownership of
 * the store's Blink websocket. If its process dies, the lock lapses, the job stalls back to
 * waiting and another worker takes it over. On shutdown it hands the job straight back
 * (moveToDelayed now) so another process picks it up without waiting for a stall.
 */
import { UnrecoverableError, type Job } from 'bullmq';
import { subscriptionJobSchema } from '../src/app/settlement/jobs';
import { holdStoreSubscription, type SubscriptionDeps } from '../src/app/settlement/hold-subscription';
import { applyAction, type RetryTiming } from './retry-policy';

export interface SubscriptionProcessorDeps {
  readonly settlement: SubscriptionDeps;
  readonly timing: RetryTiming;
  /** The token holding the job's lock (BullMQ's `<prefix>:<queue>:<jobId>:lock`), `null` when none does. */
  readonly lockHolder: (jobId: string) => Promise<string | null>;
  /**
   * Aborted when the process starts shutting down. BullMQ's cancelAllJobs() reaches only the jobs
   * already running: a job fetched while the shutdown begins starts after it, and would hold its
   * store (and the worker's close) forever without this.
   */
  readonly shutdown?: AbortSignal;
}

export function createSubscriptionProcessor(deps: SubscriptionProcessorDeps) {
  return async (job: Job, token?: string, signal?: AbortSignal): Promise<string> => {
    const parsed = subscriptionJobSchema.safeParse(job.data);
    if (!parsed.success) throw new UnrecoverableError(`bad subscription job data: ${parsed.error.message}`);
    const stillOwner = async () => {
      if (job.id === undefined || token === undefined) return true;
      return (await deps.lockHolder(job.id)) === token;
    };
    const signals = [signal, deps.shutdown].filter((each): each is AbortSignal => each !== undefined);
    const end = await holdStoreSubscription(deps.settlement, parsed.data.storeId, {
      signal: AbortSignal.any(signals), stillOwner,
    });
    const now = deps.settlement.clock.now();
    if (end instanceof Error) {
      await applyAction(job, token, { kind: 'fail', reason: `${end.code}: ${end.message}` });
      return 'unreachable';
    }
    switch (end.kind) {
      case 'idle':
        return 'idle';
      case 'ownership-lost':
        // Another worker holds the store now; this job's state is theirs to change.
        return 'ownership-lost';
      case 'stopped':
        await applyAction(job, token, { kind: 'delay', until: now });
        return 'unreachable';
      case 'refused':
        await applyAction(job, token, { kind: 'delay', until: new Date(now.getTime() + deps.timing.refusedKeyRetryMs) });
        return 'unreachable';
    }
  };
}
