import type { Pool } from 'pg';
import { z } from 'zod';
import type { WalletId } from '../../../connection-string/types';
import type { StoreRepository, StoredStoreConnection } from '../../app/ports';
import type { StoreId } from '../../domain/store/store-id';
import { speedPolicies, type Store } from '../../domain/store/store-settings';
import { sqlState } from './pool';

/** The `stores` and `store_blink_connections` tables. Rows are parsed with zod on the way out. */
const storeRow = z.object({
  id: z.string(),
  name: z.string(),
  website: z.string().nullable(),
  default_currency: z.string(),
  invoice_expiration_seconds: z.number().int(),
  monitoring_expiration_seconds: z.number().int(),
  speed_policy: z.enum(speedPolicies),
  lightning_description_template: z.string(),
  payment_tolerance: z.number(),
  created_at: z.date(),
  updated_at: z.date(),
});

const connectionRow = z.object({
  store_id: z.string(),
  enabled: z.boolean(),
  mode: z.enum(['api-key', 'keyless', 'ln-address']),
  access: z.enum(['read-receive', 'receive-only', 'write', 'keyless']),
  server: z.string(),
  connection_sealed: z.string(),
  connection_redacted: z.string(),
  wallet_id: z.string(),
  wallet_currency: z.enum(['BTC', 'USD']),
  scopes: z.array(z.enum(['READ', 'RECEIVE', 'WRITE'])),
  scopes_source: z.enum(['reported', 'probed', 'none']),
  network: z.enum(['mainnet', 'testnet', 'signet', 'regtest']),
  notes: z.array(z.string()),
  warnings: z.array(z.string()),
  verified_at: z.date(),
  updated_at: z.date(),
});

const STORE_COLUMNS = `id, name, website, default_currency, invoice_expiration_seconds, monitoring_expiration_seconds,
  speed_policy, lightning_description_template, payment_tolerance, created_at, updated_at`;
const CONNECTION_COLUMNS = `store_id, enabled, mode, access, server, connection_sealed, connection_redacted, wallet_id,
  wallet_currency, scopes, scopes_source, network, notes, warnings, verified_at, updated_at`;

function toStore(raw: unknown): Store {
  const row = storeRow.parse(raw);
  return {
    id: row.id as StoreId,
    name: row.name,
    website: row.website,
    defaultCurrency: row.default_currency,
    invoiceExpirationSeconds: row.invoice_expiration_seconds,
    monitoringExpirationSeconds: row.monitoring_expiration_seconds,
    speedPolicy: row.speed_policy,
    lightningDescriptionTemplate: row.lightning_description_template,
    paymentTolerance: row.payment_tolerance,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Both rows in one read: the connection's columns come back prefixed with `c_` (the names overlap). */
const STORE_WITH_CONNECTION = `SELECT ${STORE_COLUMNS.split(',').map((column) => `s.${column.trim()}`).join(', ')},
    ${CONNECTION_COLUMNS.split(',').map((column) => `c.${column.trim()} AS c_${column.trim()}`).join(', ')}
  FROM stores s LEFT JOIN store_blink_connections c ON c.store_id = s.id WHERE s.id = $1`;

function unprefixed(row: Record<string, unknown>, prefix: string): Record<string, unknown> {
  return Object.fromEntries(Object.entries(row).filter(([name]) => name.startsWith(prefix)).map(([name, value]) => [name.slice(prefix.length), value]));
}

function toConnection(raw: unknown): StoredStoreConnection {
  const row = connectionRow.parse(raw);
  return {
    storeId: row.store_id as StoreId,
    enabled: row.enabled,
    mode: row.mode,
    access: row.access,
    server: row.server,
    sealedConnection: row.connection_sealed,
    redactedConnection: row.connection_redacted,
    walletId: row.wallet_id as WalletId,
    walletCurrency: row.wallet_currency,
    scopes: row.scopes,
    scopesSource: row.scopes_source,
    network: row.network,
    notes: row.notes,
    warnings: row.warnings,
    verifiedAt: row.verified_at,
    updatedAt: row.updated_at,
  };
}

const storeValues = (store: Store): unknown[] => [
  store.id, store.name, store.website, store.defaultCurrency, store.invoiceExpirationSeconds,
  store.monitoringExpirationSeconds, store.speedPolicy, store.lightningDescriptionTemplate, store.paymentTolerance,
  store.createdAt, store.updatedAt,
];

const FOREIGN_KEY_VIOLATION = '23503';

export function createStoreRepository(pool: Pool): StoreRepository {
  return {
    async insert(store) {
      await pool.query(`INSERT INTO stores (${STORE_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`, storeValues(store));
    },
    async findById(id) {
      const result = await pool.query(`SELECT ${STORE_COLUMNS} FROM stores WHERE id = $1`, [id]);
      return result.rows[0] === undefined ? null : toStore(result.rows[0]);
    },
    async list(filter) {
      const result = filter === 'all'
        ? await pool.query(`SELECT ${STORE_COLUMNS} FROM stores ORDER BY created_at, id`)
        : await pool.query(`SELECT ${STORE_COLUMNS} FROM stores WHERE id = ANY($1::text[]) ORDER BY created_at, id`, [[...filter]]);
      return result.rows.map(toStore);
    },
    async update(store) {
      const result = await pool.query(
        `UPDATE stores SET name = $2, website = $3, default_currency = $4, invoice_expiration_seconds = $5,
           monitoring_expiration_seconds = $6, speed_policy = $7, lightning_description_template = $8,
           payment_tolerance = $9, updated_at = $10
         WHERE id = $1`,
        [...storeValues(store).slice(0, 9), store.updatedAt],
      );
      return (result.rowCount ?? 0) > 0;
    },
    async delete(id) {
      const result = await pool.query('DELETE FROM stores WHERE id = $1', [id]);
      return (result.rowCount ?? 0) > 0;
    },
    async saveConnection(connection) {
      try {
        await pool.query(
          `INSERT INTO store_blink_connections (${CONNECTION_COLUMNS})
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
           ON CONFLICT (store_id) DO UPDATE SET
             enabled = EXCLUDED.enabled, mode = EXCLUDED.mode, access = EXCLUDED.access, server = EXCLUDED.server,
             connection_sealed = EXCLUDED.connection_sealed, connection_redacted = EXCLUDED.connection_redacted,
             wallet_id = EXCLUDED.wallet_id, wallet_currency = EXCLUDED.wallet_currency, scopes = EXCLUDED.scopes,
             scopes_source = EXCLUDED.scopes_source, network = EXCLUDED.network, notes = EXCLUDED.notes,
             warnings = EXCLUDED.warnings, verified_at = EXCLUDED.verified_at, updated_at = EXCLUDED.updated_at`,
          [
            connection.storeId, connection.enabled, connection.mode, connection.access, connection.server,
            connection.sealedConnection, connection.redactedConnection, connection.walletId, connection.walletCurrency,
            connection.scopes, connection.scopesSource, connection.network, connection.notes, connection.warnings,
            connection.verifiedAt, connection.updatedAt,
          ],
        );
        return true;
      } catch (error) {
        // The store was deleted between the caller's check and this write.
        if (sqlState(error) === FOREIGN_KEY_VIOLATION) return false;
        throw error;
      }
    },
    async findWithConnection(id) {
      // A named statement: parsed and planned once per connection (invoice creation is the hot path).
      const result = await pool.query({ name: 'store-with-connection', text: STORE_WITH_CONNECTION, values: [id] });
      const row = result.rows[0] as Record<string, unknown> | undefined;
      if (row === undefined) return null;
      return { store: toStore(row), connection: row.c_store_id === null ? null : toConnection(unprefixed(row, 'c_')) };
    },
    async findConnection(storeId) {
      const result = await pool.query(`SELECT ${CONNECTION_COLUMNS} FROM store_blink_connections WHERE store_id = $1`, [storeId]);
      return result.rows[0] === undefined ? null : toConnection(result.rows[0]);
    },
    async deleteConnection(storeId) {
      const result = await pool.query('DELETE FROM store_blink_connections WHERE store_id = $1', [storeId]);
      return (result.rowCount ?? 0) > 0;
    },
  };
}
