/**
 * A counting semaphore per webhook endpoint in Redis, shared by every worker process: a sorted set
 * of lease tokens scored by their expiry (Redis' own clock, so process clocks may differ). A lease
 * outlives the request it covers, so a worker that dies holding one frees its slot by itself.
 *
 * Why this shape: BullMQ (open source) has no per-group concurrency, and one queue per endpoint
 * would need a worker per endpoint. With one queue, a job whose endpoint is saturated re-delays
 * itself for a moment instead of waiting in a worker slot, so a slow endpoint holds at most
 * `limit` slots and never delays another endpoint's deliveries.
 */
import { randomBytes } from 'node:crypto';
import type Redis from 'ioredis';
import type { EndpointLimiter } from '../../app/webhooks/ports';

const ACQUIRE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then return 0 end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[1]), ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[1])
return 1`;

interface LimiterRedis extends Redis {
  bgEndpointAcquire(key: string, leaseMs: number, limit: number, token: string): Promise<number>;
}

export function createEndpointLimiter(options: { readonly redis: Redis; readonly prefix: string; readonly limit: number }): EndpointLimiter {
  const redis = options.redis as LimiterRedis;
  if (typeof redis.bgEndpointAcquire !== 'function') redis.defineCommand('bgEndpointAcquire', { numberOfKeys: 1, lua: ACQUIRE });
  const keyOf = (endpoint: string): string => `${options.prefix}:webhook-endpoint:${endpoint}`;
  return {
    async tryAcquire(endpoint, leaseMs) {
      const token = randomBytes(9).toString('base64url');
      return (await redis.bgEndpointAcquire(keyOf(endpoint), leaseMs, options.limit, token)) === 1 ? token : null;
    },
    async release(endpoint, lease) {
      await redis.zrem(keyOf(endpoint), lease);
    },
  };
}
