import type Redis from 'ioredis';
import type { RateLimiter } from '../../app/ports';

/**
 * Fixed-window counters in Redis, shared by every API process. One script call per request, for
 * one bucket or several (per IP and per key): each bucket in turn gets INCR, and its window's expiry
 * set by its first hit, so a counter never outlives its window; the first bucket over its limit
 * stops the count, as separate checks in that order would.
 * KEYS: the buckets; ARGV[1]: the window; ARGV[1 + i]: bucket i's limit.
 * Returns {allowed (1/0), retry after ms}.
 */
const HIT_SCRIPT = `
for i, key in ipairs(KEYS) do
  local count = redis.call('INCR', key)
  local ttl = redis.call('PTTL', key)
  if ttl < 0 then
    redis.call('PEXPIRE', key, ARGV[1])
    ttl = tonumber(ARGV[1])
  end
  if count > tonumber(ARGV[i + 1]) then return {0, ttl} end
end
return {1, 0}
`;

export function createRedisRateLimiter(redis: Redis, keyPrefix: string): RateLimiter {
  const hitAll: NonNullable<RateLimiter['hitAll']> = async (hits, windowMs) => {
    if (hits.length === 0) return { allowed: true, retryAfterMs: 0 };
    const reply: unknown = await redis.eval(HIT_SCRIPT, hits.length, ...hits.map((hit) => `${keyPrefix}:ratelimit:${hit.bucket}`),
      String(windowMs), ...hits.map((hit) => String(hit.limit)));
    if (!Array.isArray(reply) || typeof reply[0] !== 'number' || typeof reply[1] !== 'number') {
      throw new Error('unexpected reply from the rate limit script');
    }
    const [allowed, retryAfterMs] = reply as [number, number];
    return { allowed: allowed === 1, retryAfterMs };
  };
  return {
    hit: (bucket, limit, windowMs) => hitAll([{ bucket, limit }], windowMs),
    hitAll,
  };
}
