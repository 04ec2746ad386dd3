/** Reading and removing a store's Blink connection; `loadStoreConnection` is how other use cases get the key. */
import { parseConnectionString, type BlinkConnection } from '../../../connection-string';
import type { StoreId } from '../../domain/store/store-id';
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
  const stored = await deps.stores.findConnection(storeId);
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
