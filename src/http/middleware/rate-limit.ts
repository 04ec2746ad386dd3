import type { RequestHandler } from 'express';
import type { Logger } from '../../adapters/log';
import type { RateLimiter } from '../../app/ports';
import { RateLimitedError } from '../errors';

export interface RateLimitSettings {
  readonly windowMs: number;
  /** Requests per window from one client IP; 0 disables the limit. */
  readonly perIp: number;
  /** Requests per window with one API key; 0 disables the limit. */
  readonly perKey: number;
}

/**
 * Counts the request in `bucket` and answers 429 with Retry-After over the limit. When the limiter
 * itself fails (Redis down) the request goes through: refusing every payment would be worse, and
 * the health endpoint already reports Redis.
 */
async function check(
  limiter: RateLimiter, logger: Logger, bucket: string, limit: number, windowMs: number,
): Promise<RateLimitedError | undefined> {
  if (limit <= 0) return undefined;
  try {
    const result = await limiter.hit(bucket, limit, windowMs);
    return result.allowed ? undefined : new RateLimitedError(Math.max(1, Math.ceil(result.retryAfterMs / 1000)));
  } catch (error) {
    logger.warn('rate limiter unavailable; request allowed', { error: error instanceof Error ? error.message : String(error) });
    return undefined;
  }
}

export function perIpRateLimit(limiter: RateLimiter, logger: Logger, settings: RateLimitSettings): RequestHandler {
  return (req, _res, next) => {
    check(limiter, logger, `ip:${req.ip ?? 'unknown'}`, settings.perIp, settings.windowMs).then(next, next);
  };
}

/** Runs after authentication: the bucket is the key's hash, never the key. */
export function perKeyRateLimit(limiter: RateLimiter, logger: Logger, settings: RateLimitSettings): RequestHandler {
  return (_req, res, next) => {
    const principal: unknown = res.locals.principal;
    if (typeof principal !== 'object' || principal === null || !('keyHash' in principal)) return next();
    const bucket = `key:${String(principal.keyHash).slice(0, 32)}`;
    check(limiter, logger, bucket, settings.perKey, settings.windowMs).then(next, next);
  };
}
