/**
 * Webhooks through `blink-gateway worker` processes, spawned as an operator runs them:
 * - end to end as a new user goes: the API registers the webhook and creates the invoice, the
 *   invoice is paid in the sandbox (POST /sandbox/pay with the BOLT11 the API handed out), the
 *   worker's settlement path (websocket subscription) settles it, and the shop receives BTCPay's
 *   whole event sequence for that invoice, each event once, both signatures valid;
 * - a worker killed (kill -9) while the shop holds its request open: another worker sends the same
 *   delivery again (same webhook-id and bytes), with Redis intact (BullMQ's stalled-job check) and
 *   with Redis emptied (the outbox sweep), and deliveries committed while no worker ran arrive too.
 */
import { randomBytes } from 'node:crypto';
import type { StoreId } from '../../../src/domain/store/store-id';
import { startSandbox, type RunningSandbox } from '../../../src/sandbox';
import { startTestGateway, type TestGateway } from '../../support/gateway';
import { deleteRedisKeys } from '../../support/services';
import { FAST_TIMING, SUBSCRIPTION_ONLY, startWorld, type SpawnedWorker, type World } from '../settlement/harness';
import { eventually, startReceiver, type Receiver, type ReceivedRequest } from './receiver';
import {
  addWebhook, attemptsOf, deliveriesOf, payloadOf, spawnWorkerProcess, stopWorkerProcess, verifySignatures, WEBHOOKS_TO_LOCAL_RECEIVERS,
} from './worker-world';

jest.setTimeout(90_000);

const LIGHTNING_SEQUENCE = ['InvoiceCreated', 'InvoicePaymentSettled', 'InvoiceProcessing', 'InvoiceReceivedPayment', 'InvoiceSettled'];
const receivers: Receiver[] = [];
const workers: SpawnedWorker[] = [];

async function receiver(options: Parameters<typeof startReceiver>[0] = {}): Promise<Receiver> {
  const started = await startReceiver(options);
  receivers.push(started);
  return started;
}

afterEach(async () => {
  await Promise.allSettled(workers.splice(0).map((worker) => stopWorkerProcess(worker, 'SIGKILL')));
  await Promise.allSettled(receivers.splice(0).map((shop) => shop.close()));
});

describe('end to end through the API and a worker process', () => {
  let sandbox: RunningSandbox;
  let gateway: TestGateway;
  const env = { GATEWAY_SECRET: randomBytes(32).toString('base64'), ...FAST_TIMING, ...SUBSCRIPTION_ONLY, ...WEBHOOKS_TO_LOCAL_RECEIVERS, LOG_LEVEL: 'error' };
  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0 });
    gateway = await startTestGateway(env);
  });
  afterAll(async () => {
    await gateway.close();
    await sandbox.close();
  });
  const api = async (path: string, init: { method?: string; json?: unknown } = {}) => {
    const response = await gateway.request(path, { ...init, key: gateway.adminKey });
    return { status: response.status, body: await response.json() as Record<string, unknown> };
  };

  it('a paid invoice sends the shop the whole Greenfield sequence, each event once, signed twice', async () => {
    const store = (await api('/api/v1/stores', { method: 'POST', json: { name: 'Shop' } })).body as { id: StoreId };
    const account = sandbox.accounts[0]!;
    const key = account.apiKeys.find((item) => item.scopes.includes('RECEIVE') && !item.scopes.includes('WRITE'))!.key;
    const wallet = account.wallets.find((item) => item.currency === 'BTC')!.id;
    const connection = `type=blink;server=${sandbox.graphqlUrl};api-key=${key};wallet-id=${wallet};allowinsecure=true`;
    expect((await api(`/api/v1/stores/${store.id}/payment-methods/BTC-LN`, { method: 'PUT', json: { config: connection } })).status).toBe(200);
    const shop = await receiver();
    const hook = await api(`/api/v1/stores/${store.id}/webhooks`, { method: 'POST', json: { url: shop.url } });
    expect(hook.status).toBe(200);
    const secret = String(hook.body.secret);

    workers.push(spawnWorkerProcess({
      NODE_ENV: 'test', DATABASE_URL: gateway.config.DATABASE_URL, REDIS_URL: gateway.config.REDIS_URL, QUEUE_PREFIX: gateway.config.QUEUE_PREFIX, ...env,
    }));
    const invoice = await api(`/api/v1/stores/${store.id}/invoices`, { method: 'POST', json: { amount: '1000', currency: 'SATS', metadata: { orderId: 'E2E-1' } } });
    expect(invoice.status).toBe(200);
    const invoiceId = String(invoice.body.id);
    await shop.waitFor(1, 30_000); // InvoiceCreated: the worker is up
    const methods = await gateway.request(`/api/v1/stores/${store.id}/invoices/${invoiceId}/payment-methods`, { key: gateway.adminKey });
    const [lightning] = await methods.json() as { destination: string }[];
    const paid = await fetch(`${sandbox.url}/sandbox/pay`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ paymentRequest: lightning!.destination }),
    });
    expect(paid.status).toBe(200);

    const received = await shop.waitFor(5, 30_000);
    for (const request of received) verifySignatures(request, secret);
    const payloads = received.map(payloadOf);
    expect(payloads.map((payload) => payload.type).sort()).toEqual(LIGHTNING_SEQUENCE);
    for (const payload of payloads) {
      expect(payload).toMatchObject({ invoiceId, storeId: store.id, webhookId: hook.body.id, isRedelivery: false, metadata: { orderId: 'E2E-1' } });
      expect(payload.originalDeliveryId).toBe(payload.deliveryId);
    }
    expect(received.map((request) => request.headers['webhook-id'])).toEqual(payloads.map((payload) => payload.deliveryId));
    expect(payloads.find((payload) => payload.type === 'InvoicePaymentSettled')).toMatchObject({
      paymentMethodId: 'BTC-LN', afterExpiration: false, payment: { value: '0.00001', status: 'Settled' },
    });
    expect(payloads.find((payload) => payload.type === 'InvoiceSettled')).toMatchObject({ manuallyMarked: false, overPaid: false });
    expect((await api(`/api/v1/stores/${store.id}/invoices/${invoiceId}`)).body.status).toBe('Settled');
    const deliveries = await eventually(async () => {
      const response = await gateway.request(`/api/v1/stores/${store.id}/webhooks/${String(hook.body.id)}/deliveries`, { key: gateway.adminKey });
      const list = await response.json() as { state: string }[];
      return list.length === 5 && list.every((delivery) => delivery.state === 'Delivered') ? list : undefined;
    });
    expect(deliveries).toHaveLength(5);
    await new Promise((resolve) => setTimeout(resolve, 1_500)); // three sweeps later: still nothing sent twice
    expect(shop.count()).toBe(5);
  });
});

describe('a worker killed mid-delivery', () => {
  let world: World;
  afterEach(async () => { await world?.close(); });

  /** The shop holds the first request open; the worker sending it is killed; the caller starts another. */
  async function killedWhileSending(options: { flushRedis: boolean }) {
    world = await startWorld({ ...WEBHOOKS_TO_LOCAL_RECEIVERS, WEBHOOK_JOB_LOCK_MS: '1000' });
    const storeId = await world.addStore();
    const shop = await receiver({ reply: (_request, index) => (index === 0 ? { status: 200, delayMs: 120_000 } : { status: 200 }) });
    const hook = await addWebhook(world, storeId, shop.url);
    const first = world.spawnWorker();
    const invoice = await world.newInvoice(storeId);
    const [held] = await shop.waitFor(1, 30_000);
    first.child.kill('SIGKILL');
    await first.exited;
    if (options.flushRedis) await deleteRedisKeys(world.config.QUEUE_PREFIX);
    const whileNoWorker = await world.newInvoice(storeId); // committed while nobody listens
    world.spawnWorker();
    const received = await shop.waitFor(3, 45_000);
    return { shop, hook, invoice, whileNoWorker, held: held!, received };
  }

  async function expectResentOnce(run: Awaited<ReturnType<typeof killedWhileSending>>) {
    const { hook, invoice, whileNoWorker, held, received } = run;
    const heldPayload = payloadOf(held);
    expect(heldPayload).toMatchObject({ type: 'InvoiceCreated', invoiceId: invoice.id });
    const again = received.slice(1).filter((request: ReceivedRequest) => request.headers['webhook-id'] === held.headers['webhook-id']);
    expect(again).toHaveLength(1);
    expect(again[0]!.body.equals(held.body)).toBe(true);
    for (const request of received) verifySignatures(request, hook.secret);
    expect(received.map(payloadOf).map((payload) => payload.invoiceId).sort()).toEqual([invoice.id, invoice.id, whileNoWorker.id].sort());

    const deliveries = await eventually(async () => {
      const rows = await deliveriesOf(world, hook.id);
      return rows.length === 2 && rows.every((row) => row.state === 'delivered') ? rows : undefined;
    });
    // The killed attempt never learnt its outcome, so it has no record; the one that did is attempt 1.
    const resent = deliveries.find((row) => row.id === heldPayload.deliveryId)!;
    expect(resent).toMatchObject({ attempts: 1, lastHttpCode: 200, lastRecordStatus: 'HttpSuccess' });
    expect(await attemptsOf(world, resent.id)).toEqual([expect.objectContaining({ attempt: 1, recordStatus: 'HttpSuccess', httpCode: 200 })]);
  }

  it('with Redis intact: the stalled job is taken up by another worker and sent again with the same webhook-id', async () => {
    await expectResentOnce(await killedWhileSending({ flushRedis: false }));
  });

  it('with Redis emptied as well: the outbox sweep queues it again and nothing is lost', async () => {
    await expectResentOnce(await killedWhileSending({ flushRedis: true }));
  });
});
