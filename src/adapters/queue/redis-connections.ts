/**
 * Redis connections as BullMQ's production guide asks: workers block on Redis and must never give up
 * a command (`maxRetriesPerRequest: null`); producers (the API) fail fast instead of queueing
 * commands while Redis is away, so a request is answered rather than left hanging. Both log errors:
 * an `error` event without a listener would crash the process.
 */
import Redis, { type RedisOptions } from 'ioredis';
import type { Logger } from '../log';

export function createWorkerRedis(url: string, logger: Logger, options: RedisOptions = {}): Redis {
  const redis = new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true, ...options });
  redis.on('error', (error: Error) => logger.warn('redis (worker) connection error', { error: error.message }));
  return redis;
}

export function createProducerRedis(url: string, logger: Logger, options: RedisOptions = {}): Redis {
  const redis = new Redis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: false, commandTimeout: 2_000, ...options });
  redis.on('error', (error: Error) => logger.warn('redis (producer) connection error', { error: error.message }));
  return redis;
}
