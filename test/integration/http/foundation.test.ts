import { request as httpRequest } from 'node:http';
import Redis from 'ioredis';
import { createApp } from '../../../src/http/app';
import { healthRoutes } from '../../../src/http/routes/health';
import { redisHealthProbe } from '../../../src/adapters/redis/health-probe';
import { captureLogs } from '../../support/log-capture';
import { startTestGateway, type TestGateway } from '../../support/gateway';

// Real services on a shared 2-core machine: jest's testTimeout in a project config is not applied.
jest.setTimeout(60_000);

/** Sends raw bytes (fetch would refuse some of these requests or fix them up). */
function rawRequest(url: string, method: string, path: string, headers: Record<string, string>, body?: string | Buffer) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
    const req = httpRequest(`${url}${path}`, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('HTTP foundation', () => {
  let gw: TestGateway;
  beforeAll(async () => { gw = await startTestGateway({ HTTP_BODY_LIMIT_BYTES: '2048' }); });
  afterAll(async () => { await gw.close(); });

  const post = (headers: Record<string, string>, body?: string | Buffer) =>
    rawRequest(gw.url, 'POST', '/api/v1/api-keys', { authorization: `token ${gw.adminKey}`, ...headers }, body);

  it('refuses a non-JSON body with 415 and a clear message', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const response = await post({ 'content-type': type }, 'label=x');
      expect(response.status).toBe(415);
      expect(JSON.parse(response.body)).toEqual({
        code: 'unsupported-media-type', message: 'This endpoint accepts only JSON: send the body with Content-Type: application/json',
      });
    }
    expect((await post({}, '{"label":"no type"}')).status).toBe(415);
  });

  it('accepts application/json with a charset', async () => {
    expect((await post({ 'content-type': 'application/json; charset=utf-8' }, '{"label":"x"}')).status).toBe(200);
  });

  it('answers malformed JSON with 400, not 500', async () => {
    const response = await post({ 'content-type': 'application/json' }, '{"label": ');
    expect(response.status).toBe(400);
    expect(JSON.parse(response.body)).toEqual({ code: 'bad-request', message: 'The request body is not valid JSON' });
  });

  it('answers JSON of the wrong shape with 422', async () => {
    for (const body of ['[]', '"text"', '12', 'null', '{"permissions":"unrestricted"}']) {
      const response = await post({ 'content-type': 'application/json' }, body);
      expect(response.status).toBe(422);
      expect(JSON.parse(response.body)).toEqual(expect.arrayContaining([{ path: expect.any(String), message: expect.any(String) }]));
    }
  });

  it('refuses a body over the limit with 413', async () => {
    const response = await post({ 'content-type': 'application/json' }, JSON.stringify({ label: 'x'.repeat(4096) }));
    expect(response.status).toBe(413);
    expect(JSON.parse(response.body)).toMatchObject({ code: 'payload-too-large' });
  });

  it('answers unknown routes and methods with 404 not-found', async () => {
    for (const [method, path] of [['GET', '/nope'], ['GET', '/api/v1/nothing/here'], ['PATCH', '/api/v1/api-keys/current'], ['GET', '/%E0%A4%A']]) {
      const response = await rawRequest(gw.url, method as string, path as string, {});
      expect([404, 400]).toContain(response.status);
      expect(JSON.parse(response.body)).toMatchObject({ code: expect.stringMatching(/^(not-found|bad-request)$/) });
    }
    const response = await rawRequest(gw.url, 'GET', '/nope', {});
    expect(JSON.parse(response.body)).toEqual({ code: 'not-found', message: 'No API endpoint at this method and path' });
  });

  it('sets security headers and a request id, and hides the framework', async () => {
    const response = await rawRequest(gw.url, 'GET', '/api/v1/health', { 'x-request-id': 'shop-123' });
    expect(response.headers).toMatchObject({
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'referrer-policy': 'no-referrer',
      'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
      'cache-control': 'no-store',
      'x-request-id': 'shop-123',
    });
    expect(response.headers['x-powered-by']).toBeUndefined();
    const generated = await rawRequest(gw.url, 'GET', '/api/v1/health', { 'x-request-id': 'bad id with spaces' });
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('reports health of Postgres and Redis', async () => {
    const response = await gw.request('/api/v1/health');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ synchronized: true, checks: { postgres: 'ok', redis: 'ok' } });
  });

  it('serves OpenAPI 3.1 listing every route, extensions marked', async () => {
    const response = await gw.request('/openapi.json');
    expect(response.status).toBe(200);
    const doc = (await response.json()) as { openapi: string; paths: Record<string, Record<string, Record<string, unknown>>> };
    expect(doc.openapi).toBe('3.1.0');
    const operations = gw.server.gateway.registry.operations();
    for (const operation of operations) expect(doc.paths[operation.path]?.[operation.method]).toBeDefined();
    expect(doc.paths['/api/v1/api-keys']?.post?.requestBody).toBeDefined();
    expect(doc.paths['/openapi.json']?.get?.['x-blink-gateway-extension']).toBe(true);
    expect(doc.paths['/api/v1/api-keys/current']?.get?.['x-blink-gateway-extension']).toBeUndefined();
  });
});

describe('health when Redis is down', () => {
  it('answers 503 naming the failing dependency', async () => {
    const deadRedis = new Redis('redis://127.0.0.1:1', { maxRetriesPerRequest: 0, lazyConnect: true, enableOfflineQueue: false, retryStrategy: () => null });
    deadRedis.on('error', () => undefined);
    const { logger } = captureLogs();
    const { app } = createApp({
      logger, authenticator: async () => { throw new Error('unused'); },
      rateLimiter: { hit: async () => ({ allowed: true, retryAfterMs: 0 }) },
      rateLimits: { windowMs: 1000, perIp: 0, perKey: 0 }, bodyLimitBytes: 1024, trustProxy: false, version: 'test',
    }, [healthRoutes({ probes: [redisHealthProbe(deadRedis, 500), { name: 'postgres', isHealthy: async () => true }] })]);
    const server = app.listen(0);
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      const response = await fetch(`http://127.0.0.1:${port}/api/v1/health`);
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({ synchronized: false, checks: { redis: 'failing', postgres: 'ok' } });
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      deadRedis.disconnect();
    }
  });
});
