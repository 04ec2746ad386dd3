/**
 * The queries settlement watching needs (src/app/settlement/ports.ts `WatchQueries`), beside the
 * invoice repository: which invoices are still watched, per store and overall, and which are
 * overdue. They read only; every change goes through the invoice use cases.
 */
import type { Pool } from 'pg';
import { z } from 'zod';
import type { WatchedInvoice, WatchQueries } from '../../app/settlement/ports';
import type { InvoiceId, PaymentHash } from '../../domain/ids';
import { ADDITIONAL_STATUSES, INVOICE_STATUSES } from '../../domain/invoice/status';
import type { Sats } from '../../domain/money/units';
import type { StoreId } from '../../domain/store/store-id';
import type { WalletId } from '../../../connection-string/types';

const COLUMNS = 'i.id, i.store_id, i.wallet_id, i.payment_hash, i.status, i.additional_status, i.paid_sats, i.due_sats, i.bolt11, i.created_time, i.expiration_time';
/** Open, or expired unpaid within the grace window ($1). */
const WATCHED = `(i.status = 'New' OR (i.status = 'Expired' AND i.additional_status = 'None' AND i.paid_sats = 0 AND i.expiration_time > $1))`;

const int8 = z.union([z.string().regex(/^\d+$/), z.number().int()]).transform(Number);
const rowSchema = z.object({
  id: z.string(),
  store_id: z.string(),
  wallet_id: z.string().min(1),
  payment_hash: z.string(),
  status: z.enum(INVOICE_STATUSES),
  additional_status: z.enum(ADDITIONAL_STATUSES),
  paid_sats: int8,
  due_sats: int8.nullable(),
  bolt11: z.string(),
  created_time: z.date(),
  expiration_time: z.date(),
});

function toWatched(raw: unknown): WatchedInvoice {
  const row = rowSchema.parse(raw);
  return {
    id: row.id as InvoiceId,
    storeId: row.store_id as StoreId,
    walletId: row.wallet_id as WalletId,
    paymentHash: row.payment_hash as PaymentHash,
    status: row.status,
    additionalStatus: row.additional_status,
    paidSats: row.paid_sats as Sats,
    dueSats: row.due_sats as Sats | null,
    bolt11: row.bolt11,
    createdTime: row.created_time,
    expirationTime: row.expiration_time,
  };
}

export function createWatchQueries(pool: Pool): WatchQueries {
  const many = async (sql: string, values: unknown[]) => (await pool.query(sql, values)).rows.map(toWatched);
  const one = async (sql: string, values: unknown[]) => (await many(sql, values))[0] ?? null;
  return {
    findById: (id) => one(`SELECT ${COLUMNS} FROM invoices i WHERE i.id = $1`, [id]),
    findByPaymentHash: (hash) => one(`SELECT ${COLUMNS} FROM invoices i WHERE i.payment_hash = $1`, [hash]),
    watchedOfStore: (storeId, expiredAfter, limit) => many(
      `SELECT ${COLUMNS} FROM invoices i WHERE i.store_id = $2 AND ${WATCHED} ORDER BY i.expiration_time, i.id LIMIT $3`,
      [expiredAfter, storeId, limit]),
    // MATERIALIZED: without it the planner walks the primary key in id order, filtering out every
    // settled invoice ever made; the CTE takes the watched set from the partial indexes (migration 006).
    watchedPage: (expiredAfter, afterId, limit) => many(
      `WITH i AS MATERIALIZED (SELECT ${COLUMNS} FROM invoices i WHERE ${WATCHED} AND ($2::text IS NULL OR i.id > $2))
       SELECT i.* FROM i JOIN store_blink_connections c ON c.store_id = i.store_id ORDER BY i.id LIMIT $3`,
      [expiredAfter, afterId, limit]),
    overdue: (before, limit) => many(
      `SELECT ${COLUMNS} FROM invoices i WHERE i.status = 'New' AND i.expiration_time <= $1 ORDER BY i.expiration_time, i.id LIMIT $2`,
      [before, limit]),
  };
}
