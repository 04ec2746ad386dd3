import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createBlinkClient } from '../../../src/adapters/blink';
import { BlinkError, isBlinkError, type BlinkErrorCode } from '../../../src/app/blink-port';
import type { BlinkApiKey, BlinkConnection } from '../../../connection-string/types';
import type { InvoiceId } from '../../../src/domain/ids';
import type { Sats } from '../../../src/domain/money/units';
import { allKeys, startFixture, type Fixture, type Stats } from './sandbox-fixture';

let fixture: Fixture;
let serial = 0;
const invoiceId = () => `Err${process.pid}x${serial++}` as InvoiceId;
const errors: BlinkError[] = [];

beforeAll(async () => { fixture = await startFixture(); });
afterEach(async () => { await fixture.control('faults', { latencyMs: 0, errorRate: 0, forceRateLimit: false, refuseWebsockets: false }); });
afterAll(async () => {
  // Whatever failed above, no message and no log line may contain a key.
  const text = [...errors.map((error) => error.message), ...fixture.logs.lines].join('\n');
  for (const key of [...allKeys(fixture), fakeKey]) expect(text).not.toContain(key);
  expect(errors.length).toBeGreaterThan(5);
  await fixture.close();
});

const fakeKey = 'blink_UnknownUnknownUnknownUnknownUnknownUnknownUnknownUnknownUnknown1';

async function expectCode(promise: Promise<unknown>, code: BlinkErrorCode): Promise<BlinkError> {
  const result = await promise;
  if (!isBlinkError(result)) throw new Error(`expected ${code}, got ${JSON.stringify(result)}`);
  errors.push(result);
  expect(result.code).toBe(code);
  return result;
}

const createBtc = (connection: BlinkConnection, memo?: string) => fixture.client.createInvoice(connection, {
  invoiceId: invoiceId(), walletId: fixture.walletId('BTC'), amount: { currency: 'BTC', sats: 100 as Sats }, ...(memo ? { memo } : {}),
});

describe('every error class, from a real server', () => {
  it('invalid key: HTTP 401 → blink-invalid-key', async () => {
    await expectCode(createBtc({ ...fixture.keyed('READ+RECEIVE'), apiKey: fakeKey as BlinkApiKey }), 'blink-invalid-key');
  });

  it('missing scope: a READ-only key creating an invoice → blink-missing-scope', async () => {
    await expectCode(createBtc(fixture.keyed('READ')), 'blink-missing-scope');
  });

  it('missing scope: no key at all on an authed mutation ("Not authorized") → blink-missing-scope', async () => {
    await expectCode(createBtc({ ...fixture.keyed('READ+RECEIVE'), apiKey: '' as BlinkApiKey }), 'blink-missing-scope');
  });

  it('rate limited: TOO_MANY_REQUEST (HTTP 200) → blink-rate-limited, not retried', async () => {
    await fixture.control('faults', { forceRateLimit: true });
    const before = (await fixture.control('stats')) as Stats;
    const error = await expectCode(createBtc(fixture.keyed('READ+RECEIVE')), 'blink-rate-limited');
    expect(error.blinkCode).toBe('TOO_MANY_REQUEST');
    const after = (await fixture.control('stats')) as Stats;
    expect(after.requests - before.requests).toBe(1);
  });

  it('receive disabled (wind-down) → blink-receive-disabled', async () => {
    await expectCode(fixture.client.createInvoice(fixture.keyed('READ+RECEIVE', 'BTC', 2), {
      invoiceId: invoiceId(), walletId: fixture.walletId('BTC', 2), amount: { currency: 'BTC', sats: 100 as Sats },
    }), 'blink-receive-disabled');
  });

  it('invalid input: a memo over 639 bytes → blink-invalid-input with Blink\'s message', async () => {
    const error = await expectCode(createBtc(fixture.keyed('READ+RECEIVE'), 'é'.repeat(320)), 'blink-invalid-input');
    expect(error.message).toMatch(/memo/i);
  });

  it('invalid input: a wallet of another account', async () => {
    await expectCode(fixture.client.createInvoice(fixture.keyed('READ+RECEIVE'), {
      invoiceId: invoiceId(), walletId: fixture.walletId('BTC', 1), amount: { currency: 'BTC', sats: 100 as Sats },
    }), 'blink-invalid-input');
  });

  it('unavailable: every request fails with 5xx → queries retried 3 times, then blink-unavailable', async () => {
    await fixture.control('faults', { errorRate: 1 });
    const before = (await fixture.control('stats')) as Stats;
    await expectCode(fixture.client.convert(fixture.keyless(), 1, 'USD'), 'blink-unavailable');
    const after = (await fixture.control('stats')) as Stats;
    expect(after.requests - before.requests).toBe(3);
  });

  it('unavailable: nothing listens on the port → blink-unavailable', async () => {
    const closed = await unusedPortUrl();
    await expectCode(fixture.client.convert({ ...fixture.keyless(), server: closed }, 1, 'USD'), 'blink-unavailable');
  });
});

describe('against tiny local servers', () => {
  let server: Server | undefined;
  afterEach(async () => { await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined))); server = undefined; });

  async function serve(answers: { status: number; body: string }[]): Promise<{ url: string; hits: () => number }> {
    let hits = 0;
    server = createServer((req, res) => {
      req.resume();
      const answer = answers[Math.min(hits, answers.length - 1)]!;
      hits += 1;
      res.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body);
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`, hits: () => hits };
  }

  it('protocol error: a body that is not GraphQL → blink-protocol-error', async () => {
    const { url } = await serve([{ status: 200, body: '<html>hello</html>' }]);
    await expectCode(createBtc({ ...fixture.keyed('READ+RECEIVE'), server: url }), 'blink-protocol-error');
  });

  it('protocol error: JSON of the wrong shape → blink-protocol-error', async () => {
    const { url } = await serve([{ status: 200, body: '{"data":{"globals":{"network":42}}}' }]);
    await expectCode(fixture.client.verifyConnection({ ...fixture.keyless(), server: url }), 'blink-protocol-error');
  });

  it('retries a query through two 503s and succeeds', async () => {
    const ok = '{"data":{"currencyConversionEstimation":{"btcSatAmount":1000,"usdCentAmount":100}}}';
    const { url, hits } = await serve([{ status: 503, body: '' }, { status: 503, body: '' }, { status: 200, body: ok }]);
    await expect(fixture.client.convert({ ...fixture.keyless(), server: url }, 1, 'USD')).resolves.toEqual({ sats: 1_000, cents: 100 });
    expect(hits()).toBe(3);
  });

  it('times out a server that never answers → blink-unavailable', async () => {
    server = createServer(() => undefined); // holds every request open
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
    const impatient = createBlinkClient({ timeouts: { connectMs: 200, headersMs: 200, bodyMs: 200 }, retry: { attempts: 1 } });
    try {
      await expectCode(impatient.convert({ ...fixture.keyless(), server: url }, 1, 'USD'), 'blink-unavailable');
    } finally {
      server.closeAllConnections();
      await impatient.close();
    }
  });
});

async function unusedPortUrl(): Promise<string> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return `http://127.0.0.1:${port}/graphql`;
}
