import { startWorld, type World } from './harness';

/** The sweeper queue's maintenance scheduler runs the prune use cases (here every 300 ms). */
describe('scheduled maintenance', () => {
  let world: World;
  afterEach(async () => { await world?.close(); });

  it('deletes expired Idempotency-Keys and prunes webhook deliveries older than 60 days, keeping the rest', async () => {
    world = await startWorld({ SWEEPER_MAINTENANCE_INTERVAL_MS: '300' });
    const storeId = await world.addStore();
    const day = 86_400_000;
    const at = (msAgo: number) => new Date(Date.now() - msAgo);
    await world.pool.query(`INSERT INTO idempotency_keys (store_id, key, request_hash, claimed_at, expires_at) VALUES
      ($1, 'expired', 'h', $2, $3), ($1, 'live', 'h', $2, $4)`, [storeId, at(2 * day), at(day), at(-day)]);
    await world.pool.query(`INSERT INTO webhooks (id, store_id, url, secret_sealed, enabled, automatic_redelivery, events_everything, created_at, updated_at)
      VALUES ('wh1', $1, 'https://shop.example/hook', 'v1.x', true, true, true, $2, $2)`, [storeId, at(90 * day)]);
    await world.pool.query(`INSERT INTO webhook_deliveries (id, webhook_id, store_id, original_delivery_id, is_redelivery, event_type, status, created_at, body) VALUES
      ('old', 'wh1', $1, 'old', false, 'InvoiceSettled', 'delivered', $2, convert_to('{"type":"InvoiceSettled","invoiceId":"x"}', 'UTF8')),
      ('recent', 'wh1', $1, 'recent', false, 'InvoiceSettled', 'delivered', $3, convert_to('{"type":"InvoiceSettled","invoiceId":"y"}', 'UTF8'))`,
    [storeId, at(61 * day), at(day)]);

    await world.startWorkers();
    await world.until(async () => {
      const keys = await world.pool.query('SELECT key FROM idempotency_keys ORDER BY key');
      const pruned = await world.pool.query('SELECT id FROM webhook_deliveries WHERE pruned ORDER BY id');
      return keys.rows.length === 1 && pruned.rows.length === 1;
    });
    expect((await world.pool.query('SELECT key FROM idempotency_keys')).rows).toEqual([{ key: 'live' }]);
    const deliveries = await world.pool.query("SELECT id, pruned, convert_from(body, 'UTF8') AS body FROM webhook_deliveries ORDER BY id");
    expect(deliveries.rows).toEqual([
      { id: 'old', pruned: true, body: '{"type" : "InvoiceSettled"}' },
      { id: 'recent', pruned: false, body: '{"type":"InvoiceSettled","invoiceId":"y"}' },
    ]);
  });
});
