import type { RequestHandler, Response } from 'express';
import type { Logger } from '../../adapters/log';
import type { Principal } from '../../app/api-keys/authenticate';
import type { RateLimiter } from '../../app/ports';
import { RateLimitedError } from '../errors';
import { apiKeyFromHeader } from './auth';

export interface RateLimitSettings {
  readonly windowMs: number;
  /** Requests per window from one client IP; 0 disables the limit. */
  readonly perIp: number;
  /** Requests per window with one API key; 0 disables the limit. */
  readonly perKey: number;
}

/** The caller's principal when known without I/O (the API key cache); see `knownPrincipal`. */
export type KnownPrincipal = (key: string) => Principal | undefined;

type Hit = { readonly bucket: string; readonly limit: number };

/**
 * Counts the request in `hits`' buckets (in order, one round trip when the limiter can) and answers
 * 429 with Retry-After over a limit. When the limiter itself fails (Redis down) the request goes
 * through: refusing every payment would be worse, and the health endpoint already reports Redis.
 */
async function check(limiter: RateLimiter, logger: Logger, hits: readonly Hit[], windowMs: number): Promise<RateLimitedError | undefined> {
  const counted = hits.filter((hit) => hit.limit > 0);
  if (counted.length === 0) return undefined;
  try {
    let result = { allowed: true, retryAfterMs: 0 };
    if (limiter.hitAll !== undefined) result = await limiter.hitAll(counted, windowMs);
    else {
      for (const hit of counted) {
        result = await limiter.hit(hit.bucket, hit.limit, windowMs);
        if (!result.allowed) break;
      }
    }
    return result.allowed ? undefined : new RateLimitedError(Math.max(1, Math.ceil(result.retryAfterMs / 1000)));
  } catch (error) {
    logger.warn('rate limiter unavailable; request allowed', { error: error instanceof Error ? error.message : String(error) });
    return undefined;
  }
}

/**
 * The per-IP count of a request whose API key is already known (cached): deferred to the per-key
 * check so both go to Redis in one round trip. Every path that does not reach that check (other
 * routes, 404, errors) counts it through `countPendingIp` before answering, so every request is
 * counted once per IP, first, exactly as without the deferral.
 */
const PENDING_IP = 'pendingIpHit';

function takePendingIp(res: Response): Hit | undefined {
  const pending: unknown = res.locals[PENDING_IP];
  if (typeof pending !== 'object' || pending === null) return undefined;
  res.locals[PENDING_IP] = undefined;
  return pending as Hit;
}

/** Counts a deferred per-IP hit, if any; `undefined` when there was none or it is within the limit. */
export function countPendingIp(limiter: RateLimiter, logger: Logger, settings: RateLimitSettings, res: Response): Promise<RateLimitedError | undefined> {
  const pending = takePendingIp(res);
  return pending === undefined ? Promise.resolve(undefined) : check(limiter, logger, [pending], settings.windowMs);
}

/** Middleware form of `countPendingIp`, for routes that do not count a key. */
export function pendingIpRateLimit(limiter: RateLimiter, logger: Logger, settings: RateLimitSettings): RequestHandler {
  return (_req, res, next) => {
    countPendingIp(limiter, logger, settings, res).then(next, next);
  };
}

export function perIpRateLimit(
  limiter: RateLimiter, logger: Logger, settings: RateLimitSettings, knownPrincipal?: KnownPrincipal,
): RequestHandler {
  return (req, res, next) => {
    const hit = { bucket: `ip:${req.ip ?? 'unknown'}`, limit: settings.perIp };
    if (hit.limit <= 0) return next();
    const key = knownPrincipal === undefined || settings.perKey <= 0 ? undefined : apiKeyFromHeader(req.get('authorization'));
    if (key !== undefined && knownPrincipal?.(key) !== undefined) {
      res.locals[PENDING_IP] = hit;
      return next();
    }
    return check(limiter, logger, [hit], settings.windowMs).then(next, next);
  };
}

/** Runs after authentication: the bucket is the key's hash, never the key. Also counts a deferred per-IP hit, first. */
export function perKeyRateLimit(limiter: RateLimiter, logger: Logger, settings: RateLimitSettings): RequestHandler {
  return (_req, res, next) => {
    const pending = takePendingIp(res);
    const principal: unknown = res.locals.principal;
    const hits: Hit[] = pending === undefined ? [] : [pending];
    if (typeof principal === 'object' && principal !== null && 'keyHash' in principal) {
      hits.push({ bucket: `key:${String(principal.keyHash).slice(0, 32)}`, limit: settings.perKey });
    }
    check(limiter, logger, hits, settings.windowMs).then(next, next);
  };
}
