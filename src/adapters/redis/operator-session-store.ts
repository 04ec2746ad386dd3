import type Redis from 'ioredis';
import { storedOperatorSession, type OperatorSession, type OperatorSessionStore } from '../../app/api-keys/operator-session';

/**
 * Operator sessions of the API-key authorize page in Redis, under `<prefix>:operator-session:<id hash>`
 * with the session's TTL: Redis expires them by itself, every API process sees them, and a flushed
 * Redis only signs the operator out. A value that does not parse counts as no session.
 */
export function createRedisOperatorSessionStore(redis: Redis, keyPrefix: string): OperatorSessionStore {
  const key = (idHash: string) => `${keyPrefix}:operator-session:${idHash}`;
  const parse = (raw: string | null): OperatorSession | null => {
    if (raw === null) return null;
    try {
      const parsed = storedOperatorSession.safeParse(JSON.parse(raw));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  };
  return {
    async save(idHash, session, ttlMs) {
      await redis.set(key(idHash), JSON.stringify(session), 'PX', ttlMs);
    },
    find: async (idHash) => parse(await redis.get(key(idHash))),
    take: async (idHash) => parse(await redis.getdel(key(idHash))),
    async delete(idHash) {
      await redis.del(key(idHash));
    },
  };
}
