/**
 * The `webhook_deliveries` outbox and its `webhook_delivery_attempts` (migrations/004_webhooks.sql).
 * Recording an attempt is one statement (CTEs), so the delivery's state, its attempt row and a 410's
 * disabling of the webhook are written together, and only if no other attempt was recorded meanwhile.
 */
import type { Pool } from 'pg';
import { z } from 'zod';
import type { DeliveryAttempt, DeliveryRepository, PendingDelivery, StoredDelivery } from '../../app/webhooks/ports';
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
      const result = await pool.query(
        `SELECT ${DELIVERY_COLUMNS}, w.id AS w_id, w.url AS w_url, w.secret_sealed AS w_secret_sealed, w.enabled AS w_enabled,
           w.automatic_redelivery AS w_automatic_redelivery
         FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id WHERE d.id = $1`, [id]);
      const raw = result.rows[0];
      if (raw === undefined) return null;
      const webhook = loadedWebhookRow.parse(raw);
      return {
        delivery: toDelivery(raw),
        webhook: {
          id: webhook.w_id as WebhookId, url: webhook.w_url, sealedSecret: webhook.w_secret_sealed, enabled: webhook.w_enabled,
          automaticRedelivery: webhook.w_automatic_redelivery,
        },
      };
    },
    async recordAttempt(record) {
      const { attempt } = record;
      const error = attempt.error === null ? null : attempt.error.slice(0, MAX_ERROR_LENGTH);
      const result = await pool.query(
        `WITH d AS (
           UPDATE webhook_deliveries SET attempts = attempts + 1, status = $3, next_attempt_at = $4, last_attempt_at = $5,
             last_http_code = $6, last_record_status = $7, last_error = $8
           WHERE id = $1 AND attempts = $2 AND status = 'pending'
           RETURNING id, webhook_id),
         a AS (
           INSERT INTO webhook_delivery_attempts (delivery_id, attempt, attempted_at, record_status, http_code, latency_ms, error, response_head)
           SELECT d.id, $9, $5, $7, $6, $10, $8, $11 FROM d RETURNING 1),
         w AS (
           UPDATE webhooks SET enabled = false, disabled_reason = $13, updated_at = $14
           WHERE $12::boolean AND id = (SELECT webhook_id FROM d) RETURNING 1)
         SELECT (SELECT count(*) FROM d) AS written, (SELECT count(*) FROM a) AS attempts, (SELECT count(*) FROM w) AS disabled`,
        [record.deliveryId, record.previousAttempts, record.state, record.nextAttemptAt, attempt.attemptedAt, attempt.httpCode,
          attempt.recordStatus, error, attempt.attempt, attempt.latencyMs, attempt.responseHead,
          record.disableWebhook !== undefined, record.disableWebhook?.reason ?? null, record.disableWebhook?.at ?? null]);
      return Number(result.rows[0]?.written ?? 0) === 1;
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
        const row = z.object({ id: z.string(), next_attempt_at: z.date() }).parse(raw);
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
