/**
 * Writing the outbox: for each invoice event, one delivery row per enabled webhook of the store that
 * subscribes to its type, with the exact body it will send. Called inside the transaction that
 * writes the events, so a change and its deliveries commit (or roll back) together.
 *
 * After commit, the jobs must be queued. The writer cannot see its commit, so each row also sends a
 * `NOTIFY webhook_deliveries, '<id>'`: Postgres delivers notifications only when (and if) the
 * transaction commits, to every listening process (`listenForNewDeliveries`), which queues the job.
 * A process that missed one (not listening, reconnecting) is covered by `requeuePendingDeliveries`.
 */
import { randomBytes } from 'node:crypto';
import type { PoolClient } from 'pg';
import { z } from 'zod';
import { newDeliveryId, type DeliveryId, type InvoiceId, type StoreId, type WebhookId } from '../../domain/ids';
import type { InvoiceEvent } from '../../domain/invoice/events';
import {
  buildWebhookPayload, isEventAuthorized, serializeWebhookPayload, type JsonObject,
} from '../../domain/webhook';

export const NEW_DELIVERY_CHANNEL = 'webhook_deliveries';

/** An invoice event as its row holds it (the invoice repository's `StoredInvoiceEvent`). */
export interface OutboxEvent {
  /** invoice_events.id */
  readonly id: string;
  readonly invoiceId: InvoiceId;
  readonly event: InvoiceEvent;
  readonly occurredAt: Date;
}

export interface OutboxOptions {
  /** The invoice's metadata, sent in every payload. */
  readonly metadata: Readonly<Record<string, unknown>>;
  readonly newDeliveryId?: () => DeliveryId;
}

const webhookRow = z.object({ id: z.string(), events_everything: z.boolean(), specific_events: z.array(z.string()) });
const jsonObject = z.record(z.string(), z.json());

/** An enabled webhook of a store, as far as the outbox cares: which events it wants. */
export interface OutboxWebhook {
  readonly id: string;
  readonly everything: boolean;
  readonly specificEvents: readonly string[];
}

/** One delivery row to write; `event` is the key of the event it delivers (its row id, or its index). */
export interface PlannedDelivery<K> {
  readonly id: DeliveryId;
  readonly webhookId: string;
  readonly event: K;
  readonly type: string;
  readonly createdAt: Date;
  readonly body: Buffer;
}

/**
 * For each event, one delivery per webhook that subscribes to its type, with the exact body it will
 * send. Pure apart from the delivery ids; the invoice creation path plans its rows before the events
 * have ids (keyed by index) and writes them in the same statement (invoice-insert.ts).
 */
export function planWebhookDeliveries<K>(
  storeId: StoreId,
  events: readonly { readonly key: K; readonly invoiceId: InvoiceId; readonly event: InvoiceEvent; readonly occurredAt: Date }[],
  hooks: readonly OutboxWebhook[],
  options: OutboxOptions,
): PlannedDelivery<K>[] {
  if (events.length === 0 || hooks.length === 0) return [];
  const metadata = jsonObject.parse(options.metadata) as JsonObject;
  const nextId = options.newDeliveryId ?? (() => newDeliveryId(randomBytes(16)));
  const rows: PlannedDelivery<K>[] = [];
  for (const stored of events) {
    for (const hook of hooks) {
      if (!isEventAuthorized({ everything: hook.everything, specificEvents: [...hook.specificEvents] }, stored.event.type)) continue;
      const id = nextId();
      const payload = buildWebhookPayload({
        deliveryId: id, webhookId: hook.id as WebhookId, storeId, invoiceId: stored.invoiceId, metadata, event: stored.event, now: stored.occurredAt,
      });
      rows.push({ id, webhookId: hook.id, event: stored.key, type: stored.event.type, createdAt: stored.occurredAt,
        body: Buffer.from(serializeWebhookPayload(payload), 'utf8') });
    }
  }
  return rows;
}

/** Returns the ids of the deliveries written (none when no webhook wants these events). */
export async function recordWebhookDeliveries(
  tx: PoolClient, storeId: StoreId, events: readonly OutboxEvent[], options: OutboxOptions,
): Promise<DeliveryId[]> {
  if (events.length === 0) return [];
  const hooks = (await tx.query('SELECT id, events_everything, specific_events FROM webhooks WHERE store_id = $1 AND enabled', [storeId]))
    .rows.map((raw) => webhookRow.parse(raw))
    .map((row) => ({ id: row.id, everything: row.events_everything, specificEvents: row.specific_events }));
  const rows = planWebhookDeliveries(storeId, events.map((stored) => ({ ...stored, key: stored.id })), hooks, options);
  if (rows.length === 0) return [];
  const inserted = await tx.query(
    `INSERT INTO webhook_deliveries (id, webhook_id, store_id, original_delivery_id, is_redelivery, invoice_event_id, event_type,
       status, attempts, next_attempt_at, created_at, body)
     SELECT r.id, r.webhook_id, $1, r.id, false, r.event_id, r.type, 'pending', 0, r.created_at, r.created_at, r.body
     FROM unnest($2::text[], $3::text[], $4::bigint[], $5::text[], $6::timestamptz[], $7::bytea[])
       AS r(id, webhook_id, event_id, type, created_at, body)
     ON CONFLICT (webhook_id, invoice_event_id) WHERE NOT is_redelivery AND invoice_event_id IS NOT NULL DO NOTHING
     RETURNING id`,
    [storeId, rows.map((r) => r.id), rows.map((r) => r.webhookId), rows.map((r) => r.event), rows.map((r) => r.type),
      rows.map((r) => r.createdAt), rows.map((r) => r.body)]);
  const ids = inserted.rows.map((row: { id: string }) => row.id as DeliveryId);
  if (ids.length > 0) await tx.query(`SELECT pg_notify($1, id) FROM unnest($2::text[]) AS id`, [NEW_DELIVERY_CHANNEL, ids]);
  return ids;
}

/** The invoice repository's event hook (`eventHooks` option) that writes the outbox. */
export function webhookOutboxHook(): (
  tx: PoolClient, events: readonly OutboxEvent[], invoice: { readonly storeId: StoreId; readonly metadata: Readonly<Record<string, unknown>> },
) => Promise<void> {
  return async (tx, events, invoice) => {
    await recordWebhookDeliveries(tx, invoice.storeId, events, { metadata: invoice.metadata });
  };
}
