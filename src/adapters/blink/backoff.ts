/**
 * Capped exponential backoff with full jitter: the n-th retry waits a uniformly random time in
 * [0, min(cap, base·2ⁿ)). Full jitter spreads many clients' retries so they do not hit Blink in waves.
 */
export interface BackoffPolicy {
  /** Total tries including the first. @defaultValue 3 */
  readonly attempts: number;
  /** @defaultValue 100 */
  readonly baseMs: number;
  /** @defaultValue 2000 */
  readonly capMs: number;
}

export const defaultBackoff: BackoffPolicy = { attempts: 3, baseMs: 100, capMs: 2_000 };

/** `retry` counts from 0 (the wait before the second try); `random` returns [0, 1). */
export function backoffDelay(policy: Pick<BackoffPolicy, 'baseMs' | 'capMs'>, retry: number, random: () => number): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, retry));
  return Math.floor(random() * ceiling);
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
