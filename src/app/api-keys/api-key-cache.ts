import { createLruMap } from '../lru-map';
import type { ApiKeyHash, ApiKeyRepository, Clock, StoredApiKey } from '../ports';

/**
 * Authenticated API keys kept in memory for a few seconds, so a shop's requests do not each cost a
 * Postgres read. Revocation through this process (`deleteByHash`) takes effect at once; a key revoked
 * by ANOTHER process (another API instance, the CLI) keeps working here for at most `ttlMs`. Unknown
 * keys are never cached, so a key created anywhere works at once.
 */
export interface ApiKeyCacheOptions {
  readonly clock: Clock;
  /** How long a key read from Postgres is trusted: the cross-process revocation delay. */
  readonly ttlMs: number;
  /** Keys kept at most (least recently read leave first). */
  readonly maxEntries?: number;
}

export const DEFAULT_API_KEY_CACHE_TTL_MS = 5_000;

export interface CachedApiKeyRepository extends ApiKeyRepository {
  /** The key when it is cached and fresh, without any I/O; `undefined` otherwise (not "unknown"). */
  peek(hash: ApiKeyHash): StoredApiKey | undefined;
}

export function cacheApiKeys(repository: ApiKeyRepository, options: ApiKeyCacheOptions): CachedApiKeyRepository {
  const maxEntries = options.maxEntries ?? 10_000;
  const entries = createLruMap<ApiKeyHash, { readonly key: StoredApiKey; readonly expiresAt: number }>(maxEntries);
  // Bumped around every revocation: a read that was in flight across one must not refill the cache.
  let generation = 0;
  const now = () => options.clock.now().getTime();

  const peek = (hash: ApiKeyHash): StoredApiKey | undefined => {
    const entry = entries.get(hash);
    if (entry === undefined) return undefined;
    if (entry.expiresAt > now()) return entry.key;
    entries.delete(hash);
    return undefined;
  };
  const forget = (hash: ApiKeyHash) => {
    generation += 1;
    entries.delete(hash);
  };

  return {
    peek,
    insert: (key) => repository.insert(key),
    async findByHash(hash) {
      const cached = peek(hash);
      if (cached !== undefined) return cached;
      const started = generation;
      const found = await repository.findByHash(hash);
      if (found !== null && started === generation) entries.set(hash, { key: found, expiresAt: now() + options.ttlMs });
      return found;
    },
    async deleteByHash(hash) {
      forget(hash);
      try {
        return await repository.deleteByHash(hash);
      } finally {
        forget(hash);
      }
    },
  };
}
