/** The Idempotency-Key extension: replays, a conflicting body, concurrent replays, a failed first try. */
import { randomUUID } from 'node:crypto';
import { operationsBetween, startInvoiceGateway, type InvoiceTestGateway } from './harness';

jest.setTimeout(60_000);

let t: InvoiceTestGateway;
let storeId: string;
beforeAll(async () => {
  t = await startInvoiceGateway({ env: { BLINK_HEADERS_TIMEOUT_MS: '1000' } });
  storeId = await t.createStore();
});
afterAll(async () => { await t.close(); });

const post = (key: string | undefined, body: unknown) => t.call(`/api/v1/stores/${storeId}/invoices`, {
  method: 'POST', json: body, ...(key === undefined ? {} : { headers: { 'Idempotency-Key': key } }),
});
const invoiceCount = async () => Number((await t.gateway.server.pool.query('SELECT count(*) FROM invoices')).rows[0].count);

it('the same key and body return the first invoice (marked as a replay), without asking Blink again', async () => {
  const key = randomUUID();
  const body = { amount: '5', currency: 'SATS', metadata: { orderId: 'idem-1', nested: { a: 1, b: 2 } } };
  const first = await post(key, body);
  expect(first.status).toBe(200);
  expect(first.headers.get('idempotent-replayed')).toBeNull();
  const before = await t.stats();
  // The same JSON with its keys in another order is the same request.
  const replay = await post(key, { metadata: { nested: { b: 2, a: 1 }, orderId: 'idem-1' }, currency: 'SATS', amount: '5' });
  expect(operationsBetween(before, await t.stats())).toEqual({});
  expect(replay.status).toBe(200);
  expect(replay.headers.get('idempotent-replayed')).toBe('true');
  expect(replay.body).toEqual(first.body);
});

it('the same key with another body is a 422 naming the header; without a key every POST is a new invoice', async () => {
  const key = randomUUID();
  expect((await post(key, { amount: '5', currency: 'SATS' })).status).toBe(200);
  const conflict = await post(key, { amount: '6', currency: 'SATS' });
  expect(conflict.status).toBe(422);
  expect(conflict.body).toEqual([{ path: 'Idempotency-Key', message: expect.stringContaining('different request body') }]);
  const a = await post(undefined, { amount: '5', currency: 'SATS' });
  const b = await post(undefined, { amount: '5', currency: 'SATS' });
  expect(a.body.id).not.toBe(b.body.id);
});

it('a key is per store: another store may use the same key', async () => {
  const key = randomUUID();
  const other = await t.createStore();
  const here = await post(key, { amount: '5', currency: 'SATS' });
  const there = await t.call(`/api/v1/stores/${other}/invoices`, { method: 'POST', json: { amount: '5', currency: 'SATS' }, headers: { 'Idempotency-Key': key } });
  expect(there.status).toBe(200);
  expect(there.body.id).not.toBe(here.body.id);
});

it('concurrent replays create exactly one invoice and all get it', async () => {
  const key = randomUUID();
  const countBefore = await invoiceCount();
  const before = await t.stats();
  const replies = await Promise.all(Array.from({ length: 12 }, () => post(key, { amount: '7', currency: 'SATS', metadata: { orderId: 'race' } })));
  expect(replies.map((reply) => reply.status)).toEqual(Array(12).fill(200));
  expect(new Set(replies.map((reply) => reply.body.id)).size).toBe(1);
  expect(replies.filter((reply) => reply.headers.get('idempotent-replayed') === 'true')).toHaveLength(11);
  expect(await invoiceCount()).toBe(countBefore + 1);
  expect(operationsBetween(before, await t.stats())).toEqual({ lnInvoiceCreate: 1 });
});

it('a creation that failed (Blink down) frees its key: the retry with the same key creates the invoice', async () => {
  const key = randomUUID();
  await t.faults({ errorRate: 1 });
  try {
    expect((await post(key, { amount: '8', currency: 'SATS' })).status).toBe(503);
  } finally {
    await t.faults({ errorRate: 0 });
  }
  const retry = await post(key, { amount: '8', currency: 'SATS' });
  expect(retry.status).toBe(200);
  expect(retry.headers.get('idempotent-replayed')).toBeNull();
  expect((await post(key, { amount: '8', currency: 'SATS' })).body.id).toBe(retry.body.id);
});

it('keys are kept 24 h: an expired key is free again', async () => {
  const key = randomUUID();
  const first = await post(key, { amount: '9', currency: 'SATS' });
  await t.gateway.server.pool.query(`UPDATE idempotency_keys SET expires_at = now() - interval '1 second' WHERE key = $1`, [key]);
  const later = await post(key, { amount: '10', currency: 'SATS' });
  expect(later.status).toBe(200);
  expect(later.body.id).not.toBe(first.body.id);
  const stored = await t.gateway.server.pool.query('SELECT extract(epoch FROM expires_at - claimed_at)::int AS ttl FROM idempotency_keys WHERE key = $1', [key]);
  expect(stored.rows[0].ttl).toBe(24 * 60 * 60);
});

it('a malformed key is a 422', async () => {
  const bad = await post('has spaces', { amount: '1', currency: 'SATS' });
  expect(bad.status).toBe(422);
  expect(bad.body[0].path).toBe('Idempotency-Key');
});
