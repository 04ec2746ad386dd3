import type { Pool } from 'pg';
import { migrate } from '../../../src/adapters/db/migrate';
import { createPool, dropDatabase, ensureDatabase } from '../../../src/adapters/db/pool';
import { createWatchQueries } from '../../../src/adapters/db/watch-queries';
import type { InvoiceId } from '../../../src/domain/ids';
import type { StoreId } from '../../../src/domain/store/store-id';
import { assertPostgresAnswers, freshDatabaseUrl } from '../../support/services';

jest.setTimeout(60_000);

/**
 * Migration 006's partial indexes keep settlement's queries fast however many invoices were ever
 * made (figures in the migration). Over a realistic mix (most invoices long settled, a few open or
 * expired unpaid) each query's plan must read them: a dropped index, or a query changed so it can no
 * longer use one, fails here rather than as a slow sweeper in production.
 */
describe('settlement watch queries use the partial indexes', () => {
  const url = freshDatabaseUrl();
  let pool: Pool;
  const STORES = 20;
  const INVOICES = 40_000;

  beforeAll(async () => {
    await assertPostgresAnswers();
    await ensureDatabase(url);
    pool = createPool(url);
    await migrate(pool);
    await pool.query(`INSERT INTO stores (id, name, default_currency, invoice_expiration_seconds, monitoring_expiration_seconds,
        speed_policy, lightning_description_template)
      SELECT 'store' || s, 'Store ' || s, 'USD', 900, 3600, 'HighSpeed', '' FROM generate_series(1, ${STORES}) s`);
    await pool.query(`INSERT INTO store_blink_connections (store_id, enabled, mode, access, server, connection_sealed, connection_redacted,
        wallet_id, wallet_currency, scopes, scopes_source, network, verified_at, updated_at)
      SELECT id, true, 'api-key', 'read-receive', 'https://api.blink.sv/graphql', 'v1.k.iv.tag.ct', '', 'wallet', 'BTC',
        '{READ,RECEIVE}', 'reported', 'mainnet', now(), now() FROM stores`);
    // 1 in 200 New, 1 in 200 Expired unpaid, the rest Settled; created over the last 60 days.
    await pool.query(`INSERT INTO invoices (id, store_id, type, status, additional_status, currency, checkout, wallet_id, wallet_currency,
        due_sats, paid_sats, bolt11, payment_hash, blink_external_id, created_time, expiration_time, monitoring_expiration, updated_at)
      SELECT 'inv' || n, 'store' || (1 + n % ${STORES}), 'Standard',
        CASE WHEN n % 200 = 0 THEN 'New' WHEN n % 200 = 1 THEN 'Expired' ELSE 'Settled' END, 'None', 'SATS', '{}', 'wallet', 'BTC',
        1000, CASE WHEN n % 200 IN (0, 1) THEN 0 ELSE 1000 END, 'lnbc1', md5(n::text) || md5((n + 1)::text), 'inv' || n,
        created, created + interval '15 minutes', created + interval '75 minutes', created
      FROM generate_series(1, ${INVOICES}) n, LATERAL (SELECT now() - (n * interval '130 seconds') AS created) t`);
    await pool.query('ANALYZE');
  });
  afterAll(async () => {
    await pool.end();
    await dropDatabase(url);
  });

  /** The plan (EXPLAIN, as text) of each statement a WatchQueries call sends. */
  async function plansOf(call: (queries: ReturnType<typeof createWatchQueries>) => Promise<unknown>): Promise<string> {
    const plans: string[] = [];
    const explaining = {
      query: async (sql: string, values: unknown[]) => {
        const result = await pool.query(`EXPLAIN ${sql}`, values);
        plans.push(result.rows.map((row: Record<string, string>) => row['QUERY PLAN']).join('\n'));
        return { rows: [] };
      },
    } as unknown as Pool;
    await call(createWatchQueries(explaining));
    return plans.join('\n');
  }

  const graceStart = () => new Date(Date.now() - 24 * 3600_000);

  it("a store's watched invoices: both partial indexes, never the store's whole history", async () => {
    const plan = await plansOf((queries) => queries.watchedOfStore('store3' as StoreId, graceStart(), 100));
    expect(plan).toContain('Bitmap Index Scan on invoices_open_store');
    expect(plan).toContain('Bitmap Index Scan on invoices_expired_unpaid');
    expect(plan).not.toContain('invoices_store_created');
  });

  it("the sweeper's pages over every watched invoice: the partial indexes, neither the primary key nor a full scan", async () => {
    const first = await plansOf((queries) => queries.watchedPage(graceStart(), null, 500));
    const next = await plansOf((queries) => queries.watchedPage(graceStart(), 'inv5000' as InvoiceId, 500));
    for (const plan of [first, next]) {
      expect(plan).toMatch(/Bitmap Index Scan on invoices_open(_store)?\b/);
      expect(plan).toContain('Bitmap Index Scan on invoices_expired_unpaid');
      expect(plan).not.toContain('invoices_pkey');
      expect(plan).not.toContain('Seq Scan on invoices');
    }
  });

  it('overdue invoices: the open-invoice index, already in expiration order', async () => {
    const plan = await plansOf((queries) => queries.overdue(new Date(), 100));
    expect(plan).toMatch(/Index Scan using invoices_open\b/);
  });
});
