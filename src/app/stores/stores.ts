/** Store use cases: create, read, list, update, delete (Greenfield's `/api/v1/stores`). */
import { storesGranted, type Permission } from '../../domain/permissions';
import type { StoreId } from '../../domain/store/store-id';
import {
  newStoreSettings, updatedStoreSettings, type CreateStoreRequest, type Store, type UpdateStoreRequest,
} from '../../domain/store/store-settings';
import type { Clock, StoreRepository } from '../ports';
import { StoreNotFoundError } from './errors';

export interface StoreDeps {
  readonly stores: StoreRepository;
  readonly clock: Clock;
  readonly newStoreId: () => StoreId;
}

export async function createStore(deps: StoreDeps, request: CreateStoreRequest): Promise<Store> {
  const now = deps.clock.now();
  const store: Store = { id: deps.newStoreId(), ...newStoreSettings(request), createdAt: now, updatedAt: now };
  await deps.stores.insert(store);
  return store;
}

export async function getStore(deps: Pick<StoreDeps, 'stores'>, id: StoreId): Promise<Store | StoreNotFoundError> {
  return (await deps.stores.findById(id)) ?? new StoreNotFoundError();
}

/** The stores on which `permissions` grant viewing the settings (all of them for an unscoped key). */
export async function listStores(deps: Pick<StoreDeps, 'stores'>, permissions: readonly Permission[]): Promise<Store[]> {
  const granted = storesGranted(permissions, 'btcpay.store.canviewstoresettings');
  if (granted !== 'all' && granted.size === 0) return [];
  return deps.stores.list(granted);
}

export async function updateStore(
  deps: Pick<StoreDeps, 'stores' | 'clock'>,
  id: StoreId,
  request: UpdateStoreRequest,
): Promise<Store | StoreNotFoundError> {
  const current = await deps.stores.findById(id);
  if (current === null) return new StoreNotFoundError();
  const updated: Store = { ...current, ...updatedStoreSettings(current, request), updatedAt: deps.clock.now() };
  return (await deps.stores.update(updated)) ? updated : new StoreNotFoundError();
}

/** Deletes the store with its Blink connection (and, with it, the only copy of the sealed key). */
export async function deleteStore(deps: Pick<StoreDeps, 'stores'>, id: StoreId): Promise<true | StoreNotFoundError> {
  return (await deps.stores.delete(id)) ? true : new StoreNotFoundError();
}
