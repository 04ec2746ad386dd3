import { Webhook } from 'standardwebhooks';
import { createHmac } from 'node:crypto';
import { deliverWebhook, type DeliverDeps } from '../../../../src/app/webhooks/deliver-webhook';
import type {
  AttemptRecord, DeliveryForAttempt, SendResult, StoredDelivery, WebhookRequest,
} from '../../../../src/app/webhooks/ports';
import { webhookSecretContext } from '../../../../src/app/webhooks/webhooks';
import type { DeliveryId, StoreId, WebhookId } from '../../../../src/domain/ids';
import { RETRY_DELAYS_MS } from '../../../../src/domain/webhook';

const SECRET = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;
const NOW = new Date('2026-01-01T00:00:00Z');
const BODY = Buffer.from('{\n  "type": "InvoiceSettled"\n}', 'utf8');

/** A sealer that "seals" by tagging with the context, so a wrong context fails like the real one. */
const sealer = {
  seal: (plaintext: string, context: string) => `${context}|${plaintext}`,
  open: (sealed: string, context: string) =>
    sealed.startsWith(`${context}|`) ? sealed.slice(context.length + 1) : { code: 'tampered', message: 'no' },
};

function delivery(overrides: Partial<StoredDelivery> = {}): StoredDelivery {
  return {
    id: 'D2' as DeliveryId, webhookId: 'W1' as WebhookId, storeId: 'S1' as StoreId, originalDeliveryId: 'D1' as DeliveryId,
    isRedelivery: true, invoiceEventId: '1', eventType: 'InvoiceSettled', state: 'pending', attempts: 0, nextAttemptAt: NOW,
    createdAt: NOW, lastAttemptAt: null, lastHttpCode: null, lastRecordStatus: null, lastError: null, body: BODY, pruned: false,
    ...overrides,
  };
}

function harness(options: {
  results?: SendResult[];
  delivery?: Partial<StoredDelivery>;
  webhook?: Partial<DeliveryForAttempt['webhook']>;
  busy?: boolean;
  schedule?: readonly number[];
  raced?: boolean;
} = {}) {
  const sent: WebhookRequest[] = [];
  const records: AttemptRecord[] = [];
  const abandoned: string[] = [];
  const leases: string[] = [];
  const results = [...(options.results ?? [])];
  const deps: DeliverDeps = {
    deliveries: {
      loadForAttempt: async () => ({
        delivery: delivery(options.delivery),
        webhook: {
          id: 'W1' as WebhookId, url: 'https://shop.example/hook', sealedSecret: sealer.seal(SECRET, webhookSecretContext('W1' as WebhookId)),
          enabled: true, automaticRedelivery: true, ...options.webhook,
        },
      }),
      recordAttempt: async (record) => {
        records.push(record);
        return options.raced !== true;
      },
      abandon: async (id) => {
        abandoned.push(id);
      },
    },
    sender: {
      send: async (request) => {
        sent.push(request);
        const next = results.shift();
        if (next === undefined) throw new Error('no scripted result left');
        return next;
      },
    },
    limiter: {
      tryAcquire: async () => (options.busy === true ? null : 'lease-1'),
      release: async (_endpoint, lease) => {
        leases.push(lease);
      },
    },
    sealer,
    clock: { now: () => NOW },
    random: () => 0.5, // no jitter
    settings: { timeoutMs: 15_000, busyRetryMs: 200, ...(options.schedule === undefined ? {} : { retrySchedule: options.schedule }) },
  };
  return { deps, sent, records, abandoned, leases };
}

const response = (status: number, extra: Partial<Extract<SendResult, { kind: 'response' }>> = {}): SendResult => ({
  kind: 'response', status, retryAfter: null, bodyHead: Buffer.from('ok'), latencyMs: 12, ...extra,
});

describe('deliverWebhook', () => {
  it('signs the stored bytes with both schemes, webhook-id being the original delivery id', async () => {
    const h = harness({ results: [response(200)] });
    expect(await deliverWebhook(h.deps, 'D2' as DeliveryId)).toEqual({ kind: 'delivered', status: 200 });
    const request = h.sent[0];
    expect(request?.body.equals(BODY)).toBe(true);
    expect(request?.url).toBe('https://shop.example/hook');
    const headers = request?.headers ?? {};
    expect(headers['webhook-id']).toBe('D1');
    expect(headers['BTCPay-Sig']).toBe(`sha256=${createHmac('sha256', Buffer.from(SECRET, 'utf8')).update(BODY).digest('hex')}`);
    // The reference library verifies the Standard Webhooks signature (it checks the timestamp against its own clock).
    jest.useFakeTimers({ now: NOW, doNotFake: ['nextTick', 'setImmediate'] });
    try {
      expect(() => new Webhook(SECRET).verify(BODY.toString('utf8'), headers)).not.toThrow();
    } finally {
      jest.useRealTimers();
    }
    expect(h.records[0]).toMatchObject({
      previousAttempts: 0, state: 'delivered', nextAttemptAt: null,
      attempt: { attempt: 1, recordStatus: 'HttpSuccess', httpCode: 200, latencyMs: 12, error: null },
    });
    expect(h.leases).toEqual(['lease-1']);
  });

  it.each([500, 502, 408, 429])('retries a %i on the schedule (attempt 1 → +5 s)', async (status) => {
    const h = harness({ results: [response(status)] });
    const result = await deliverWebhook(h.deps, 'D2' as DeliveryId);
    const at = new Date(NOW.getTime() + 12 + RETRY_DELAYS_MS[0]);
    expect(result).toEqual({ kind: 'retry', at, reason: 'attempt-failed' });
    expect(h.records[0]).toMatchObject({ state: 'pending', nextAttemptAt: at, attempt: { recordStatus: 'HttpError', error: `HTTP Error Code ${status}` } });
  });

  it('retries network errors and timeouts, later attempts further apart', async () => {
    const h = harness({ results: [{ kind: 'timeout', latencyMs: 15_000 }], delivery: { attempts: 3 } });
    const result = await deliverWebhook(h.deps, 'D2' as DeliveryId);
    expect(result).toEqual({ kind: 'retry', at: new Date(NOW.getTime() + 15_000 + RETRY_DELAYS_MS[3]), reason: 'attempt-failed' });
    expect(h.records[0]?.attempt).toMatchObject({ attempt: 4, recordStatus: 'Failed', error: 'Timeout after 15000 ms', httpCode: null });
    const n = harness({ results: [{ kind: 'network-error', message: 'ECONNREFUSED: connect ECONNREFUSED', latencyMs: 1 }] });
    expect(await deliverWebhook(n.deps, 'D2' as DeliveryId)).toMatchObject({ kind: 'retry', reason: 'attempt-failed' });
    expect(n.records[0]?.attempt.error).toContain('ECONNREFUSED');
  });

  it("honours Retry-After (longer than the schedule's step, capped at an hour)", async () => {
    const h = harness({ results: [response(429, { retryAfter: '120', latencyMs: 0 })] });
    expect(await deliverWebhook(h.deps, 'D2' as DeliveryId)).toMatchObject({ at: new Date(NOW.getTime() + 120_000) });
    const capped = harness({ results: [response(503, { retryAfter: '999999', latencyMs: 0 })] });
    expect(await deliverWebhook(capped.deps, 'D2' as DeliveryId)).toMatchObject({ at: new Date(NOW.getTime() + 3_600_000) });
  });

  it('fails for good once the (shortened) schedule is exhausted', async () => {
    const h = harness({ results: [response(500)], delivery: { attempts: 2 }, schedule: [10, 20] });
    expect(await deliverWebhook(h.deps, 'D2' as DeliveryId)).toEqual({ kind: 'failed', reason: 'HTTP Error Code 500 (retries exhausted)' });
    expect(h.records[0]).toMatchObject({ state: 'failed', nextAttemptAt: null });
  });

  it('does not retry when automatic redelivery is off', async () => {
    const h = harness({ results: [response(500)], webhook: { automaticRedelivery: false } });
    expect(await deliverWebhook(h.deps, 'D2' as DeliveryId)).toMatchObject({ kind: 'failed' });
  });

  it.each([302, 301, 400, 401, 404])('records a %i as failed, without retry', async (status) => {
    const h = harness({ results: [response(status)] });
    expect(await deliverWebhook(h.deps, 'D2' as DeliveryId)).toEqual({ kind: 'failed', reason: `HTTP Error Code ${status}` });
    expect(h.records[0]).toMatchObject({ state: 'failed', attempt: { recordStatus: 'HttpError', httpCode: status } });
  });

  it('disables the webhook on 410 Gone, in the same write', async () => {
    const h = harness({ results: [response(410)] });
    expect(await deliverWebhook(h.deps, 'D2' as DeliveryId)).toEqual({ kind: 'webhook-disabled' });
    expect(h.records[0]?.disableWebhook).toMatchObject({ webhookId: 'W1', reason: expect.stringContaining('410') });
    expect(h.records[0]?.state).toBe('failed');
  });

  it('fails without retry when the SSRF guard refused the address', async () => {
    const h = harness({ results: [{ kind: 'refused', message: 'Refused to connect to 10.0.0.1', latencyMs: 0 }] });
    expect(await deliverWebhook(h.deps, 'D2' as DeliveryId)).toEqual({ kind: 'failed', reason: 'Refused to connect to 10.0.0.1' });
    expect(h.records[0]?.attempt).toMatchObject({ recordStatus: 'Failed', error: 'Refused to connect to 10.0.0.1' });
  });

  it('waits, without an attempt, while the endpoint is saturated', async () => {
    const h = harness({ busy: true });
    const result = await deliverWebhook(h.deps, 'D2' as DeliveryId);
    expect(result).toEqual({ kind: 'retry', at: new Date(NOW.getTime() + 200), reason: 'endpoint-busy' });
    expect(h.sent).toHaveLength(0);
    expect(h.records).toHaveLength(0);
  });

  it('does not send before the delivery is due', async () => {
    const due = new Date(NOW.getTime() + 60_000);
    const h = harness({ delivery: { nextAttemptAt: due } });
    expect(await deliverWebhook(h.deps, 'D2' as DeliveryId)).toEqual({ kind: 'retry', at: due, reason: 'not-due' });
    expect(h.sent).toHaveLength(0);
  });

  it('abandons the delivery of a disabled webhook', async () => {
    const h = harness({ webhook: { enabled: false } });
    expect(await deliverWebhook(h.deps, 'D2' as DeliveryId)).toMatchObject({ kind: 'failed' });
    expect(h.abandoned).toEqual(['D2']);
    expect(h.sent).toHaveLength(0);
  });

  it('does nothing for a delivery that is no longer pending, or was recorded by another worker meanwhile', async () => {
    const done = harness({ delivery: { state: 'delivered', nextAttemptAt: null } });
    expect(await deliverWebhook(done.deps, 'D2' as DeliveryId)).toEqual({ kind: 'nothing-to-do', reason: 'not-pending' });
    const raced = harness({ results: [response(200)], raced: true });
    expect(await deliverWebhook(raced.deps, 'D2' as DeliveryId)).toEqual({ kind: 'nothing-to-do', reason: 'raced' });
  });

  it('retries, without sending, when the secret does not open', async () => {
    const h = harness({ webhook: { sealedSecret: 'webhook:OTHER|x' } });
    expect(await deliverWebhook(h.deps, 'D2' as DeliveryId)).toMatchObject({ kind: 'retry', reason: 'attempt-failed' });
    expect(h.sent).toHaveLength(0);
    expect(h.records[0]?.attempt.error).toContain('GATEWAY_SECRET');
  });
});
