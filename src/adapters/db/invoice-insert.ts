/**
 * A new invoice in ONE round trip: the invoice row, its events, its webhook outbox rows (with their
 * NOTIFY) and the completion of its Idempotency-Key, in one statement, hence atomic without a
 * transaction (invoice creation is the hot path; BEGIN … COMMIT cost five more round trips).
 *
 * The outbox bodies are built here, before the statement, for the store's enabled webhooks as this
 * process last saw them (a small per-store cache). The statement re-reads that set in its own snapshot
 * and writes NOTHING unless it is the one the bodies were built for; the caller then re-reads the set
 * and tries again. So every enabled webhook visible to the statement gets its delivery, exactly as
 * when the outbox was written inside a transaction, whatever another process changed meanwhile.
 */
import type { Pool } from 'pg';
import { z } from 'zod';
import type { StoredInvoice } from '../../app/ports';
import type { InvoiceEvent } from '../../domain/invoice/events';
import { INSERT_INVOICE_COLUMNS, invoiceValues } from './invoice-rows';
import { NEW_DELIVERY_CHANNEL, planWebhookDeliveries, type OutboxWebhook } from './webhook-outbox';
import type { DeliveryId } from '../../domain/ids';

/** A store's enabled webhooks (what the outbox needs of them), and the JSON the statement compares. */
export interface WebhookSet {
  readonly hooks: readonly OutboxWebhook[];
  readonly json: string;
}

/** The same expression in the read and in the guard, so equal sets compare equal as jsonb. */
const WEBHOOK_SET_OF = (storeParam: string) => `SELECT coalesce(jsonb_agg(jsonb_build_array(id, events_everything, specific_events) ORDER BY id), '[]'::jsonb)
  FROM webhooks WHERE store_id = ${storeParam} AND enabled`;

const webhookSetSchema = z.array(z.tuple([z.string(), z.boolean(), z.array(z.string())]));

export async function readWebhookSet(pool: Pool, storeId: string): Promise<WebhookSet> {
  const result = await pool.query({ name: 'webhook-set-of-store', text: `SELECT (${WEBHOOK_SET_OF('$1')}) AS set`, values: [storeId] });
  const set = webhookSetSchema.parse((result.rows[0] as { set: unknown } | undefined)?.set ?? []);
  return { hooks: set.map(([id, everything, specificEvents]) => ({ id, everything, specificEvents })), json: JSON.stringify(set) };
}

/**
 * Parameters: `invoiceValues` ($1–$28), the events as a JSON array ($29), the Idempotency-Key or NULL
 * ($30), the webhook set the deliveries were planned for ($31), the deliveries ($32–$35: ids, webhook
 * ids, 1-based event index, types; $36 bodies), the NOTIFY channel ($37). Event ids follow the events'
 * order (ORDER BY e.n), so the n-th smallest new id is event n.
 */
const INSERT_WITH_OUTBOX = `WITH guard AS (
    SELECT (${WEBHOOK_SET_OF('$2')}) = $31::jsonb AS ok),
  inserted AS (
    INSERT INTO invoices (${INSERT_INVOICE_COLUMNS})
    SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24,
      $25, $26, $27, $28
    FROM guard WHERE guard.ok
    RETURNING id, store_id),
  events AS (
    INSERT INTO invoice_events (invoice_id, store_id, type, data, occurred_at)
    SELECT inserted.id, inserted.store_id, e.data->>'type', e.data, $28
    FROM inserted, jsonb_array_elements($29::jsonb) WITH ORDINALITY AS e(data, n) ORDER BY e.n
    RETURNING id),
  numbered AS (SELECT id, row_number() OVER (ORDER BY id) AS n FROM events),
  delivered AS (
    INSERT INTO webhook_deliveries (id, webhook_id, store_id, original_delivery_id, is_redelivery, invoice_event_id, event_type,
      status, attempts, next_attempt_at, created_at, body)
    SELECT d.id, d.webhook_id, $2, d.id, false, numbered.id, d.type, 'pending', 0, $28, $28, d.body
    FROM unnest($32::text[], $33::text[], $34::bigint[], $35::text[], $36::bytea[]) AS d(id, webhook_id, n, type, body)
    JOIN numbered ON numbered.n = d.n
    ON CONFLICT (webhook_id, invoice_event_id) WHERE NOT is_redelivery AND invoice_event_id IS NOT NULL DO NOTHING
    RETURNING id),
  notified AS (SELECT pg_notify($37, id) AS sent FROM delivered),
  completed AS (
    UPDATE idempotency_keys SET invoice_id = $1
    WHERE $30::text IS NOT NULL AND store_id = $2 AND key = $30 AND invoice_id IS NULL AND EXISTS (SELECT 1 FROM inserted))
  SELECT (SELECT count(*) FROM inserted)::int AS inserted, (SELECT count(sent) FROM notified)::int AS notified`;

export interface InsertOptions {
  readonly now: Date;
  readonly idempotency?: { readonly key: string };
  readonly newDeliveryId?: () => DeliveryId;
}

/**
 * Writes the invoice if `webhooks` is still the store's enabled set; `false` (nothing written) when
 * it no longer is. Other failures (a duplicate id, Postgres away) throw, as the insert always did.
 */
export async function insertInvoiceWithOutbox(
  pool: Pool, invoice: StoredInvoice, events: readonly InvoiceEvent[], webhooks: WebhookSet, options: InsertOptions,
): Promise<boolean> {
  const deliveries = planWebhookDeliveries(
    invoice.storeId,
    events.map((event, index) => ({ key: index + 1, invoiceId: invoice.id, event, occurredAt: options.now })),
    webhooks.hooks,
    { metadata: invoice.metadata, ...(options.newDeliveryId === undefined ? {} : { newDeliveryId: options.newDeliveryId }) },
  );
  const result = await pool.query({
    name: 'invoice-insert-with-outbox',
    text: INSERT_WITH_OUTBOX,
    values: [
      ...invoiceValues(invoice, options.now), JSON.stringify(events), options.idempotency?.key ?? null, webhooks.json,
      deliveries.map((d) => d.id), deliveries.map((d) => d.webhookId), deliveries.map((d) => d.event), deliveries.map((d) => d.type),
      deliveries.map((d) => d.body), NEW_DELIVERY_CHANNEL,
    ],
  });
  return (result.rows[0] as { inserted: number } | undefined)?.inserted === 1;
}
