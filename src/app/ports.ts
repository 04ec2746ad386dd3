/**
 * The interfaces the use cases need from the outside world. Adapters in src/adapters/ implement
 * them; composition roots (src/cli/*, src/server/*) pass them in. Grouped by resource.
 */
import type { BlinkConnection, BlinkWalletCurrency, WalletId } from '../../connection-string/types';
import type { BlinkNetwork, BlinkScope } from '../domain/store/connection-facts';
import type { AcceptedConnection, ConnectionAccess } from '../domain/store/connection-policy';
import type { StoreId } from '../domain/store/store-id';
import type { Store } from '../domain/store/store-settings';

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

// ── stores and their Blink connection ───────────────────────────────────────────────────────────

/** A store's registered Blink connection, as stored. The API key exists here only inside `sealedConnection`. */
export interface StoredStoreConnection {
  readonly storeId: StoreId;
  readonly enabled: boolean;
  readonly mode: BlinkConnection['mode'];
  readonly access: ConnectionAccess;
  readonly server: string;
  /** The canonical connection string (key included), sealed by `SecretSealer` with context `storeConnectionContext(storeId)`. */
  readonly sealedConnection: string;
  /** The same string with the key as `blink_…AbCd`: what the API shows. */
  readonly redactedConnection: string;
  readonly walletId: WalletId;
  /** Stored so that creating an invoice costs exactly one Blink call. */
  readonly walletCurrency: BlinkWalletCurrency;
  readonly scopes: readonly BlinkScope[];
  readonly scopesSource: AcceptedConnection['scopesSource'];
  readonly network: BlinkNetwork;
  readonly notes: readonly string[];
  readonly warnings: readonly string[];
  readonly verifiedAt: Date;
  readonly updatedAt: Date;
}

export interface StoreRepository {
  insert(store: Store): Promise<void>;
  findById(id: StoreId): Promise<Store | null>;
  /** Every store, or only those named, oldest first. */
  list(filter: 'all' | ReadonlySet<string>): Promise<Store[]>;
  /** False when the store no longer exists. */
  update(store: Store): Promise<boolean>;
  /** Deletes the store and its connection; false when there was none. */
  delete(id: StoreId): Promise<boolean>;
  /** Inserts or replaces the store's connection; false when the store no longer exists. */
  saveConnection(connection: StoredStoreConnection): Promise<boolean>;
  findConnection(storeId: StoreId): Promise<StoredStoreConnection | null>;
  deleteConnection(storeId: StoreId): Promise<boolean>;
}

/** Encryption at rest (src/adapters/crypto/secret-box.ts). `open` fails as a value: altered data, unknown secret… */
export interface SecretSealer {
  seal(plaintext: string, context: string): string;
  open(sealed: string, context: string): string | { readonly code: string; readonly message: string };
}
