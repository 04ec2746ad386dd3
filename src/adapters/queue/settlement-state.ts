/**
 * What settlement watching knows right now, in Redis under QUEUE_PREFIX (it can all be lost: the
 * workers rebuild it): each store's subscription health (a key that expires unless renewed, so a
 * dead worker's store falls back to fast polling by itself), and the last batched status check per
 * invoice (a hash per store, so one Blink request serves every watch job of that store).
 */
import { createHash } from 'node:crypto';
import type Redis from 'ioredis';
import type { BlinkInvoiceStatus } from '../../app/blink-port';
import type { SettlementState, StatusCheck } from '../../app/settlement/ports';
import type { InvoiceId } from '../../domain/ids';
import type { StoreId } from '../../domain/store/store-id';

const STATUSES = new Set<string>(['PENDING', 'PAID', 'EXPIRED']);
/** Checks of invoices nobody watches any more vanish with their hash. */
const CHECKS_TTL_MS = 6 * 3_600_000;

export function createSettlementState(redis: Redis, prefix: string): SettlementState {
  const healthKey = (storeId: StoreId) => `${prefix}:settlement:health:${storeId}`;
  const checksKey = (storeId: StoreId) => `${prefix}:settlement:checks:${storeId}`;
  // The server URL is hashed: it may be long, and keys should not carry URLs around.
  const pauseKey = (server: string) => `${prefix}:settlement:blink-pause:${createHash('sha256').update(server).digest('hex').slice(0, 32)}`;
  return {
    async markSubscriptionHealthy(storeId, ttlMs) {
      await redis.set(healthKey(storeId), '1', 'PX', Math.max(1, Math.round(ttlMs)));
    },
    async markSubscriptionDown(storeId) {
      await redis.del(healthKey(storeId));
    },
    async isSubscriptionHealthy(storeId) {
      return (await redis.exists(healthKey(storeId))) === 1;
    },
    async recordChecks(storeId, checks, at, watched) {
      if (checks.size === 0) return;
      const fields: string[] = [];
      for (const [invoiceId, status] of checks) fields.push(invoiceId, `${at.getTime()}:${status}:${watched}`);
      await redis.multi().hset(checksKey(storeId), ...fields).pexpire(checksKey(storeId), CHECKS_TTL_MS).exec();
    },
    async lastCheck(storeId, invoiceId): Promise<StatusCheck | null> {
      const value = await redis.hget(checksKey(storeId), invoiceId);
      const match = /^(\d+):([A-Z]+):(\d+)$/.exec(value ?? '');
      if (!match || !STATUSES.has(match[2]!)) return null;
      return { at: new Date(Number(match[1])), status: match[2] as BlinkInvoiceStatus, watched: Number(match[3]) };
    },
    async forgetCheck(storeId, invoiceId: InvoiceId) {
      await redis.hdel(checksKey(storeId), invoiceId);
    },
    async pauseBlink(server, until) {
      const ms = until.getTime() - Date.now();
      if (ms > 0) await redis.set(pauseKey(server), String(until.getTime()), 'PX', ms);
    },
    async blinkPausedUntil(server) {
      const value = await redis.get(pauseKey(server));
      return value !== null && /^\d+$/.test(value) ? new Date(Number(value)) : null;
    },
  };
}
