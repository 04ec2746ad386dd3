import type { WatchTiming } from '../../app/settlement/policy';
import type { Config } from '../../config';

/** The settlement timings as configured (every process must agree on them). */
export function watchTimingOf(config: Config): WatchTiming {
  return {
    slowPollMs: config.SETTLEMENT_SLOW_POLL_MS,
    fastPollMinMs: config.SETTLEMENT_FAST_POLL_MIN_MS,
    fastPollMaxMs: config.SETTLEMENT_FAST_POLL_MAX_MS,
    graceMs: config.SETTLEMENT_GRACE_MS,
    statusRequestsPerMinute: config.SETTLEMENT_STATUS_REQUESTS_PER_MINUTE,
    rateLimitPauseMs: config.BLINK_RATE_LIMIT_PAUSE_MS,
  };
}
