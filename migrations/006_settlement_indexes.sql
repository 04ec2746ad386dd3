-- Indexes for the settlement workers' queries (src/adapters/db/watch-queries.ts). Measured on 1 000 000
-- invoices over 200 stores, 5 000 of them New (EXPLAIN ANALYZE, PostgreSQL, warm cache):
--   watchedOfStore (a store's open invoices, every batched status check and reconciliation):
--     49.7 ms, 5 000 rows of the store read and filtered  ->  0.46 ms, BitmapOr of the two indexes below
--   watchedPage (the sweeper, every 30 s, with the query's MATERIALIZED CTE):
--     225-379 ms, primary-key scan filtering out ~995 000 rows  ->  8-10 ms
--   overdue: already served by invoices_open (0.6 ms).

-- A store's open invoices in expiration order.
CREATE INDEX invoices_open_store ON invoices (store_id, expiration_time, id) WHERE status = 'New';

-- Invoices expired unpaid: watched only while within the grace window, so every query bounds
-- expiration_time from below and reads just the recent end of this index.
CREATE INDEX invoices_expired_unpaid ON invoices (expiration_time, store_id)
  WHERE status = 'Expired' AND additional_status = 'None' AND paid_sats = 0;
