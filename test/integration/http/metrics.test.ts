/**
 * `GET /metrics`: Prometheus text, behind the server-settings permission; this process's requests by
 * route template (never by URL), and the deployment's backlog read from Postgres and Redis.
 */
import Redis from 'ioredis';
import { createGatewayMetrics } from '../../../src/adapters/metrics/gateway-metrics';
import { createLogger } from '../../../src/adapters/log';
import { createPool } from '../../../src/adapters/db/pool';
import { redisUrl } from '../../support/services';
import { startInvoiceGateway, type InvoiceTestGateway } from '../invoices/harness';

jest.setTimeout(60_000);

/** Every sample of `name` in a Prometheus text exposition, with its labels. */
function samples(text: string, name: string): { labels: Record<string, string>; value: number }[] {
  return text.split('\n').flatMap((line) => {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (match === null || match[1] !== name) return [];
    const labels = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((label) => [label[1]!, label[2]!]));
    return [{ labels, value: Number(match[3]) }];
  });
}

/** The value of the one sample of `name` whose labels include `labels`; undefined when there is none. */
function valueOf(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const found = samples(text, name).filter((sample) => Object.entries(labels).every(([key, value]) => sample.labels[key] === value));
  if (found.length > 1) throw new Error(`${found.length} samples of ${name} match ${JSON.stringify(labels)}`);
  return found[0]?.value;
}

describe('GET /metrics', () => {
  let t: InvoiceTestGateway;
  let storeId: string;
  beforeAll(async () => {
    t = await startInvoiceGateway();
    storeId = await t.createStore();
  });
  afterAll(async () => { await t.close(); });

  /** With the admin key, another key, or none (`null`). */
  const scrape = async (key: string | null = t.gateway.adminKey) => {
    const response = await t.gateway.request('/metrics', key === null ? {} : { key });
    return { status: response.status, contentType: response.headers.get('content-type'), text: await response.text() };
  };

  it('answers Prometheus text to a key with the server-settings permission, and nobody else', async () => {
    expect((await scrape(null)).status).toBe(401);
    const storeKey = await t.call('/api/v1/api-keys', { method: 'POST', json: { permissions: [`btcpay.store.canviewinvoices:${storeId}`] } });
    expect((await scrape(storeKey.body.apiKey)).status).toBe(403);
    const serverKey = await t.call('/api/v1/api-keys', { method: 'POST', json: { permissions: ['btcpay.server.canmodifyserversettings'] } });
    const scraped = await scrape(serverKey.body.apiKey);
    expect(scraped.status).toBe(200);
    expect(scraped.contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(valueOf(scraped.text, 'blink_gateway_process_cpu_seconds_total')).toBeGreaterThan(0);
  });

  it('counts each answered request by method, route template and status, never by URL', async () => {
    const route = '/api/v1/stores/{storeId}/invoices';
    const before = await scrape();
    const created = await t.call(`/api/v1/stores/${storeId}/invoices`, { method: 'POST', json: { amount: '1000', currency: 'SATS' } });
    expect(created.status).toBe(200);
    expect((await t.call(`/api/v1/stores/${storeId}/invoices/NoSuchInvoice`)).status).toBe(404);
    expect((await t.call('/no/such/path')).status).toBe(404);
    const after = await scrape();
    const count = (text: string, labels: Record<string, string>) => valueOf(text, 'blink_gateway_http_requests_total', labels) ?? 0;
    const created200 = { method: 'POST', route, status: '200' };
    expect(count(after.text, created200) - count(before.text, created200)).toBe(1);
    const missing = { method: 'GET', route: '/api/v1/stores/{storeId}/invoices/{invoiceId}', status: '404' };
    expect(count(after.text, missing) - count(before.text, missing)).toBe(1);
    expect(count(after.text, { method: 'GET', route: '(no route)', status: '404' })).toBeGreaterThanOrEqual(1);
    expect(valueOf(after.text, 'blink_gateway_http_request_duration_seconds_count', { method: 'POST', route })).toBeGreaterThanOrEqual(1);
    // Ids (and so keys) never become labels: the store id and the invoice id appear nowhere.
    expect(after.text).not.toContain(storeId);
    expect(after.text).not.toContain(created.body.id);
  });

  it("shows the deployment's backlog: open invoices, pending webhook deliveries and their age, jobs per queue", async () => {
    const shop = await t.createStore();
    const hook = await t.call(`/api/v1/stores/${shop}/webhooks`, { method: 'POST', json: { url: 'https://shop.example/hooks' } });
    expect(hook.status).toBe(200);
    const before = await scrape();
    for (const orderId of ['A-1', 'A-2']) {
      const created = await t.call(`/api/v1/stores/${shop}/invoices`, { method: 'POST', json: { amount: '500', currency: 'SATS', metadata: { orderId } } });
      expect(created.status).toBe(200);
    }
    const watchJobs = (text: string) => samples(text, 'blink_gateway_queue_jobs')
      .filter((sample) => sample.labels.queue === 'settlement-watch').reduce((sum, sample) => sum + sample.value, 0);
    // The watch jobs are queued just after each response: wait for them.
    let after = await scrape();
    while (watchJobs(after.text) < watchJobs(before.text) + 2) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      after = await scrape();
    }
    expect(watchJobs(after.text) - watchJobs(before.text)).toBe(2);
    expect(valueOf(after.text, 'blink_gateway_invoices_open')! - valueOf(before.text, 'blink_gateway_invoices_open')!).toBe(2);
    // No worker runs here either: an invoice whose expiry passed long ago stays New, and shows as overdue.
    expect(valueOf(after.text, 'blink_gateway_invoices_overdue')).toBe(0);
    await t.gateway.server.pool.query("UPDATE invoices SET expiration_time = now() - interval '10 minutes' WHERE metadata->>'orderId' = 'A-1'");
    expect(valueOf((await scrape()).text, 'blink_gateway_invoices_overdue')).toBe(1);
    // No worker runs here: each invoice's InvoiceCreated delivery to the shop stays pending.
    expect(valueOf(after.text, 'blink_gateway_webhook_deliveries_pending')! - valueOf(before.text, 'blink_gateway_webhook_deliveries_pending')!).toBe(2);
    expect(valueOf(after.text, 'blink_gateway_webhook_delivery_oldest_pending_seconds')).toBeGreaterThanOrEqual(0);
    expect(valueOf(after.text, 'blink_gateway_queue_jobs', { queue: 'settlement-subscription', state: 'waiting' })).toBeGreaterThanOrEqual(1);
    expect(valueOf(after.text, 'blink_gateway_dependency_up', { dependency: 'postgres' })).toBe(1);
    expect(valueOf(after.text, 'blink_gateway_dependency_up', { dependency: 'redis' })).toBe(1);
  });
});

describe('metrics while a dependency does not answer', () => {
  it('leave its figures unknown and report it down, and still render', async () => {
    const logger = createLogger({ level: 'error' });
    // Nothing listens on port 9, and the Redis connection is closed: every query and command fails at once.
    const pool = createPool('postgres://postgres@127.0.0.1:9/nothing');
    const redis = new Redis(redisUrl(), { maxRetriesPerRequest: 0 });
    redis.on('error', () => undefined);
    await redis.quit();
    const metrics = createGatewayMetrics({ pool, redis, queuePrefix: '{bg-metrics-down}', overdueAfterMs: 45_000, logger });
    try {
      const { text } = await metrics.render();
      expect(valueOf(text, 'blink_gateway_dependency_up', { dependency: 'postgres' })).toBe(0);
      expect(valueOf(text, 'blink_gateway_dependency_up', { dependency: 'redis' })).toBe(0);
      // Unknown is not zero: NaN where the series has no labels, no series where it has.
      expect(valueOf(text, 'blink_gateway_invoices_open')).toBeNaN();
      expect(valueOf(text, 'blink_gateway_webhook_deliveries_pending')).toBeNaN();
      expect(samples(text, 'blink_gateway_queue_jobs')).toEqual([]);
      expect(valueOf(text, 'blink_gateway_process_cpu_seconds_total')).toBeGreaterThan(0);
    } finally {
      await metrics.close();
      await pool.end();
    }
  });
});
