/**
 * Webhooks end to end with the real pieces: the API (webhook routes, invoices written with their
 * outbox rows), the delivery runtime (outbox listener, BullMQ worker, SSRF-guarded sender, Redis
 * endpoint limiter), Postgres, Redis and local HTTP receivers. The retry schedule is shortened to
 * 150 ms steps so retries are checked without waiting minutes.
 */
import { createHmac } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { createInvoiceRepository } from '../../../src/adapters/db/invoice-repository';
import { settleInvoice } from '../../../src/app/invoices/settle-invoice';
import type { InvoiceRepository } from '../../../src/app/ports';
import type { InvoiceId } from '../../../src/domain/ids';
import { startWebhookDelivery, type WebhookDeliveryRuntime } from '../../../src/server/webhook-worker';
import { startInvoiceGateway, type InvoiceTestGateway } from '../invoices/harness';
import { deleteRedisKeys } from '../../support/services';
import { eventually, freePort, startReceiver, type Receiver, type ReceivedRequest } from './receiver';

jest.setTimeout(60_000);

let t: InvoiceTestGateway;
let runtime: WebhookDeliveryRuntime;
let storeId: string;
let invoices: InvoiceRepository;
const receivers: Receiver[] = [];
const clock = { now: () => new Date() };

async function startRuntime(options: { listen?: boolean } = {}): Promise<WebhookDeliveryRuntime> {
  const config = {
    ...t.gateway.config, WEBHOOK_ALLOW_PRIVATE_NETWORKS: true, WEBHOOK_RETRY_SCHEDULE_MS: [150, 150, 150],
    WEBHOOK_TIMEOUT_MS: 1_000, WEBHOOK_MAX_IN_FLIGHT_PER_ENDPOINT: 2,
  };
  return startWebhookDelivery(config, t.gateway.logs.logger, { pool: t.gateway.server.pool, ...options });
}

beforeAll(async () => {
  t = await startInvoiceGateway();
  storeId = await t.createStore();
  invoices = createInvoiceRepository(t.gateway.server.pool);
  runtime = await startRuntime();
});
afterAll(async () => {
  await runtime.close();
  await Promise.all(receivers.map((receiver) => receiver.close()));
  await t.close();
});

async function receiver(options: Parameters<typeof startReceiver>[0] = {}): Promise<Receiver> {
  const started = await startReceiver(options);
  receivers.push(started);
  return started;
}

async function newStore(): Promise<string> {
  return t.createStore();
}

async function registerWebhook(store: string, url: string, extra: Record<string, unknown> = {}) {
  const created = await t.call(`/api/v1/stores/${store}/webhooks`, { method: 'POST', json: { url, ...extra } });
  expect(created.status).toBe(200);
  return created.body as { id: string; secret: string; url: string };
}

async function newInvoice(store: string) {
  const created = await t.call(`/api/v1/stores/${store}/invoices`, { method: 'POST', json: { amount: '1000', currency: 'SATS', metadata: { orderId: 'A-1' } } });
  expect(created.status).toBe(200);
  const stored = await invoices.findById(created.body.id as InvoiceId);
  if (stored === null) throw new Error('invoice not stored');
  return stored;
}

const deliveriesOf = async (store: string, webhookId: string) =>
  (await t.call(`/api/v1/stores/${store}/webhooks/${webhookId}/deliveries`)).body as { id: string; state: string; attempts: number; status: string | null }[];

/** The check a shop makes with greenfield-php: 'sha256=' . hash_hmac('sha256', $body, $secret), whole header. */
const btcpaySig = (secret: string, body: Buffer): string => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
const json = (request: ReceivedRequest | undefined) => JSON.parse(request?.body.toString('utf8') ?? 'null');

it('a new webhook receives InvoiceCreated signed twice; the API shows the delivery and its exact bytes', async () => {
  const shop = await receiver();
  const hook = await registerWebhook(storeId, shop.url);
  expect(hook.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
  const invoice = await newInvoice(storeId);
  const [request] = await shop.waitFor(1);
  const body = request?.body ?? Buffer.alloc(0);
  expect(json(request)).toMatchObject({
    type: 'InvoiceCreated', webhookId: hook.id, storeId, invoiceId: invoice.id, isRedelivery: false, metadata: { orderId: 'A-1' },
  });
  expect(json(request).originalDeliveryId).toBe(json(request).deliveryId);
  expect(request?.headers['btcpay-sig']).toBe(btcpaySig(hook.secret, body));
  expect(request?.headers['webhook-id']).toBe(json(request).deliveryId);
  expect(() => new Webhook(hook.secret).verify(body.toString('utf8'), request?.headers as Record<string, string>)).not.toThrow();
  expect(request?.headers['user-agent']).toMatch(/^blink-gateway\/\d+\.\d+\.\d+/);

  const listed = await eventually(async () => {
    const deliveries = await deliveriesOf(storeId, hook.id);
    return deliveries[0]?.state === 'Delivered' ? deliveries : undefined;
  });
  expect(listed).toHaveLength(1);
  expect(listed[0]).toMatchObject({ id: json(request).deliveryId, status: 'HttpSuccess', attempts: 1 });
  const raw = await t.gateway.request(`/api/v1/stores/${storeId}/webhooks/${hook.id}/deliveries/${listed[0]?.id}/request`, { key: t.gateway.adminKey });
  expect(raw.headers.get('content-type')).toContain('application/json');
  expect(Buffer.from(await raw.arrayBuffer()).equals(body)).toBe(true);
  await t.call(`/api/v1/stores/${storeId}/webhooks/${hook.id}`, { method: 'DELETE' });
});

it('a Lightning payment sends the whole sequence; specificEvents gets only its own', async () => {
  const store = await newStore();
  const all = await receiver();
  const onlySettled = await receiver();
  await registerWebhook(store, all.url);
  await registerWebhook(store, onlySettled.url, { authorizedEvents: { everything: false, specificEvents: ['InvoiceSettled'] } });
  const invoice = await newInvoice(store);
  await settleInvoice({ invoices, clock }, { invoiceId: invoice.id, paymentHash: invoice.paymentHash, receivedTime: new Date() });
  const received = await all.waitFor(5);
  // Deliveries are not ordered (each is its own job); every event arrives once.
  expect(received.map((r) => json(r).type).sort()).toEqual(
    ['InvoiceCreated', 'InvoicePaymentSettled', 'InvoiceProcessing', 'InvoiceReceivedPayment', 'InvoiceSettled']);
  const payment = received.map(json).find((p) => p.type === 'InvoicePaymentSettled');
  expect(payment).toMatchObject({ paymentMethodId: 'BTC-LN', afterExpiration: false, payment: { id: invoice.paymentHash, value: '0.00001', status: 'Settled' } });
  const [settled] = await onlySettled.waitFor(1);
  expect(json(settled)).toMatchObject({ type: 'InvoiceSettled', manuallyMarked: false, overPaid: false });
  await runtime.sweep(); // nothing pending: nothing sent twice
  expect(onlySettled.requests).toHaveLength(1);
});

it('500 then 200: retried with the same webhook-id and body, every attempt recorded', async () => {
  const store = await newStore();
  const shop = await receiver({ reply: (_r, index) => (index === 0 ? { status: 500, body: 'boom' } : { status: 200 }) });
  const hook = await registerWebhook(store, shop.url);
  await newInvoice(store);
  const [first, second] = await shop.waitFor(2);
  expect(second?.headers['webhook-id']).toBe(first?.headers['webhook-id']);
  expect(second?.body.equals(first?.body ?? Buffer.alloc(0))).toBe(true);
  const [delivery] = await eventually(async () => {
    const list = await deliveriesOf(store, hook.id);
    return list[0]?.state === 'Delivered' ? list : undefined;
  });
  const detail = await t.call(`/api/v1/stores/${store}/webhooks/${hook.id}/deliveries/${delivery?.id}`);
  expect(detail.body.attemptLog).toEqual([
    expect.objectContaining({ attempt: 1, status: 'HttpError', httpCode: 500, errorMessage: 'HTTP Error Code 500', response: 'boom' }),
    expect.objectContaining({ attempt: 2, status: 'HttpSuccess', httpCode: 200, errorMessage: null }),
  ]);
});

it('receiver down, then up: the delivery arrives once it listens', async () => {
  const store = await newStore();
  const port = await freePort();
  const hook = await registerWebhook(store, `http://127.0.0.1:${port}/hook`);
  await newInvoice(store);
  await eventually(async () => ((await deliveriesOf(store, hook.id))[0]?.attempts ?? 0) >= 1 ? true : undefined);
  const shop = await receiver({ port });
  const [request] = await shop.waitFor(1);
  expect(json(request).type).toBe('InvoiceCreated');
  const detail = await eventually(async () => {
    const list = await deliveriesOf(store, hook.id);
    return list[0]?.state === 'Delivered' ? list[0] : undefined;
  });
  expect(detail.attempts).toBeGreaterThanOrEqual(2);
});

it('a receiver slower than the timeout is retried', async () => {
  const store = await newStore();
  const shop = await receiver({ reply: (_r, index) => (index === 0 ? { status: 200, delayMs: 5_000 } : { status: 200 }) });
  const hook = await registerWebhook(store, shop.url);
  await newInvoice(store);
  await shop.waitFor(2);
  const [delivery] = await eventually(async () => {
    const list = await deliveriesOf(store, hook.id);
    return list[0]?.state === 'Delivered' ? list : undefined;
  });
  const detail = await t.call(`/api/v1/stores/${store}/webhooks/${hook.id}/deliveries/${delivery?.id}`);
  expect(detail.body.attemptLog[0]).toMatchObject({ status: 'Failed', httpCode: null, errorMessage: expect.stringContaining('Timeout') });
});

it('410 Gone disables the webhook; later events are not sent', async () => {
  const store = await newStore();
  const shop = await receiver({ reply: () => ({ status: 410 }) });
  const hook = await registerWebhook(store, shop.url);
  await newInvoice(store);
  await shop.waitFor(1);
  const disabled = await eventually(async () => {
    const got = await t.call(`/api/v1/stores/${store}/webhooks/${hook.id}`);
    return got.body.enabled === false ? got.body : undefined;
  });
  expect(disabled.enabled).toBe(false);
  await newInvoice(store);
  expect((await deliveriesOf(store, hook.id)).map((d) => d.state)).toEqual(['Failed']);
});

it('a 302 is neither followed nor retried', async () => {
  const store = await newStore();
  const inside = await receiver();
  const shop = await receiver({ reply: () => ({ status: 302, headers: { location: inside.url } }) });
  const hook = await registerWebhook(store, shop.url);
  await newInvoice(store);
  await shop.waitFor(1);
  const [delivery] = await eventually(async () => {
    const list = await deliveriesOf(store, hook.id);
    return list[0]?.state === 'Failed' ? list : undefined;
  });
  expect(delivery).toMatchObject({ status: 'HttpError', attempts: 1 });
  // Three retry steps would be over by now: still one request, and none to the redirect target.
  await new Promise((resolve) => setTimeout(resolve, 600));
  expect(shop.requests).toHaveLength(1);
  expect(inside.requests).toHaveLength(0);
});

it('redelivery through the API: a new delivery id, isRedelivery, the same originalDeliveryId and webhook-id', async () => {
  const store = await newStore();
  const shop = await receiver();
  const hook = await registerWebhook(store, shop.url);
  await newInvoice(store);
  const [first] = await shop.waitFor(1);
  const original = json(first);
  const redelivered = await t.call(`/api/v1/stores/${store}/webhooks/${hook.id}/deliveries/${original.deliveryId}/redeliver`, { method: 'POST' });
  expect(redelivered.status).toBe(200);
  expect(typeof redelivered.body).toBe('string');
  const [, second] = await shop.waitFor(2);
  expect(json(second)).toEqual({ ...original, deliveryId: redelivered.body, isRedelivery: true });
  expect(second?.headers['webhook-id']).toBe(original.deliveryId);
  expect(second?.headers['btcpay-sig']).toBe(btcpaySig(hook.secret, second?.body ?? Buffer.alloc(0)));
  expect((await t.call(`/api/v1/stores/${store}/webhooks/${hook.id}/deliveries/nope/redeliver`, { method: 'POST' })).body)
    .toMatchObject({ code: 'webhookdelivery-not-found' });
});

it('a slow endpoint gets at most its limit in flight and never holds back another endpoint', async () => {
  const store = await newStore();
  // Slow, yet inside the 1 s timeout: every delivery succeeds on its first attempt.
  const slow = await receiver({ reply: () => ({ status: 200, delayMs: 600 }) });
  const slowHook = await registerWebhook(store, slow.url);
  for (let i = 0; i < 4; i += 1) await newInvoice(store);
  await slow.waitFor(1);
  const otherStore = await newStore();
  const fast = await receiver();
  await registerWebhook(otherStore, fast.url);
  await newInvoice(otherStore);
  await fast.waitFor(1);
  expect(slow.requests.length).toBeLessThan(4); // the fast endpoint did not wait for the slow one's backlog
  await slow.waitFor(4);
  expect(slow.inFlight.max).toBe(2);
  const settled = await eventually(async () => {
    const rows = await deliveriesOf(store, slowHook.id);
    return rows.every((row) => row.state === 'Delivered') ? rows : undefined;
  });
  expect(settled.map((row) => row.attempts)).toEqual([1, 1, 1, 1]);
  expect(slow.requests).toHaveLength(4);
});

it('Redis loses every job: the sweep re-queues the pending deliveries and they arrive', async () => {
  await runtime.close();
  const store = await newStore();
  const shop = await receiver();
  await registerWebhook(store, shop.url);
  await newInvoice(store);
  await newInvoice(store);
  await deleteRedisKeys(t.gateway.config.QUEUE_PREFIX);
  runtime = await startRuntime({ listen: false });
  expect(shop.requests).toHaveLength(0);
  expect(await runtime.sweep()).toBe(2);
  const received = await shop.waitFor(2);
  expect(received.map((r) => json(r).type)).toEqual(['InvoiceCreated', 'InvoiceCreated']);
});
