/**
 * The one place a settlement result becomes a BullMQ action (DESIGN.md §7.7): transient → retry
 * with jittered backoff, Blink rate limiting → delay the job until that Blink server's pause ends
 * (never the whole queue: other stores' servers carry on), permanent → UnrecoverableError,
 * not yet → moveToDelayed + DelayedError. The switch is exhaustive: a new error code that is not
 * mapped here does not compile.
 */
import { DelayedError, UnrecoverableError, type Job } from 'bullmq';
import type { BlinkErrorCode } from '../src/app/blink-port';

export type JobAction =
  | { readonly kind: 'complete' }
  | { readonly kind: 'delay'; readonly until: Date }
  | { readonly kind: 'retry'; readonly reason: string }
  | { readonly kind: 'fail'; readonly reason: string };

export type SettlementFailureCode = BlinkErrorCode | 'watch-connection-unavailable' | 'settlement-refused' | 'blink-paused';

export interface RetryTiming {
  readonly rateLimitPauseMs: number;
  /** How long to wait before asking again with a key Blink refused (the merchant may fix it). */
  readonly refusedKeyRetryMs: number;
}

export function actionForFailure(
  failure: { readonly code: SettlementFailureCode; readonly message: string; readonly until?: Date }, timing: RetryTiming, now: Date,
): JobAction {
  const code = failure.code;
  switch (code) {
    case 'blink-unavailable':
    case 'blink-protocol-error':
    case 'blink-receive-disabled':
      return { kind: 'retry', reason: `${code}: ${failure.message}` };
    case 'blink-paused':
      return { kind: 'delay', until: failure.until ?? new Date(now.getTime() + timing.rateLimitPauseMs) };
    case 'blink-rate-limited':
      return { kind: 'delay', until: new Date(now.getTime() + timing.rateLimitPauseMs) };
    case 'blink-invalid-key':
    case 'blink-missing-scope':
      // Keep the invoice: a key the merchant replaces (or Blink accepts again) resumes watching.
      return { kind: 'delay', until: new Date(now.getTime() + timing.refusedKeyRetryMs) };
    case 'blink-invalid-input':
    case 'watch-connection-unavailable':
    case 'settlement-refused':
      return { kind: 'fail', reason: `${code}: ${failure.message}` };
    default: {
      const unmapped: never = code;
      throw new Error(`unmapped settlement failure ${String(unmapped)}`);
    }
  }
}

/**
 * BullMQ's custom backoff (`backoff: { type: 'jittered' }`): capped exponential with full jitter
 * over the upper half, so many jobs failing together (a Blink outage) do not come back together.
 */
export function jitteredBackoff(attemptsMade: number, options: { readonly baseMs: number; readonly capMs: number }, random: () => number = Math.random): number {
  const ceiling = Math.min(options.capMs, options.baseMs * 2 ** Math.min(Math.max(attemptsMade - 1, 0), 30));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** Carries out `action` for `job`; returns normally only for `complete`. */
export async function applyAction(job: Job, token: string | undefined, action: JobAction): Promise<void> {
  switch (action.kind) {
    case 'complete':
      return;
    case 'delay':
      await job.moveToDelayed(action.until.getTime(), token);
      throw new DelayedError();
    case 'retry':
      throw new Error(action.reason);
    case 'fail':
      throw new UnrecoverableError(action.reason);
  }
}
