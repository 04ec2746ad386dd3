/** Reading and removing a store's Blink connection; `loadStoreConnection` is how other use cases get the key. */
import { parseConnectionString, type BlinkConnection } from '../../../connection-string';
import type { StoreId } from '../../domain/store/store-id';
import type { Store } from '../../domain/store/store-settings';
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

export interface LoadedStoreConnection {
  readonly stored: StoredStoreConnection;
  /** With the API key in clear: hand it to the Blink port only, never to a log or a response. */
  readonly connection: BlinkConnection;
}

/** The store's connection with the key unsealed, for the use cases that call Blink (invoice creation…). */
export async function loadStoreConnection(
  deps: Deps & { readonly sealer: SecretSealer },
  storeId: StoreId,
): Promise<LoadedStoreConnection | PaymentMethodNotFoundError | StoredConnectionUnreadableError> {
  return openStoredConnection(deps, storeId, await deps.stores.findConnection(storeId));
}

/** The store and its unsealed connection from one read: invoice creation's hot path. */
export async function loadStoreWithConnection(
  deps: Deps & { readonly sealer: SecretSealer },
  storeId: StoreId,
): Promise<{ readonly store: Store; readonly loaded: Awaited<ReturnType<typeof loadStoreConnection>> } | StoreNotFoundError> {
  const found = await deps.stores.findWithConnection(storeId);
  if (found === null) return new StoreNotFoundError();
  return { store: found.store, loaded: openStoredConnection(deps, storeId, found.connection) };
}

function openStoredConnection(
  deps: { readonly sealer: SecretSealer },
  storeId: StoreId,
  stored: StoredStoreConnection | null,
): LoadedStoreConnection | PaymentMethodNotFoundError | StoredConnectionUnreadableError {
  if (stored === null) return new PaymentMethodNotFoundError();
  const opened = deps.sealer.open(stored.sealedConnection, storeConnectionContext(storeId));
  if (typeof opened !== 'string') {
    return new StoredConnectionUnreadableError(`The store's Blink connection cannot be decrypted (${opened.code}): ${opened.message}`);
  }
  const parsed = parseConnectionString(opened);
  if (parsed instanceof Error) {
    // Only the gateway writes this string (formatConnectionString), so this is a bug; the message names no value.
    return new StoredConnectionUnreadableError(`The store's stored Blink connection no longer parses (${parsed.code})`);
  }
  return { stored, connection: parsed.connection };
}
