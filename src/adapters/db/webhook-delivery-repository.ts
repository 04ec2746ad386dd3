/**
 * The `webhook_deliveries` outbox and its `webhook_delivery_attempts` (migrations/004_webhooks.sql).
 * Recording attempts is one statement (CTEs), so each delivery's state, its attempt row and a 410's
 * disabling of the webhook are written together, and only if no other attempt was recorded meanwhile.
 * Loading and recording take many deliveries at once (`loadManyForAttempt`, `recordAttempts`): a
 * worker process batches its concurrent attempts into one statement each (delivery-batching.ts).
 */
import type { Pool } from 'pg';
import { z } from 'zod';
import type {
  AttemptRecord, DeliveryAttempt, DeliveryForAttempt, DeliveryRepository, PendingDelivery, StoredDelivery,
} from '../../app/webhooks/ports';
import type { DeliveryId, StoreId, WebhookId } from '../../domain/ids';

const deliveryRow = z.object({
  id: z.string(),
  webhook_id: z.string(),
  store_id: z.string(),
  original_delivery_id: z.string(),
  is_redelivery: z.boolean(),
  invoice_event_id: z.union([z.string(), z.number()]).nullable().transform((value) => (value === null ? null : String(value))),
  event_type: z.string(),
  status: z.enum(['pending', 'delivered', 'failed']),
  attempts: z.number().int(),
  next_attempt_at: z.date().nullable(),
  created_at: z.date(),
  last_attempt_at: z.date().nullable(),
  last_http_code: z.number().int().nullable(),
  last_record_status: z.enum(['HttpSuccess', 'HttpError', 'Failed']).nullable(),
  last_error: z.string().nullable(),
  body: z.instanceof(Buffer),
  pruned: z.boolean(),
});

const attemptRow = z.object({
  attempt: z.number().int(),
  attempted_at: z.date(),
  record_status: z.enum(['HttpSuccess', 'HttpError', 'Failed']),
  http_code: z.number().int().nullable(),
  latency_ms: z.number().int(),
  error: z.string().nullable(),
  response_head: z.instanceof(Buffer).nullable(),
});

const DELIVERY_COLUMNS = `d.id, d.webhook_id, d.store_id, d.original_delivery_id, d.is_redelivery, d.invoice_event_id, d.event_type,
  d.status, d.attempts, d.next_attempt_at, d.created_at, d.last_attempt_at, d.last_http_code, d.last_record_status, d.last_error,
  d.body, d.pruned`;

function toDelivery(raw: unknown): StoredDelivery {
  const row = deliveryRow.parse(raw);
  return {
    id: row.id as DeliveryId,
    webhookId: row.webhook_id as WebhookId,
    storeId: row.store_id as StoreId,
    originalDeliveryId: row.original_delivery_id as DeliveryId,
    isRedelivery: row.is_redelivery,
    invoiceEventId: row.invoice_event_id,
    eventType: row.event_type,
    state: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    createdAt: row.created_at,
    lastAttemptAt: row.last_attempt_at,
    lastHttpCode: row.last_http_code,
    lastRecordStatus: row.last_record_status,
    lastError: row.last_error,
    body: row.body,
    pruned: row.pruned,
  };
}

function toAttempt(raw: unknown): DeliveryAttempt {
  const row = attemptRow.parse(raw);
  return {
    attempt: row.attempt, attemptedAt: row.attempted_at, recordStatus: row.record_status, httpCode: row.http_code,
    latencyMs: row.latency_ms, error: row.error, responseHead: row.response_head,
  };
}

const loadedWebhookRow = z.object({
  w_id: z.string(),
  w_url: z.string(),
  w_secret_sealed: z.string(),
  w_enabled: z.boolean(),
  w_automatic_redelivery: z.boolean(),
});

/** Errors are stored for people to read; a receiver's or a socket's text is bounded. */
const MAX_ERROR_LENGTH = 500;

const pendingRow = z.object({ id: z.string(), next_attempt_at: z.date() });

/** The deliveries (with their webhooks) that exist among `ids`, by id. */
export async function loadManyForAttempt(pool: Pool, ids: readonly DeliveryId[]): Promise<Map<string, DeliveryForAttempt>> {
  const found = new Map<string, DeliveryForAttempt>();
  if (ids.length === 0) return found;
  const result = await pool.query(
    `SELECT ${DELIVERY_COLUMNS}, w.id AS w_id, w.url AS w_url, w.secret_sealed AS w_secret_sealed, w.enabled AS w_enabled,
       w.automatic_redelivery AS w_automatic_redelivery
     FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id WHERE d.id = ANY($1::text[])`, [ids]);
  for (const raw of result.rows) {
    const webhook = loadedWebhookRow.parse(raw);
    const delivery = toDelivery(raw);
    found.set(delivery.id, {
      delivery,
      webhook: {
        id: webhook.w_id as WebhookId, url: webhook.w_url, sealedSecret: webhook.w_secret_sealed, enabled: webhook.w_enabled,
        automaticRedelivery: webhook.w_automatic_redelivery,
      },
    });
  }
  return found;
}

/**
 * Writes each attempt and its delivery's new state, only where the delivery is still pending with
 * the attempt count its caller saw (another attempt recorded meanwhile wins). Returns the ids
 * written. At most one record per delivery: callers batch distinct deliveries.
 */
export async function recordAttempts(pool: Pool, records: readonly AttemptRecord[]): Promise<Set<string>> {
  if (records.length === 0) return new Set();
  if (new Set(records.map((record) => record.deliveryId)).size !== records.length) throw new Error('recordAttempts: one record per delivery');
  const column = <T>(pick: (record: AttemptRecord) => T): T[] => records.map(pick);
  const result = await pool.query(
    `WITH i AS (
       SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::timestamptz[], $5::timestamptz[], $6::int[], $7::text[],
         $8::text[], $9::int[], $10::int[], $11::bytea[], $12::boolean[], $13::text[], $14::timestamptz[])
         AS i(id, previous, status, next_at, attempted_at, http_code, record_status, error, attempt, latency_ms, head, disable, reason, disabled_at)),
     d AS (
       UPDATE webhook_deliveries w SET attempts = w.attempts + 1, status = i.status, next_attempt_at = i.next_at,
         last_attempt_at = i.attempted_at, last_http_code = i.http_code, last_record_status = i.record_status, last_error = i.error
       FROM i WHERE w.id = i.id AND w.attempts = i.previous AND w.status = 'pending'
       RETURNING w.id, w.webhook_id),
     a AS (
       INSERT INTO webhook_delivery_attempts (delivery_id, attempt, attempted_at, record_status, http_code, latency_ms, error, response_head)
       SELECT i.id, i.attempt, i.attempted_at, i.record_status, i.http_code, i.latency_ms, i.error, i.head FROM i JOIN d ON d.id = i.id
       RETURNING 1),
     wh AS (
       UPDATE webhooks SET enabled = false, disabled_reason = i.reason, updated_at = i.disabled_at
       FROM i JOIN d ON d.id = i.id WHERE i.disable AND webhooks.id = d.webhook_id RETURNING 1)
     SELECT d.id, (SELECT count(*) FROM a) AS attempts, (SELECT count(*) FROM wh) AS disabled FROM d`,
    [column((r) => r.deliveryId), column((r) => r.previousAttempts), column((r) => r.state), column((r) => r.nextAttemptAt),
      column((r) => r.attempt.attemptedAt), column((r) => r.attempt.httpCode), column((r) => r.attempt.recordStatus),
      column((r) => (r.attempt.error === null ? null : r.attempt.error.slice(0, MAX_ERROR_LENGTH))), column((r) => r.attempt.attempt),
      column((r) => r.attempt.latencyMs), column((r) => r.attempt.responseHead), column((r) => r.disableWebhook !== undefined),
      column((r) => r.disableWebhook?.reason ?? null), column((r) => r.disableWebhook?.at ?? null)]);
  return new Set(result.rows.map((row: { id: string }) => row.id));
}

export function createWebhookDeliveryRepository(pool: Pool): DeliveryRepository {
  return {
    async listForWebhook(webhookId, count) {
      const result = await pool.query(
        `SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries d WHERE d.webhook_id = $1 ORDER BY d.created_at DESC, d.id DESC LIMIT $2`,
        [webhookId, count]);
      return result.rows.map(toDelivery);
    },
    async findById(webhookId, id) {
      const result = await pool.query(`SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries d WHERE d.webhook_id = $1 AND d.id = $2`, [webhookId, id]);
      return result.rows[0] === undefined ? null : toDelivery(result.rows[0]);
    },
    async attemptsOf(id) {
      const result = await pool.query(
        `SELECT attempt, attempted_at, record_status, http_code, latency_ms, error, response_head
         FROM webhook_delivery_attempts WHERE delivery_id = $1 ORDER BY attempt`, [id]);
      return result.rows.map(toAttempt);
    },
    async loadForAttempt(id) {
      return (await loadManyForAttempt(pool, [id])).get(id) ?? null;
    },
    async recordAttempt(record) {
      return (await recordAttempts(pool, [record])).has(record.deliveryId);
    },
    async abandon(id, reason) {
      await pool.query(
        `UPDATE webhook_deliveries SET status = 'failed', next_attempt_at = NULL, last_error = $2 WHERE id = $1 AND status = 'pending'`,
        [id, reason]);
    },
    async insertRedelivery({ id, original, body, createdAt }) {
      await pool.query(
        `INSERT INTO webhook_deliveries (id, webhook_id, store_id, original_delivery_id, is_redelivery, invoice_event_id, event_type,
           status, attempts, next_attempt_at, created_at, body)
         VALUES ($1, $2, $3, $4, true, $5, $6, 'pending', 0, $7, $7, $8)`,
        [id, original.webhookId, original.storeId, original.originalDeliveryId, original.invoiceEventId, original.eventType, createdAt, body]);
    },
    async listPendingDue(dueBefore, limit, after) {
      const result = await pool.query(
        `SELECT id, next_attempt_at FROM webhook_deliveries
         WHERE status = 'pending' AND next_attempt_at < $1
           AND ($3::timestamptz IS NULL OR (next_attempt_at, id) > ($3::timestamptz, $4::text))
         ORDER BY next_attempt_at, id LIMIT $2`,
        [dueBefore, limit, after?.at ?? null, after?.id ?? null]);
      return result.rows.map((raw): PendingDelivery => {
        const row = pendingRow.parse(raw);
        return { id: row.id as DeliveryId, nextAttemptAt: row.next_attempt_at };
      });
    },
    async prune(before) {
      const result = await pool.query(
        `UPDATE webhook_deliveries SET body = convert_to(json_build_object('type', event_type)::text, 'UTF8'), pruned = true
         WHERE NOT pruned AND status <> 'pending' AND created_at < $1`, [before]);
      return result.rowCount ?? 0;
    },
  };
}
