import { randomBytes } from 'node:crypto';
import { Queue } from 'bullmq';
import Redis from 'ioredis';
import { createLogger } from '../../../src/adapters/log';
import { SETTLEMENT_QUEUES, subscriptionJobId, watchJobId } from '../../../src/app/settlement/jobs';
import type { InvoiceId } from '../../../src/domain/ids';
import type { StoreId } from '../../../src/domain/store/store-id';
import { startSandbox, type RunningSandbox } from '../../../src/sandbox';
import { startWorkers } from '../../../workers/main';
import { startTestGateway, type TestGateway } from '../../support/gateway';
import { FAST_TIMING } from './harness';

/** The whole path: the API creates an invoice and schedules its watching; workers see the payment. */
describe('API → workers', () => {
  let sandbox: RunningSandbox;
  let gateway: TestGateway;
  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0 });
    gateway = await startTestGateway({ GATEWAY_SECRET: randomBytes(32).toString('base64'), ...FAST_TIMING, LOG_LEVEL: 'error' });
  });
  afterAll(async () => {
    await gateway.close();
    await sandbox.close();
  });

  it('schedules the watch and subscription jobs at creation, and the workers settle the paid invoice', async () => {
    const admin = gateway.adminKey;
    const store = await (await gateway.request('/api/v1/stores', { method: 'POST', key: admin, json: { name: 'Shop' } })).json() as { id: StoreId };
    const account = sandbox.accounts[0]!;
    const key = account.apiKeys.find((item) => item.scopes.includes('RECEIVE') && !item.scopes.includes('WRITE'))!.key;
    const wallet = account.wallets.find((item) => item.currency === 'BTC')!.id;
    const config = `type=blink;server=${sandbox.graphqlUrl};api-key=${key};wallet-id=${wallet};allowinsecure=true`;
    expect((await gateway.request(`/api/v1/stores/${store.id}/payment-methods/BTC-LN`, { method: 'PUT', key: admin, json: { config } })).status).toBe(200);
    const created = await gateway.request(`/api/v1/stores/${store.id}/invoices`, { method: 'POST', key: admin, json: { amount: '1000', currency: 'SATS' } });
    expect(created.status).toBe(200);
    const invoice = await created.json() as { id: InvoiceId };

    const connection = new Redis(gateway.config.REDIS_URL, { maxRetriesPerRequest: null });
    const watch = new Queue(SETTLEMENT_QUEUES.watch, { connection, prefix: gateway.config.QUEUE_PREFIX });
    const subscription = new Queue(SETTLEMENT_QUEUES.subscription, { connection, prefix: gateway.config.QUEUE_PREFIX });
    try {
      expect(await watch.getJob(watchJobId(invoice.id))).toBeDefined();
      expect(await subscription.getJob(subscriptionJobId(store.id))).toBeDefined();
      const workers = await startWorkers(gateway.config, createLogger({ level: 'error' }));
      try {
        const { rows } = await gateway.server.pool.query('SELECT payment_hash FROM invoices WHERE id = $1', [invoice.id]);
        await sandbox.pay(String(rows[0]!.payment_hash));
        for (;;) {
          const view = await (await gateway.request(`/api/v1/stores/${store.id}/invoices/${invoice.id}`, { key: admin })).json() as { status: string };
          if (view.status === 'Settled') break;
          await new Promise((done) => setTimeout(done, 100));
        }
      } finally {
        await workers.close();
      }
    } finally {
      await Promise.allSettled([watch.close(), subscription.close()]);
      connection.disconnect();
    }
  });
});
