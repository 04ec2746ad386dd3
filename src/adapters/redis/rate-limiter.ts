import type Redis from 'ioredis';
import type { RateLimiter } from '../../app/ports';

/**
 * Fixed-window counters in Redis, shared by every API process. One script call per hit: INCR, and
 * the window's expiry set by the first hit, so a counter never outlives its window.
 */
const HIT_SCRIPT = `
local count = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {count, ttl}
`;

export function createRedisRateLimiter(redis: Redis, keyPrefix: string): RateLimiter {
  return {
    async hit(bucket, limit, windowMs) {
      const reply: unknown = await redis.eval(HIT_SCRIPT, 1, `${keyPrefix}:ratelimit:${bucket}`, String(windowMs));
      if (!Array.isArray(reply) || typeof reply[0] !== 'number' || typeof reply[1] !== 'number') {
        throw new Error('unexpected reply from the rate limit script');
      }
      const [count, ttl] = reply as [number, number];
      return { allowed: count <= limit, retryAfterMs: count <= limit ? 0 : ttl };
    },
  };
}
