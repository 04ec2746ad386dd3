/**
 * `Idempotency-Key` records for invoice creation (table `idempotency_keys`). A claim is one
 * INSERT … ON CONFLICT, so two concurrent requests with one key can never both own it; the invoice
 * insert completes the claim in its own transaction (invoice-repository.ts).
 */
import type { Pool } from 'pg';
import { z } from 'zod';
import type { IdempotencyClaim, InvoiceRepository } from '../../app/ports';
import type { InvoiceId } from '../../domain/ids';

const holderRow = z.object({ request_hash: z.string(), invoice_id: z.string().nullable() });

type IdempotencyKeys = Pick<InvoiceRepository, 'claimIdempotencyKey' | 'releaseIdempotencyKey' | 'pruneIdempotencyKeys'>;

export function createIdempotencyKeys(pool: Pool): IdempotencyKeys {
  return {
    async claimIdempotencyKey(scope, requestHash, now, ttlMs, abandonAfterMs): Promise<IdempotencyClaim> {
      // A claim whose holder never finished (crashed mid-creation) is taken over after `abandonAfterMs`.
      for (let attempt = 0; attempt < 3; attempt += 1) {
        const claimed = await pool.query(
          `INSERT INTO idempotency_keys (store_id, key, request_hash, invoice_id, claimed_at, expires_at)
           VALUES ($1, $2, $3, NULL, $4, $5)
           ON CONFLICT (store_id, key) DO UPDATE
             SET request_hash = EXCLUDED.request_hash, invoice_id = NULL, claimed_at = EXCLUDED.claimed_at, expires_at = EXCLUDED.expires_at
             WHERE idempotency_keys.expires_at <= EXCLUDED.claimed_at
                OR (idempotency_keys.invoice_id IS NULL AND idempotency_keys.claimed_at <= $6)
           RETURNING 1`,
          [scope.storeId, scope.key, requestHash, now, new Date(now.getTime() + ttlMs), new Date(now.getTime() - abandonAfterMs)]);
        if ((claimed.rowCount ?? 0) > 0) return { kind: 'claimed' };
        const holder = await pool.query('SELECT request_hash, invoice_id FROM idempotency_keys WHERE store_id = $1 AND key = $2',
          [scope.storeId, scope.key]);
        // Released between the two statements: claim again.
        if (holder.rows[0] === undefined) continue;
        const row = holderRow.parse(holder.rows[0]);
        return { kind: 'taken', requestHash: row.request_hash, invoiceId: row.invoice_id as InvoiceId | null };
      }
      throw new Error('idempotency key claimed and released three times in a row');
    },
    async releaseIdempotencyKey(scope) {
      await pool.query('DELETE FROM idempotency_keys WHERE store_id = $1 AND key = $2 AND invoice_id IS NULL', [scope.storeId, scope.key]);
    },
    async pruneIdempotencyKeys(now) {
      const result = await pool.query('DELETE FROM idempotency_keys WHERE expires_at <= $1', [now]);
      return result.rowCount ?? 0;
    },
  };
}
