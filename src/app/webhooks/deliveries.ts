/**
 * Reading a webhook's deliveries and sending one again (Greenfield's `…/webhooks/{id}/deliveries`).
 * A redelivery is a new delivery with a new id and the original's body otherwise unchanged
 * (`isRedelivery: true`, same `originalDeliveryId` and `timestamp`), as BTCPay does.
 */
import { newDeliveryId, type DeliveryId, type StoreId, type WebhookId } from '../../domain/ids';
import { parseWebhookPayload, redeliveryPayload, serializeWebhookPayload } from '../../domain/webhook';
import type { Clock } from '../ports';
import { WebhookDeliveryNotFoundError, WebhookDeliveryPrunedError, WebhookNotFoundError } from './errors';
import type { DeliveryAttempt, DeliveryQueue, DeliveryRepository, StoredDelivery, WebhookRepository } from './ports';

export interface DeliveryReadDeps {
  readonly webhooks: Pick<WebhookRepository, 'findById'>;
  readonly deliveries: DeliveryRepository;
}

export interface RedeliverDeps extends DeliveryReadDeps {
  readonly queue: DeliveryQueue;
  readonly clock: Clock;
  readonly randomBytes: (size: number) => Uint8Array;
}

export const MAX_DELIVERIES_LISTED = 1000;

export async function listDeliveries(
  deps: DeliveryReadDeps, storeId: StoreId, webhookId: WebhookId, count: number,
): Promise<StoredDelivery[] | WebhookNotFoundError> {
  if ((await deps.webhooks.findById(storeId, webhookId)) === null) return new WebhookNotFoundError();
  return deps.deliveries.listForWebhook(webhookId, Math.min(Math.max(count, 0), MAX_DELIVERIES_LISTED));
}

type Lookup = WebhookNotFoundError | WebhookDeliveryNotFoundError;

export async function getDelivery(
  deps: DeliveryReadDeps, storeId: StoreId, webhookId: WebhookId, id: DeliveryId,
): Promise<{ readonly delivery: StoredDelivery; readonly attempts: DeliveryAttempt[] } | Lookup> {
  if ((await deps.webhooks.findById(storeId, webhookId)) === null) return new WebhookNotFoundError();
  const delivery = await deps.deliveries.findById(webhookId, id);
  if (delivery === null) return new WebhookDeliveryNotFoundError();
  return { delivery, attempts: await deps.deliveries.attemptsOf(id) };
}

/** The new delivery's id; its job is queued after the row is committed. */
export async function redeliver(
  deps: RedeliverDeps, storeId: StoreId, webhookId: WebhookId, id: DeliveryId,
): Promise<DeliveryId | Lookup | WebhookDeliveryPrunedError> {
  if ((await deps.webhooks.findById(storeId, webhookId)) === null) return new WebhookNotFoundError();
  const original = await deps.deliveries.findById(webhookId, id);
  if (original === null) return new WebhookDeliveryNotFoundError();
  if (original.pruned) return new WebhookDeliveryPrunedError();
  const payload = parseWebhookPayload(JSON.parse(original.body.toString('utf8')) as unknown);
  // A body we wrote that no longer reads back is a bug (or an altered row), not a client error.
  if (payload instanceof Error) throw payload;
  const newId = newDeliveryId(deps.randomBytes(16));
  const now = deps.clock.now();
  const body = Buffer.from(serializeWebhookPayload(redeliveryPayload(payload, newId)), 'utf8');
  await deps.deliveries.insertRedelivery({ id: newId, original, body, createdAt: now });
  // The row is committed: if Redis is down now, the sweeper queues it later (the adapter logs why).
  await deps.queue.enqueue([{ id: newId, nextAttemptAt: now }]).catch(() => undefined);
  return newId;
}
