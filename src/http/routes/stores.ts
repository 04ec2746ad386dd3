import { z } from 'zod';
import { MissingPermissionError } from '../../app/api-keys/errors';
import type { Clock, StoreRepository } from '../../app/ports';
import {
  BlinkUnavailableError, PaymentMethodNotFoundError, StoredConnectionUnreadableError, StoreNotFoundError,
} from '../../app/stores/errors';
import { createStore, deleteStore, getStore, listStores, updateStore } from '../../app/stores/stores';
import { storesGranted } from '../../domain/permissions';
import { parseStoreId, type StoreId } from '../../domain/store/store-id';
import { createStoreSchema, speedPolicies, updateStoreSchema, type Store } from '../../domain/store/store-settings';
import type { HandlerResult, RouteModule } from '../route-kit';

/** Greenfield's `/api/v1/stores` (the `StoreData` subset in store-settings.ts). */
export const storeData = z.object({
  id: z.string(),
  name: z.string(),
  website: z.string().nullable(),
  defaultCurrency: z.string(),
  invoiceExpiration: z.number().int().describe('Seconds before an unpaid invoice expires (default 900)'),
  monitoringExpiration: z.number().int().describe('Seconds an expired invoice is still watched for a late payment'),
  speedPolicy: z.enum(speedPolicies),
  lightningDescriptionTemplate: z.string().describe('The BOLT11 memo; placeholders {StoreName}, {OrderId}, {ItemDescription}'),
  paymentTolerance: z.number(),
});

export function toStoreData(store: Store): z.infer<typeof storeData> {
  return {
    id: store.id,
    name: store.name,
    website: store.website,
    defaultCurrency: store.defaultCurrency,
    invoiceExpiration: store.invoiceExpirationSeconds,
    monitoringExpiration: store.monitoringExpirationSeconds,
    speedPolicy: store.speedPolicy,
    lightningDescriptionTemplate: store.lightningDescriptionTemplate,
    paymentTolerance: store.paymentTolerance,
  };
}

export const storeIdParams = z.object({ storeId: z.string().max(200) });

/** A path id no store can have is simply not found (the permission check has already run). */
export const storeIdOf = (raw: string): StoreId | StoreNotFoundError => parseStoreId(raw) ?? new StoreNotFoundError();

export type StoreFailure = StoreNotFoundError | PaymentMethodNotFoundError | BlinkUnavailableError | StoredConnectionUnreadableError;

/**
 * Store failures in Greenfield's `{code, message}` shape. They belong in src/http/error-map.ts with
 * the others; until that map knows them, the store routes map them here.
 */
export function storeFailure(error: StoreFailure): HandlerResult {
  const body = { code: error.code, message: error.message };
  switch (error.code) {
    case 'store-not-found':
    case 'paymentmethod-not-found':
      return { status: 404, body };
    case 'blink-unavailable':
      return { status: 503, body, headers: { 'Retry-After': '30' } };
    case 'stored-connection-unreadable':
      return { status: 500, body };
  }
}

const VIEW = 'btcpay.store.canviewstoresettings';
const MODIFY = 'btcpay.store.canmodifystoresettings';

export interface StoreRouteDeps {
  readonly stores: StoreRepository;
  readonly clock: Clock;
  readonly newStoreId: () => StoreId;
}

export function storeRoutes(deps: StoreRouteDeps): RouteModule {
  return {
    name: 'stores',
    mount(kit) {
      kit.route({
        method: 'get', path: '/api/v1/stores', operationId: 'Stores_GetStores', summary: 'The stores the key may view',
        tags: ['Stores'], auth: { kind: 'authenticated' },
        responses: { 200: { description: 'Stores', schema: z.array(storeData) } },
        handler: async ({ principal }) => {
          const granted = storesGranted(principal.permissions, VIEW);
          if (granted !== 'all' && granted.size === 0) return new MissingPermissionError(VIEW);
          return { status: 200, body: (await listStores(deps, principal.permissions)).map(toStoreData) };
        },
      });
      kit.route({
        method: 'post', path: '/api/v1/stores', operationId: 'Stores_CreateStore', summary: 'Create a store',
        tags: ['Stores'], auth: { kind: 'permission', policy: MODIFY }, body: createStoreSchema,
        responses: { 200: { description: 'The new store', schema: storeData } },
        handler: async ({ body }) => ({ status: 200, body: toStoreData(await createStore(deps, body)) }),
      });
      kit.route({
        method: 'get', path: '/api/v1/stores/{storeId}', operationId: 'Stores_GetStore', summary: 'A store',
        tags: ['Stores'], auth: { kind: 'permission', policy: VIEW, storeParam: 'storeId' }, params: storeIdParams,
        responses: { 200: { description: 'The store', schema: storeData }, 404: { description: 'No such store (`store-not-found`)' } },
        handler: async ({ params }) => {
          const id = storeIdOf(params.storeId);
          const store = id instanceof Error ? id : await getStore(deps, id);
          return store instanceof Error ? storeFailure(store) : { status: 200, body: toStoreData(store) };
        },
      });
      kit.route({
        method: 'put', path: '/api/v1/stores/{storeId}', operationId: 'Stores_UpdateStore',
        summary: 'Update a store (fields left out keep their value)', tags: ['Stores'],
        auth: { kind: 'permission', policy: MODIFY, storeParam: 'storeId' }, params: storeIdParams, body: updateStoreSchema,
        responses: { 200: { description: 'The updated store', schema: storeData }, 404: { description: 'No such store (`store-not-found`)' } },
        handler: async ({ params, body }) => {
          const id = storeIdOf(params.storeId);
          const store = id instanceof Error ? id : await updateStore(deps, id, body);
          return store instanceof Error ? storeFailure(store) : { status: 200, body: toStoreData(store) };
        },
      });
      kit.route({
        method: 'delete', path: '/api/v1/stores/{storeId}', operationId: 'Stores_DeleteStore',
        summary: 'Delete a store and its Blink connection', tags: ['Stores'],
        auth: { kind: 'permission', policy: MODIFY, storeParam: 'storeId' }, params: storeIdParams,
        responses: { 200: { description: 'Deleted' }, 404: { description: 'No such store (`store-not-found`)' } },
        handler: async ({ params }) => {
          const id = storeIdOf(params.storeId);
          const deleted = id instanceof Error ? id : await deleteStore(deps, id);
          return deleted instanceof Error ? storeFailure(deleted) : { status: 200 };
        },
      });
    },
  };
}
