/**
 * Greenfield's webhook endpoints: the store's webhooks (CRUD) and each webhook's deliveries (list,
 * read, the exact request bytes, redeliver). All need `btcpay.store.webhooks.canmodifywebhooks`.
 */
import { z } from 'zod';
import { getDelivery, listDeliveries, MAX_DELIVERIES_LISTED, redeliver, type RedeliverDeps } from '../../app/webhooks/deliveries';
import { WebhookDeliveryNotFoundError, WebhookNotFoundError } from '../../app/webhooks/errors';
import {
  createWebhook, deleteWebhook, getWebhook, listWebhooks, updateWebhook, type WebhookDeps,
} from '../../app/webhooks/webhooks';
import { parseDeliveryId, parseWebhookId, type DeliveryId, type WebhookId } from '../../domain/ids';
import type { Policy } from '../../domain/permissions';
import type { RouteModule } from '../route-kit';
import { storeFailure, storeIdOf } from './stores';
import {
  deliveryData, deliveryDetailData, toDeliveryData, toDeliveryDetailData, toWebhookData, webhookData, webhookRequest,
} from './webhook-view';

export type WebhookRouteDeps = WebhookDeps & RedeliverDeps;

const TAGS = ['Webhooks'];
const MODIFY: Policy = 'btcpay.store.webhooks.canmodifywebhooks';
const auth = { kind: 'permission', policy: MODIFY, storeParam: 'storeId' } as const;
const BASE = '/api/v1/stores/{storeId}/webhooks';

const storeParams = z.object({ storeId: z.string().max(200) });
const webhookParams = storeParams.extend({ webhookId: z.string().max(200) });
const deliveryParams = webhookParams.extend({ deliveryId: z.string().max(200) });
const countQuery = z.object({ count: z.coerce.number().int().min(0).optional() });

const webhookIdOf = (raw: string): WebhookId | WebhookNotFoundError => {
  const id = parseWebhookId(raw);
  return id instanceof Error ? new WebhookNotFoundError() : id;
};
const deliveryIdOf = (raw: string): DeliveryId | WebhookDeliveryNotFoundError => {
  const id = parseDeliveryId(raw);
  return id instanceof Error ? new WebhookDeliveryNotFoundError() : id;
};

/** The path's ids, or the not-found error of the first that names nothing. */
function pathIds(params: { storeId: string; webhookId: string; deliveryId?: string }) {
  const storeId = storeIdOf(params.storeId);
  if (storeId instanceof Error) return storeId;
  const webhookId = webhookIdOf(params.webhookId);
  if (webhookId instanceof Error) return webhookId;
  if (params.deliveryId === undefined) return { storeId, webhookId, deliveryId: undefined };
  const deliveryId = deliveryIdOf(params.deliveryId);
  return deliveryId instanceof Error ? deliveryId : { storeId, webhookId, deliveryId };
}

const notFound = {
  webhook: { 404: { description: 'No such webhook (`webhook-not-found`) or store (`store-not-found`)' } },
  delivery: { 404: { description: 'No such webhook (`webhook-not-found`) or delivery (`webhookdelivery-not-found`)' } },
};

export function webhookRoutes(deps: WebhookRouteDeps): RouteModule {
  return {
    name: 'webhooks',
    mount(kit) {
      kit.route({
        method: 'get', path: BASE, operationId: 'Webhooks_GetWebhooks', summary: "The store's webhooks", tags: TAGS, auth,
        params: storeParams, responses: { 200: { description: 'Webhooks', schema: z.array(webhookData) }, ...notFound.webhook },
        handler: async ({ params }) => {
          const storeId = storeIdOf(params.storeId);
          const list = storeId instanceof Error ? storeId : await listWebhooks(deps, storeId);
          return list instanceof Error ? storeFailure(list) : { status: 200, body: list.map((webhook) => toWebhookData(webhook)) };
        },
      });
      kit.route({
        method: 'post', path: BASE, operationId: 'Webhooks_CreateWebhook',
        summary: 'Create a webhook; an empty secret is generated (`whsec_` + base64 of 32 bytes) and returned only here',
        tags: TAGS, auth, params: storeParams, body: webhookRequest,
        responses: { 200: { description: 'The webhook, with its secret', schema: webhookData }, 422: { description: '`Invalid Url`' }, ...notFound.webhook },
        handler: async ({ params, body }) => {
          const storeId = storeIdOf(params.storeId);
          if (storeId instanceof Error) return storeFailure(storeId);
          const created = await createWebhook(deps, storeId, body);
          if (created instanceof Error) return created.code === 'store-not-found' ? storeFailure(created) : created;
          return { status: 200, body: toWebhookData(created.webhook, created.secret) };
        },
      });
      kit.route({
        method: 'get', path: `${BASE}/{webhookId}`, operationId: 'Webhooks_GetWebhook', summary: 'A webhook', tags: TAGS, auth,
        params: webhookParams, responses: { 200: { description: 'The webhook', schema: webhookData }, ...notFound.webhook },
        handler: async ({ params }) => {
          const ids = pathIds(params);
          if (ids instanceof Error) return ids.code === 'store-not-found' ? storeFailure(ids) : ids;
          const webhook = await getWebhook(deps, ids.storeId, ids.webhookId);
          return webhook instanceof Error ? webhook : { status: 200, body: toWebhookData(webhook) };
        },
      });
      kit.route({
        method: 'put', path: `${BASE}/{webhookId}`, operationId: 'Webhooks_UpdateWebhook',
        summary: 'Replace a webhook (an empty secret keeps the current one)', tags: TAGS, auth, params: webhookParams, body: webhookRequest,
        responses: { 200: { description: 'The webhook', schema: webhookData }, 422: { description: '`Invalid Url`' }, ...notFound.webhook },
        handler: async ({ params, body }) => {
          const ids = pathIds(params);
          if (ids instanceof Error) return ids.code === 'store-not-found' ? storeFailure(ids) : ids;
          const updated = await updateWebhook(deps, ids.storeId, ids.webhookId, body);
          if (updated instanceof Error) return updated.code === 'store-not-found' ? storeFailure(updated) : updated;
          return { status: 200, body: toWebhookData(updated) };
        },
      });
      kit.route({
        method: 'delete', path: `${BASE}/{webhookId}`, operationId: 'Webhooks_DeleteWebhook', summary: 'Delete a webhook and its deliveries',
        tags: TAGS, auth, params: webhookParams, responses: { 200: { description: 'Deleted' }, ...notFound.webhook },
        handler: async ({ params }) => {
          const ids = pathIds(params);
          if (ids instanceof Error) return ids.code === 'store-not-found' ? storeFailure(ids) : ids;
          const deleted = await deleteWebhook(deps, ids.storeId, ids.webhookId);
          return deleted instanceof Error ? deleted : { status: 200 };
        },
      });
      mountDeliveries(kit, deps);
    },
  };
}

function mountDeliveries(kit: Parameters<RouteModule['mount']>[0], deps: WebhookRouteDeps): void {
  kit.route({
    method: 'get', path: `${BASE}/{webhookId}/deliveries`, operationId: 'Webhooks_GetWebhookDeliveries',
    summary: `The latest deliveries, newest first (\`count\`, at most ${MAX_DELIVERIES_LISTED})`, tags: TAGS, auth,
    params: webhookParams, query: countQuery,
    responses: { 200: { description: 'Deliveries', schema: z.array(deliveryData) }, ...notFound.webhook },
    handler: async ({ params, query }) => {
      const ids = pathIds(params);
      if (ids instanceof Error) return ids.code === 'store-not-found' ? storeFailure(ids) : ids;
      const list = await listDeliveries(deps, ids.storeId, ids.webhookId, query.count ?? MAX_DELIVERIES_LISTED);
      return list instanceof Error ? list : { status: 200, body: list.map(toDeliveryData) };
    },
  });
  kit.route({
    method: 'get', path: `${BASE}/{webhookId}/deliveries/{deliveryId}`, operationId: 'Webhooks_GetWebhookDelivery',
    summary: 'A delivery, with every attempt', tags: TAGS, auth, params: deliveryParams,
    responses: { 200: { description: 'The delivery', schema: deliveryDetailData }, ...notFound.delivery },
    handler: async ({ params }) => {
      const ids = pathIds(params);
      if (ids instanceof Error) return ids.code === 'store-not-found' ? storeFailure(ids) : ids;
      const found = await getDelivery(deps, ids.storeId, ids.webhookId, ids.deliveryId as DeliveryId);
      return found instanceof Error ? found : { status: 200, body: toDeliveryDetailData(found.delivery, found.attempts) };
    },
  });
  kit.route({
    method: 'get', path: `${BASE}/{webhookId}/deliveries/{deliveryId}/request`, operationId: 'Webhooks_GetWebhookDeliveryRequest',
    summary: 'The exact bytes sent (application/json)', tags: TAGS, auth, params: deliveryParams,
    responses: { 200: { description: 'The request body' }, ...notFound.delivery },
    handler: async ({ params }) => {
      const ids = pathIds(params);
      if (ids instanceof Error) return ids.code === 'store-not-found' ? storeFailure(ids) : ids;
      const found = await getDelivery(deps, ids.storeId, ids.webhookId, ids.deliveryId as DeliveryId);
      if (found instanceof Error) return found;
      return { status: 200, body: found.delivery.body, headers: { 'Content-Type': 'application/json; charset=utf-8' } };
    },
  });
  kit.route({
    method: 'post', path: `${BASE}/{webhookId}/deliveries/{deliveryId}/redeliver`, operationId: 'Webhooks_RedeliverWebhookDelivery',
    summary: 'Send a delivery again: a new delivery id, `isRedelivery: true`, the same `originalDeliveryId`', tags: TAGS, auth,
    params: deliveryParams,
    responses: {
      200: { description: 'The new delivery id (a JSON string)', schema: z.string() }, ...notFound.delivery,
      409: { description: 'Pruned after 60 days (`webhookdelivery-pruned`)' },
    },
    handler: async ({ params }) => {
      const ids = pathIds(params);
      if (ids instanceof Error) return ids.code === 'store-not-found' ? storeFailure(ids) : ids;
      const id = await redeliver(deps, ids.storeId, ids.webhookId, ids.deliveryId as DeliveryId);
      return id instanceof Error ? id : { status: 200, body: id };
    },
  });
}
