/** Reading and removing a store's Blink connection; `loadStoreConnection` is how other use cases get the key. */
import { parseConnectionString, type BlinkConnection } from '../../../connection-string';
import type { StoreId } from '../../domain/store/store-id';
import type { Store } from '../../domain/store/store-settings';
import { createLruMap, type LruMap } from '../lru-map';
import type { SecretSealer, StoreRepository, StoredStoreConnection } from '../ports';
import { PaymentMethodNotFoundError, StoredConnectionUnreadableError, StoreNotFoundError } from './errors';
import { storeConnectionContext } from './register-store-connection';
import { viewStoreConnection, type StoreConnectionView } from './store-connection-view';

type Deps = { readonly stores: StoreRepository };

export async function getStoreConnection(deps: Deps, storeId: StoreId): Promise<StoreConnectionView | StoreNotFoundError | PaymentMethodNotFoundError> {
  if ((await deps.stores.findById(storeId)) === null) return new StoreNotFoundError();
  const connection = await deps.stores.findConnection(storeId);
  return connection === null ? new PaymentMethodNotFoundError() : viewStoreConnection(connection);
}

/** Greenfield's list: `[]` when the store has no connection (WooCommerce reads that as "no wallet configured"). */
export async function listStorePaymentMethods(
  deps: Deps,
  storeId: StoreId,
  options: { onlyEnabled: boolean },
): Promise<StoreConnectionView[] | StoreNotFoundError> {
  if ((await deps.stores.findById(storeId)) === null) return new StoreNotFoundError();
  const connection = await deps.stores.findConnection(storeId);
  if (connection === null || (options.onlyEnabled && !connection.enabled)) return [];
  return [viewStoreConnection(connection)];
}

/** Removes the connection and, with it, the sealed key. */
export async function deleteStoreConnection(deps: Deps, storeId: StoreId): Promise<true | StoreNotFoundError | PaymentMethodNotFoundError> {
  if ((await deps.stores.findById(storeId)) === null) return new StoreNotFoundError();
  return (await deps.stores.deleteConnection(storeId)) ? true : new PaymentMethodNotFoundError();
}

/**
 * Connections already unsealed and parsed, by store and sealed text, so hot paths (invoice creation,
 * polling) do not decrypt and parse the same connection on every call. Never stale: every seal draws
 * a fresh random nonce, so a replaced connection is a new sealed text, hence a new entry; the entry
 * was authenticated (AES-GCM, bound to its store) when it was opened. It holds API keys in clear,
 * like the requests that use them: process memory only, a bounded number of stores.
 */
export type OpenedConnections = LruMap<string, BlinkConnection>;

export function createOpenedConnections(maxEntries = 1_000): OpenedConnections {
  return createLruMap(maxEntries);
}

type OpenDeps = { readonly sealer: SecretSealer; readonly openedConnections?: OpenedConnections };

export interface LoadedStoreConnection {
  readonly stored: StoredStoreConnection;
  /** With the API key in clear: hand it to the Blink port only, never to a log or a response. */
  readonly connection: BlinkConnection;
}

/** The store's connection with the key unsealed, for the use cases that call Blink (invoice creation…). */
export async function loadStoreConnection(
  deps: Deps & OpenDeps,
  storeId: StoreId,
): Promise<LoadedStoreConnection | PaymentMethodNotFoundError | StoredConnectionUnreadableError> {
  return openStoredConnection(deps, storeId, await deps.stores.findConnection(storeId));
}

/** The store and its unsealed connection from one read: invoice creation's hot path. */
export async function loadStoreWithConnection(
  deps: Deps & OpenDeps,
  storeId: StoreId,
): Promise<{ readonly store: Store; readonly loaded: Awaited<ReturnType<typeof loadStoreConnection>> } | StoreNotFoundError> {
  const found = await deps.stores.findWithConnection(storeId);
  if (found === null) return new StoreNotFoundError();
  return { store: found.store, loaded: openStoredConnection(deps, storeId, found.connection) };
}

function openStoredConnection(
  deps: OpenDeps,
  storeId: StoreId,
  stored: StoredStoreConnection | null,
): LoadedStoreConnection | PaymentMethodNotFoundError | StoredConnectionUnreadableError {
  if (stored === null) return new PaymentMethodNotFoundError();
  const cacheKey = `${storeId}\n${stored.sealedConnection}`;
  const cached = deps.openedConnections?.get(cacheKey);
  if (cached !== undefined) return { stored, connection: cached };
  const opened = deps.sealer.open(stored.sealedConnection, storeConnectionContext(storeId));
  if (typeof opened !== 'string') {
    return new StoredConnectionUnreadableError(`The store's Blink connection cannot be decrypted (${opened.code}): ${opened.message}`);
  }
  const parsed = parseConnectionString(opened);
  if (parsed instanceof Error) {
    // Only the gateway writes this string (formatConnectionString), so this is a bug; the message names no value.
    return new StoredConnectionUnreadableError(`The store's stored Blink connection no longer parses (${parsed.code})`);
  }
  deps.openedConnections?.set(cacheKey, parsed.connection);
  return { stored, connection: parsed.connection };
}
