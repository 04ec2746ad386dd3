/** The `webhooks` table (migrations/004_webhooks.sql). Rows are parsed with zod on the way out. */
import type { Pool } from 'pg';
import { z } from 'zod';
import type { StoredWebhook, WebhookRepository } from '../../app/webhooks/ports';
import type { StoreId, WebhookId } from '../../domain/ids';

const webhookRow = z.object({
  id: z.string(),
  store_id: z.string(),
  url: z.string(),
  secret_sealed: z.string(),
  enabled: z.boolean(),
  automatic_redelivery: z.boolean(),
  events_everything: z.boolean(),
  specific_events: z.array(z.string()),
  disabled_reason: z.string().nullable(),
  created_at: z.date(),
  updated_at: z.date(),
});

export const WEBHOOK_COLUMNS = `id, store_id, url, secret_sealed, enabled, automatic_redelivery, events_everything,
  specific_events, disabled_reason, created_at, updated_at`;

export function toWebhook(raw: unknown): StoredWebhook {
  const row = webhookRow.parse(raw);
  return {
    id: row.id as WebhookId,
    storeId: row.store_id as StoreId,
    url: row.url,
    sealedSecret: row.secret_sealed,
    enabled: row.enabled,
    automaticRedelivery: row.automatic_redelivery,
    authorizedEvents: { everything: row.events_everything, specificEvents: row.specific_events },
    disabledReason: row.disabled_reason,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

const values = (w: StoredWebhook): unknown[] => [
  w.id, w.storeId, w.url, w.sealedSecret, w.enabled, w.automaticRedelivery, w.authorizedEvents.everything,
  [...w.authorizedEvents.specificEvents], w.disabledReason, w.createdAt, w.updatedAt,
];

export function createWebhookRepository(pool: Pool): WebhookRepository {
  return {
    async insert(webhook) {
      await pool.query(`INSERT INTO webhooks (${WEBHOOK_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`, values(webhook));
    },
    async findById(storeId, id) {
      const result = await pool.query(`SELECT ${WEBHOOK_COLUMNS} FROM webhooks WHERE store_id = $1 AND id = $2`, [storeId, id]);
      return result.rows[0] === undefined ? null : toWebhook(result.rows[0]);
    },
    async list(storeId) {
      const result = await pool.query(`SELECT ${WEBHOOK_COLUMNS} FROM webhooks WHERE store_id = $1 ORDER BY created_at, id`, [storeId]);
      return result.rows.map(toWebhook);
    },
    async update(webhook) {
      const result = await pool.query(
        `UPDATE webhooks SET url = $3, secret_sealed = $4, enabled = $5, automatic_redelivery = $6, events_everything = $7,
           specific_events = $8, disabled_reason = $9, updated_at = $10
         WHERE id = $1 AND store_id = $2`,
        [webhook.id, webhook.storeId, webhook.url, webhook.sealedSecret, webhook.enabled, webhook.automaticRedelivery,
          webhook.authorizedEvents.everything, [...webhook.authorizedEvents.specificEvents], webhook.disabledReason, webhook.updatedAt]);
      return result.rowCount === 1;
    },
    async delete(storeId, id) {
      const result = await pool.query('DELETE FROM webhooks WHERE store_id = $1 AND id = $2', [storeId, id]);
      return result.rowCount === 1;
    },
  };
}
