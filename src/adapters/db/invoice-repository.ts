/**
 * The invoice tables. Every state change runs `transition`: one transaction that locks the invoice
 * row (SELECT … FOR UPDATE), lets the use case decide from the locked state, and writes the state,
 * the payment and the events together, then runs the event hooks (webhook outbox rows, issue 7) in
 * that same transaction. Two callers racing on one invoice are serialized by the row lock; the second
 * sees the first's result and decides again (usually: nothing to do).
 */
import type { Pool, PoolClient } from 'pg';
import type { InvoiceChange, InvoiceRepository, StoredInvoice, StoredInvoiceEvent, StoredInvoicePayment } from '../../app/ports';
import type { InvoiceEvent } from '../../domain/invoice/events';
import type { InvoiceId } from '../../domain/ids';
import { INSERT_INVOICE, INVOICE_COLUMNS, invoiceValues, paymentOf, searchTextOf, toEvent, toInvoice, toPayment } from './invoice-rows';
import { createLruMap } from '../../app/lru-map';
import { createIdempotencyKeys } from './idempotency-keys';
import { insertInvoiceWithOutbox, readWebhookSet, type WebhookSet } from './invoice-insert';
import { webhookOutboxHook } from './webhook-outbox';

/** Runs inside the transaction that wrote `events` (e.g. to write webhook deliveries). */
export type InvoiceEventHook = (tx: PoolClient, events: readonly StoredInvoiceEvent[], invoice: StoredInvoice) => Promise<void>;

export interface InvoiceRepositoryOptions {
  /**
   * Defaults to writing the webhook outbox (for a creation, in the insert statement itself:
   * invoice-insert.ts); tests of the invoice tables alone may pass `[]`.
   */
  readonly eventHooks?: readonly InvoiceEventHook[];
}

/** Webhook sets that changed under this many statements in a row: write in a transaction instead. */
const OPTIMISTIC_ATTEMPTS = 2;

/** Every writer of invoice events writes the webhook outbox in the same transaction, unless told otherwise. */
const DEFAULT_EVENT_HOOKS: readonly InvoiceEventHook[] = [webhookOutboxHook()];

type Queryable = Pool | PoolClient;

async function paymentsOf(db: Queryable, invoiceIds: readonly string[]): Promise<Map<string, StoredInvoicePayment[]>> {
  const byInvoice = new Map<string, StoredInvoicePayment[]>();
  if (invoiceIds.length === 0) return byInvoice;
  const result = await db.query(
    `SELECT invoice_id, id, received_time, sats, destination, status FROM invoice_payments
     WHERE invoice_id = ANY($1::text[]) ORDER BY received_time, id`, [invoiceIds]);
  for (const raw of result.rows) {
    const row = toPayment(raw);
    byInvoice.set(row.invoice_id, [...(byInvoice.get(row.invoice_id) ?? []), paymentOf(row)]);
  }
  return byInvoice;
}

async function hydrate(db: Queryable, rows: readonly Record<string, unknown>[]): Promise<StoredInvoice[]> {
  const ids = rows.map((row) => String(row.id));
  const payments = await paymentsOf(db, ids);
  return rows.map((row) => toInvoice(row, payments.get(String(row.id)) ?? []));
}

async function insertEvents(tx: PoolClient, invoice: StoredInvoice, events: readonly InvoiceEvent[], now: Date): Promise<StoredInvoiceEvent[]> {
  if (events.length === 0) return [];
  // One statement; WITH ORDINALITY keeps the events' order in their ids.
  const result = await tx.query(
    `INSERT INTO invoice_events (invoice_id, store_id, type, data, occurred_at)
     SELECT $1, $2, e.data->>'type', e.data, $4 FROM jsonb_array_elements($3::jsonb) WITH ORDINALITY AS e(data, n) ORDER BY e.n
     RETURNING id, invoice_id, store_id, data, occurred_at`,
    [invoice.id, invoice.storeId, JSON.stringify(events), now]);
  return result.rows.map(toEvent).sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
}

async function inTransaction<T>(pool: Pool, work: (tx: PoolClient) => Promise<{ commit: boolean; value: T }>): Promise<T> {
  const tx = await pool.connect();
  try {
    await tx.query('BEGIN');
    const { commit, value } = await work(tx);
    await tx.query(commit ? 'COMMIT' : 'ROLLBACK');
    return value;
  } catch (error) {
    await tx.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    tx.release();
  }
}

export function createInvoiceRepository(pool: Pool, options: InvoiceRepositoryOptions = {}): InvoiceRepository {
  const hooks = options.eventHooks ?? DEFAULT_EVENT_HOOKS;
  const outboxInStatement = options.eventHooks === undefined;
  // The last webhook set seen per store; never trusted on its own: the insert statement checks it.
  const webhookSets = createLruMap<string, WebhookSet>(1_000);
  const runHooks = async (tx: PoolClient, events: readonly StoredInvoiceEvent[], invoice: StoredInvoice) => {
    for (const hook of hooks) await hook(tx, events, invoice);
  };
  const idempotency = createIdempotencyKeys(pool);

  return {
    ...idempotency,
    async insert(invoice, events, { now, idempotency: scope }) {
      if (outboxInStatement) {
        for (let attempt = 0; attempt < OPTIMISTIC_ATTEMPTS; attempt += 1) {
          const known = attempt === 0 ? webhookSets.get(invoice.storeId) : undefined;
          const set = known ?? await readWebhookSet(pool, invoice.storeId);
          if (known === undefined) webhookSets.set(invoice.storeId, set);
          if (await insertInvoiceWithOutbox(pool, invoice, events, set, { now, ...(scope === undefined ? {} : { idempotency: scope }) })) return;
        }
        // The store's webhooks keep changing: the transaction below reads them under its own writes.
      }
      const values = [...invoiceValues(invoice, now), JSON.stringify(events), scope?.key ?? null];
      const toEvents = (rows: readonly unknown[]) => rows.map(toEvent).sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
      // Without hooks the single statement is the whole transaction.
      if (hooks.length === 0) {
        await pool.query(INSERT_INVOICE, values);
        return;
      }
      await inTransaction(pool, async (tx) => {
        const stored = toEvents((await tx.query(INSERT_INVOICE, values)).rows);
        await runHooks(tx, stored, invoice);
        return { commit: true, value: undefined };
      });
    },
    async findById(id) {
      const result = await pool.query(`SELECT ${INVOICE_COLUMNS} FROM invoices WHERE id = $1`, [id]);
      return (await hydrate(pool, result.rows))[0] ?? null;
    },
    async findByPaymentHash(hash) {
      const result = await pool.query(`SELECT ${INVOICE_COLUMNS} FROM invoices WHERE payment_hash = $1`, [hash]);
      return (await hydrate(pool, result.rows))[0] ?? null;
    },
    async list(filter) {
      const result = await pool.query(
        `SELECT ${INVOICE_COLUMNS} FROM invoices
         WHERE store_id = $1
           AND ($2::text[] IS NULL OR order_id = ANY($2::text[]))
           AND ($3::text[] IS NULL OR status = ANY($3::text[]))
           AND ($4::timestamptz IS NULL OR created_time >= $4)
           AND ($5::timestamptz IS NULL OR created_time <= $5)
           AND ($6::text IS NULL OR strpos(search_text, $6) > 0)
           AND ($7::boolean OR NOT archived)
         ORDER BY created_time DESC, id DESC
         OFFSET $8 LIMIT $9`,
        [
          filter.storeId, filter.orderIds ?? null, filter.statuses ?? null, filter.startDate ?? null, filter.endDate ?? null,
          filter.textSearch === undefined ? null : filter.textSearch.toLowerCase(), filter.includeArchived, filter.skip, filter.take,
        ]);
      return hydrate(pool, result.rows);
    },
    async transition<E extends Error>(id: InvoiceId, now: Date, decide: (invoice: StoredInvoice) => InvoiceChange | E) {
      type Changed = { readonly invoice: StoredInvoice; readonly events: readonly StoredInvoiceEvent[] };
      return inTransaction<Changed | E | null>(pool, async (tx) => {
        const locked = await tx.query(`SELECT ${INVOICE_COLUMNS} FROM invoices WHERE id = $1 FOR UPDATE`, [id]);
        const invoice = (await hydrate(tx, locked.rows))[0];
        if (invoice === undefined) return { commit: false, value: null };
        const change = decide(invoice);
        if (change instanceof Error) return { commit: false, value: change };
        if (change.events.length === 0) return { commit: false, value: { invoice, events: [] } };
        const { state, payment } = change;
        await tx.query('UPDATE invoices SET status = $2, additional_status = $3, paid_sats = $4, updated_at = $5 WHERE id = $1',
          [id, state.status, state.additionalStatus, state.paidSats, now]);
        const payments = [...invoice.payments];
        if (payment !== undefined) {
          const recorded: StoredInvoicePayment = {
            id: payment.id, receivedTime: new Date(payment.receivedTime * 1000), sats: payment.sats as StoredInvoicePayment['sats'],
            destination: payment.destination, status: 'Settled',
          };
          await tx.query(
            `INSERT INTO invoice_payments (invoice_id, id, received_time, sats, destination, status) VALUES ($1, $2, $3, $4, $5, $6)`,
            [id, recorded.id, recorded.receivedTime, recorded.sats, recorded.destination, recorded.status]);
          payments.push(recorded);
        }
        const updated: StoredInvoice = {
          ...invoice, status: state.status, additionalStatus: state.additionalStatus, paidSats: state.paidSats, payments,
        };
        const events = await insertEvents(tx, updated, change.events, now);
        await runHooks(tx, events, updated);
        return { commit: true, value: { invoice: updated, events } };
      });
    },
    async setArchived(id, storeId, archived, now) {
      const changed = await pool.query(
        `UPDATE invoices SET archived = $3, updated_at = $4 WHERE id = $1 AND store_id = $2 AND archived <> $3 RETURNING ${INVOICE_COLUMNS}`,
        [id, storeId, archived, now]);
      if (changed.rows.length > 0) return { invoice: (await hydrate(pool, changed.rows))[0]!, changed: true };
      const unchanged = await pool.query(`SELECT ${INVOICE_COLUMNS} FROM invoices WHERE id = $1 AND store_id = $2`, [id, storeId]);
      const invoice = (await hydrate(pool, unchanged.rows))[0];
      return invoice === undefined ? null : { invoice, changed: false };
    },
    async replaceMetadata(id, storeId, { metadata, orderId }, now) {
      // Under the row lock: the search text is derived from the whole invoice as it is when written.
      return inTransaction<StoredInvoice | null>(pool, async (tx) => {
        const locked = await tx.query(`SELECT ${INVOICE_COLUMNS} FROM invoices WHERE id = $1 AND store_id = $2 FOR UPDATE`, [id, storeId]);
        const invoice = (await hydrate(tx, locked.rows))[0];
        if (invoice === undefined) return { commit: false, value: null };
        const updated: StoredInvoice = { ...invoice, metadata, orderId };
        await tx.query('UPDATE invoices SET metadata = $2, order_id = $3, search_text = $4, updated_at = $5 WHERE id = $1',
          [id, JSON.stringify(metadata), orderId, searchTextOf(updated), now]);
        return { commit: true, value: updated };
      });
    },
    async eventsOf(id) {
      const result = await pool.query(
        'SELECT id, invoice_id, store_id, data, occurred_at FROM invoice_events WHERE invoice_id = $1 ORDER BY id', [id]);
      return result.rows.map(toEvent);
    },
  };
}
