import { createWebhookSender, RESPONSE_HEAD_BYTES } from '../../../src/adapters/webhook-http/sender';
import type { Lookup } from '../../../src/adapters/webhook-http/guarded-connector';
import { freePort, startReceiver, type Receiver } from './receiver';

const BODY = Buffer.from('{\n  "a": 1\n}', 'utf8');
const send = (sender: ReturnType<typeof createWebhookSender>, url: string) =>
  sender.send({ url, body: BODY, headers: { 'BTCPay-Sig': 'sha256=00' } });

/** Resolves every name to 127.0.0.1, as a rebinding or internal DNS name would. */
const toLoopback: Lookup = (_hostname, _options, callback) => callback(null, [{ address: '127.0.0.1', family: 4 }]);

describe('webhook sender: SSRF guard (WEBHOOK_ALLOW_PRIVATE_NETWORKS=false)', () => {
  let receiver: Receiver;
  const guarded = createWebhookSender({ timeoutMs: 3_000, allowPrivateNetworks: false, userAgent: 'blink-gateway/test' });
  const rebinding = createWebhookSender({ timeoutMs: 3_000, allowPrivateNetworks: false, userAgent: 'blink-gateway/test', lookup: toLoopback });
  beforeAll(async () => {
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await Promise.all([guarded.close(), rebinding.close(), receiver.close()]);
  });

  it.each([
    ['loopback', () => `http://127.0.0.1:${receiver.port}/hook`],
    ['private', () => 'http://10.0.0.1/hook'],
    ['cloud metadata', () => 'http://169.254.169.254/latest/meta-data/'],
    ['IPv6 loopback', () => `http://[::1]:${receiver.port}/hook`],
    ['IPv4-mapped IPv6 loopback', () => `http://[::ffff:127.0.0.1]:${receiver.port}/hook`],
    ['a name resolving to loopback (localhost)', () => `http://localhost:${receiver.port}/hook`],
  ])('refuses %s before sending anything', async (_name, url) => {
    const result = await send(guarded, url());
    expect(result).toMatchObject({ kind: 'refused', message: expect.stringContaining('not a public address') });
    expect(receiver.requests).toHaveLength(0);
  });

  it('refuses a public-looking name that resolves to a private address at connect time', async () => {
    const result = await send(rebinding, `http://shop.example.com:${receiver.port}/hook`);
    expect(result).toMatchObject({ kind: 'refused', message: expect.stringContaining('127.0.0.1') });
    expect(receiver.requests).toHaveLength(0);
  });
});

describe('webhook sender (private networks allowed for the local receiver)', () => {
  const sender = createWebhookSender({ timeoutMs: 400, allowPrivateNetworks: true, userAgent: 'blink-gateway/9.9.9' });
  const receivers: Receiver[] = [];
  const receiver = async (reply: Parameters<typeof startReceiver>[0]) => {
    const started = await startReceiver(reply);
    receivers.push(started);
    return started;
  };
  afterAll(async () => {
    await sender.close();
    await Promise.all(receivers.map((r) => r.close()));
  });

  it('POSTs the exact bytes as JSON with our User-Agent and the given headers', async () => {
    const shop = await receiver({ reply: () => ({ status: 204 }) });
    expect(await send(sender, shop.url)).toMatchObject({ kind: 'response', status: 204 });
    const [request] = await shop.waitFor(1);
    expect(request?.method).toBe('POST');
    expect(request?.body.equals(BODY)).toBe(true);
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.headers['user-agent']).toBe('blink-gateway/9.9.9');
    expect(request?.headers['btcpay-sig']).toBe('sha256=00');
  });

  it('does not follow a redirect', async () => {
    const inside = await receiver({});
    const shop = await receiver({ reply: () => ({ status: 302, headers: { location: inside.url } }) });
    expect(await send(sender, shop.url)).toMatchObject({ kind: 'response', status: 302 });
    expect(inside.requests).toHaveLength(0);
  });

  it('keeps only the first 1 KiB of the response, and passes Retry-After on', async () => {
    const shop = await receiver({ reply: () => ({ status: 503, headers: { 'retry-after': '30' }, body: 'x'.repeat(100_000) }) });
    const result = await send(sender, shop.url);
    expect(result).toMatchObject({ kind: 'response', status: 503, retryAfter: '30' });
    expect(result.kind === 'response' && result.bodyHead.length).toBe(RESPONSE_HEAD_BYTES);
  });

  it('gives up on a receiver slower than the timeout', async () => {
    const shop = await receiver({ reply: () => ({ status: 200, delayMs: 3_000 }) });
    expect(await send(sender, shop.url)).toMatchObject({ kind: 'timeout' });
  });

  it('reports a closed port as a network error', async () => {
    const result = await send(sender, `http://127.0.0.1:${await freePort()}/hook`);
    expect(result).toMatchObject({ kind: 'network-error', message: expect.stringContaining('ECONNREFUSED') });
  });
});
