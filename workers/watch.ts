/**
 * The watch processor: one job per watched invoice that re-delays itself (moveToDelayed +
 * DelayedError) until the invoice is settled or past its horizon. Thin: parse, call
 * `watchInvoice`, map the result.
 */
import { UnrecoverableError, type Job } from 'bullmq';
import { watchJobSchema } from '../src/app/settlement/jobs';
import type { SettlementDeps } from '../src/app/settlement/deps';
import { watchInvoice } from '../src/app/settlement/watch-invoice';
import { actionForFailure, applyAction, type RetryTiming } from './retry-policy';

export function createWatchProcessor(deps: SettlementDeps, timing: RetryTiming) {
  return async (job: Job, token?: string): Promise<string> => {
    const parsed = watchJobSchema.safeParse(job.data);
    if (!parsed.success) throw new UnrecoverableError(`bad watch job data: ${parsed.error.message}`);
    const data = parsed.data;
    const outcome = await watchInvoice(deps, { invoiceId: data.invoiceId, storeId: data.storeId, since: new Date(data.since), fastStep: data.fastStep });
    if (outcome instanceof Error) {
      await applyAction(job, token, actionForFailure(outcome, timing, deps.clock.now()));
      return 'unreachable';
    }
    if (outcome.kind === 'finished') return outcome.reason;
    await job.updateData({ ...job.data as object, since: outcome.since.getTime(), fastStep: outcome.fastStep });
    await applyAction(job, token, { kind: 'delay', until: outcome.at });
    return 'unreachable';
  };
}
