/**
 * Attempts loaded and recorded many per statement (delivery-batching.ts) keep the single-attempt
 * rules: each record is written only where its delivery is still pending with the attempt count its
 * caller saw, two records of one delivery never share a statement, and a 410 turns its webhook off.
 */
import { randomBytes } from 'node:crypto';
import { batchDeliveryAttempts } from '../../../src/adapters/db/delivery-batching';
import { recordWebhookDeliveries } from '../../../src/adapters/db/webhook-outbox';
import type { AttemptRecord } from '../../../src/app/webhooks/ports';
import { newInvoiceId, type DeliveryId } from '../../../src/domain/ids';
import { startWorld, type World } from '../settlement/harness';
import { addWebhook, attemptsOf, deliveriesOf } from './worker-world';

let world: World;
afterAll(async () => { await world?.close(); });

const attempt = (deliveryId: DeliveryId, previousAttempts: number, httpCode: number, extra: Partial<AttemptRecord> = {}): AttemptRecord => ({
  deliveryId, previousAttempts, state: httpCode === 200 ? 'delivered' : 'failed', nextAttemptAt: null,
  attempt: {
    attempt: previousAttempts + 1, attemptedAt: new Date(), recordStatus: httpCode === 200 ? 'HttpSuccess' : 'HttpError', httpCode,
    latencyMs: 3, error: httpCode === 200 ? null : `HTTP Error Code ${httpCode}`, responseHead: Buffer.from('ok'),
  },
  ...extra,
});

it('records concurrent attempts in batches with the conditional write of a single one', async () => {
  world = await startWorld();
  const storeId = await world.addStore();
  const hook = await addWebhook(world, storeId, 'https://shop.example/hook');
  const tx = await world.pool.connect();
  const ids = await (async () => {
    try {
      await tx.query('BEGIN');
      const written = await recordWebhookDeliveries(tx, storeId, [1, 2, 3].map((n) => ({
        id: String(n), invoiceId: newInvoiceId(randomBytes(16)), event: { type: 'InvoiceCreated' as const }, occurredAt: new Date(),
      })), { metadata: {} });
      await tx.query('COMMIT');
      return written;
    } finally {
      tx.release();
    }
  })();
  const [a, b, c] = [ids[0]!, ids[1]!, ids[2]!];
  const batched = batchDeliveryAttempts(world.pool, { maxInFlight: 1 });

  const loaded = await Promise.all([a, 'missing', b].map((id) => batched.loadForAttempt(id as DeliveryId)));
  expect(loaded.map((entry) => entry?.delivery.id ?? null)).toEqual([a, null, b]);
  expect(loaded[0]?.webhook).toMatchObject({ id: hook.id, enabled: true });

  const gone = { disableWebhook: { webhookId: hook.id as never, reason: 'The receiver answered 410 Gone', at: new Date() } };
  const written = await Promise.all([
    batched.recordAttempt(attempt(a, 0, 200)),
    batched.recordAttempt(attempt(a, 0, 200)), // the same attempt twice (a raced job): only one is written
    batched.recordAttempt(attempt(b, 4, 200)), // a stale attempt count: not written
    batched.recordAttempt(attempt(c, 0, 410, gone)),
  ]);
  expect(written).toEqual([true, false, false, true]);

  const rows = new Map((await deliveriesOf(world, hook.id)).map((row) => [row.id, row]));
  expect(rows.get(a)).toMatchObject({ state: 'delivered', attempts: 1, lastHttpCode: 200 });
  expect(rows.get(b)).toMatchObject({ state: 'pending', attempts: 0 });
  expect(rows.get(c)).toMatchObject({ state: 'failed', attempts: 1, lastHttpCode: 410, lastError: 'HTTP Error Code 410' });
  expect(await attemptsOf(world, a)).toEqual([expect.objectContaining({ attempt: 1, httpCode: 200, responseHead: Buffer.from('ok') })]);
  const { rows: [webhook] } = await world.pool.query('SELECT enabled, disabled_reason FROM webhooks WHERE id = $1', [hook.id]);
  expect(webhook).toEqual({ enabled: false, disabled_reason: 'The receiver answered 410 Gone' });
});
