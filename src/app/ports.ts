/**
 * The interfaces the use cases need from the outside world. Adapters in src/adapters/ implement
 * them; composition roots (src/cli/*, src/server/*) pass them in. Grouped by resource.
 */

// ── shared ──────────────────────────────────────────────────────────────────────────────────────

export interface Clock {
  now(): Date;
}

/** A dependency the health endpoint reports on (Postgres, Redis …). Never throws. */
export interface HealthProbe {
  readonly name: string;
  isHealthy(): Promise<boolean>;
}

/** Counts hits per bucket in fixed windows, shared by every API process (Redis). */
export interface RateLimiter {
  /** Records one hit; `retryAfterMs` is set when the bucket is over `limit` in this window. */
  hit(bucket: string, limit: number, windowMs: number): Promise<{ allowed: boolean; retryAfterMs: number }>;
}

// ── API keys ────────────────────────────────────────────────────────────────────────────────────

/** SHA-256 of a gateway API key, hex. The key itself is never stored. */
export type ApiKeyHash = string & { readonly __brand: 'ApiKeyHash' };

export interface StoredApiKey {
  readonly hash: ApiKeyHash;
  readonly label: string;
  /** Greenfield permission strings, as granted (not expanded): `policy` or `policy:storeId`. */
  readonly permissions: readonly string[];
  readonly createdAt: Date;
}

export interface ApiKeyRepository {
  insert(key: StoredApiKey): Promise<void>;
  findByHash(hash: ApiKeyHash): Promise<StoredApiKey | null>;
  /** True when a key was deleted. */
  deleteByHash(hash: ApiKeyHash): Promise<boolean>;
}
