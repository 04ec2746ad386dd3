/**
 * A request with a cached API key counts its per-IP and per-key hits in one Redis round trip, at the
 * per-key check. Requests that never reach that check (404, 403, routes without auth) must still
 * count their per-IP hit exactly once, first: the counters and answers are those of two separate checks.
 */
import Redis from 'ioredis';
import { hashApiKey } from '../../../src/app/api-keys/key-material';
import { startTestGateway, type TestGateway } from '../../support/gateway';
import { redisUrl } from '../../support/services';

jest.setTimeout(60_000);

describe('rate limits with cached keys', () => {
  let gw: TestGateway;
  beforeAll(async () => { gw = await startTestGateway({ RATE_LIMIT_PER_IP: '6', RATE_LIMIT_PER_KEY: '100', RATE_LIMIT_WINDOW_SECONDS: '60' }); });
  afterAll(async () => { await gw.close(); });

  it('counts every request once per IP whatever path it ends on, and the key only on authenticated routes', async () => {
    const created = await gw.request('/api/v1/api-keys', { method: 'POST', key: gw.adminKey, json: { label: 'viewer', permissions: ['btcpay.store.canviewinvoices:S1'] } });
    expect(created.status).toBe(200); // IP 1 (the admin key is known without I/O: deferred, counted with the key)
    const { apiKey } = (await created.json()) as { apiKey: string };
    const statuses = [
      (await gw.request('/api/v1/api-keys/current', { key: apiKey })).status, // IP 2: read from Postgres, now cached
      (await gw.request('/api/v1/stores', { method: 'POST', key: apiKey, json: { name: 'x' } })).status, // IP 3: 403
      (await gw.request('/api/v1/no-such-route', { key: apiKey })).status, // IP 4: 404
      (await gw.request('/api/v1/health', { key: apiKey })).status, // IP 5: a route without auth
      (await gw.request('/api/v1/health')).status, // IP 6
      (await gw.request('/api/v1/no-such-route', { key: apiKey })).status, // IP 7: over
      (await gw.request('/api/v1/api-keys/current', { key: apiKey })).status, // IP 8: over, the key is not counted
    ];
    expect(statuses).toEqual([200, 403, 404, 200, 200, 429, 429]);

    const redis = new Redis(redisUrl());
    try {
      const prefix = `${gw.config.QUEUE_PREFIX}:ratelimit:`;
      const ipKeys = await redis.keys(`${prefix.replace(/[[\]*?]/g, '\\$&')}ip:*`);
      expect(ipKeys).toHaveLength(1);
      expect(await redis.get(ipKeys[0]!)).toBe('8');
      // /current only: the 403 ends before the per-key check, and the last request stopped at the IP.
      expect(await redis.get(`${prefix}key:${hashApiKey(apiKey).slice(0, 32)}`)).toBe('1');
      expect(await redis.get(`${prefix}key:${hashApiKey(gw.adminKey).slice(0, 32)}`)).toBe('1');
    } finally {
      redis.disconnect();
    }
  });
});

describe('the API key cache', () => {
  let gw: TestGateway;
  beforeAll(async () => { gw = await startTestGateway({ RATE_LIMIT_PER_IP: '0', RATE_LIMIT_PER_KEY: '0' }); });
  afterAll(async () => { await gw.close(); });

  const newKey = async () => {
    const created = await gw.request('/api/v1/api-keys', { method: 'POST', key: gw.adminKey, json: { label: 'soon revoked' } });
    return ((await created.json()) as { apiKey: string }).apiKey;
  };

  it('a cached key revoked through the API stops working at once (revoking itself, or revoked by another key)', async () => {
    const itself = await newKey();
    const other = await newKey();
    for (const key of [itself, other, itself, other]) expect((await gw.request('/api/v1/api-keys/current', { key })).status).toBe(200);

    expect((await gw.request('/api/v1/api-keys/current', { method: 'DELETE', key: itself })).status).toBe(200);
    expect((await gw.request('/api/v1/api-keys/current', { key: itself })).status).toBe(401);

    expect((await gw.request(`/api/v1/api-keys/${other}`, { method: 'DELETE', key: gw.adminKey })).status).toBe(200);
    const refused = await gw.request('/api/v1/api-keys/current', { key: other });
    expect(refused.status).toBe(401);
    expect(await refused.json()).toEqual({ code: 'unauthenticated', message: 'ApiKey authentication failed: Unknown API Key' });
  });

  it('a key created by another process works at once (unknown keys are not cached)', async () => {
    const key = 'bgk_created-elsewhere-created-elsewhere-created';
    expect((await gw.request('/api/v1/api-keys/current', { key })).status).toBe(401);
    await gw.server.pool.query('INSERT INTO api_keys (key_hash, label, permissions, created_at) VALUES ($1, $2, $3, now())', [hashApiKey(key), 'cli', []]);
    expect((await gw.request('/api/v1/api-keys/current', { key })).status).toBe(200);
  });
});
