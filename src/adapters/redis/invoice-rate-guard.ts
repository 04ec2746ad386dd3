/**
 * Invoice creations per Blink account, kept under Blink's limit (`invoiceCreateAttempt`: 60 in a
 * window of 60 s that starts at the account's first creation, then a 300 s block, blink-api.md §4).
 *
 * A token bucket whose tokens come back one by one, each exactly one window after it was spent
 * (a sliding log: one sorted-set entry per creation). A classic bucket refilling 55/min would let
 * 55 through at once and another 55 during the next minute, 110 inside one of Blink's windows; this
 * one never lets more than `perWindow` creations into ANY window of that length, wherever Blink's
 * window starts. The window is one second longer than Blink's, for the time a request takes to reach it.
 *
 * The script reads Redis's clock (TIME), so every gateway process counts on the same clock.
 * Redis failing lets the creation through (logged): Blink's own limit then still answers 429.
 */
import { randomBytes } from 'node:crypto';
import type Redis from 'ioredis';
import type { InvoiceRateGuard } from '../../app/ports';
import type { Logger } from '../log';

const TAKE_SCRIPT = `
local now_parts = redis.call('TIME')
local now = tonumber(now_parts[1]) * 1000 + math.floor(tonumber(now_parts[2]) / 1000)
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local blocked = redis.call('PTTL', KEYS[2])
if blocked > 0 then return {0, blocked} end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) < limit then
  redis.call('ZADD', KEYS[1], now, now .. ':' .. ARGV[3])
  redis.call('PEXPIRE', KEYS[1], window)
  return {1, 0}
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return {0, math.max(1, tonumber(oldest[2]) + window - now)}
`;

export interface InvoiceRateGuardOptions {
  /** Creations allowed per window and account; 0 disables the guard. Default 55 (Blink allows 60). */
  readonly perWindow: number;
  /** Default 61 000 ms: Blink's 60 s plus a second of transit. */
  readonly windowMs?: number;
  readonly logger?: Logger;
}

export function createInvoiceRateGuard(redis: Redis, keyPrefix: string, options: InvoiceRateGuardOptions): InvoiceRateGuard {
  const windowMs = options.windowMs ?? 61_000;
  const keys = (account: string) => [`${keyPrefix}:blink-invoices:${account}`, `${keyPrefix}:blink-invoices-blocked:${account}`];
  return {
    async take(account) {
      if (options.perWindow <= 0) return { allowed: true };
      try {
        const [log, block] = keys(account);
        const reply: unknown = await redis.eval(TAKE_SCRIPT, 2, log!, block!, String(options.perWindow), String(windowMs),
          randomBytes(6).toString('hex'));
        if (!Array.isArray(reply) || typeof reply[0] !== 'number' || typeof reply[1] !== 'number') {
          throw new Error('unexpected reply from the invoice rate guard script');
        }
        return reply[0] === 1 ? { allowed: true } : { allowed: false, retryAfterMs: reply[1] as number };
      } catch (error) {
        options.logger?.warn('invoice rate guard unavailable; creation let through', { error: error instanceof Error ? error.message : String(error) });
        return { allowed: true };
      }
    },
    async block(account, ms) {
      try {
        await redis.set(keys(account)[1]!, '1', 'PX', Math.max(1, Math.round(ms)));
      } catch (error) {
        options.logger?.warn('invoice rate guard could not record a Blink block', { error: error instanceof Error ? error.message : String(error) });
      }
    },
  };
}
