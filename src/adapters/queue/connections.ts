/**
 * Redis connections as BullMQ's production guide asks: workers wait for Redis forever
 * (`maxRetriesPerRequest: null`, they must not lose their blocking reads), producers fail fast
 * (`enableOfflineQueue: false`: a caller learns at once that a job could not be added), and every
 * connection has an `error` listener so a Redis outage is logged rather than crashing the process.
 */
import { Queue } from 'bullmq';
import Redis, { type RedisOptions } from 'ioredis';
import type { Logger } from '../log';

/** `options` adds to the defaults (e.g. `enableAutoPipelining` for a connection that only sends short commands). */
export function createWorkerConnection(url: string, logger: Logger, role: string, options: RedisOptions = {}): Redis {
  const redis = new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true, ...options });
  redis.on('error', (error: Error) => logger.warn('redis connection error', { role, error: error.message }));
  return redis;
}

export function createProducerConnection(url: string, logger: Logger, role: string): Redis {
  const redis = new Redis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: false, commandTimeout: 5_000 });
  redis.on('error', (error: Error) => logger.warn('redis connection error', { role, error: error.message }));
  return redis;
}

/**
 * A producer queue on a connection made above (its errors are logged there). A Queue re-emits its
 * connection's errors, and without a listener BullMQ prints them to the console; a failed call
 * rejects to its caller anyway.
 */
export function queueOn<T>(name: string, connection: Redis, prefix: string): Queue<T> {
  const queue = new Queue<T>(name, { connection, prefix });
  queue.on('error', () => undefined);
  return queue;
}

/** Resolves once `redis` is ready (a producer without an offline queue refuses commands before that). */
export async function ready(redis: Redis): Promise<void> {
  if (redis.status === 'ready') return;
  await new Promise<void>((resolve, reject) => {
    const onReady = () => { redis.off('end', onEnd); resolve(); };
    const onEnd = () => { redis.off('ready', onReady); reject(new Error('redis connection ended before it was ready')); };
    redis.once('ready', onReady);
    redis.once('end', onEnd);
  });
}
