import Redis from 'ioredis';
import { createApp } from '../../../src/http/app';
import { healthRoutes } from '../../../src/http/routes/health';
import { captureLogs } from '../../support/log-capture';
import { startTestGateway, type TestGateway } from '../../support/gateway';
import { redisUrl } from '../../support/services';

// Real services on a shared 2-core machine: jest's testTimeout in a project config is not applied.
jest.setTimeout(60_000);

describe('rate limits in Redis', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ RATE_LIMIT_PER_IP: '8', RATE_LIMIT_PER_KEY: '3', RATE_LIMIT_WINDOW_SECONDS: '60' });
  });
  afterAll(async () => { await gw.close(); });

  it('limits each key, then each IP, with 429 and Retry-After; counters live under the configured prefix', async () => {
    const created = await gw.request('/api/v1/api-keys', { method: 'POST', key: gw.adminKey, json: { label: 'other' } });
    const { apiKey } = (await created.json()) as { apiKey: string };
    expect((await gw.request('/api/v1/api-keys/current', { key: gw.adminKey })).status).toBe(200);
    expect((await gw.request('/api/v1/api-keys/current', { key: gw.adminKey })).status).toBe(200);

    const limited = await gw.request('/api/v1/api-keys/current', { key: gw.adminKey });
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(await limited.json()).toEqual({ code: 'rate-limited', message: `Too many requests; retry after ${retryAfter} seconds` });

    // Another key from the same IP still has its own budget…
    expect((await gw.request('/api/v1/api-keys/current', { key: apiKey })).status).toBe(200);
    // …until the IP's budget (8) runs out, for every request, authenticated or not.
    const statuses: number[] = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await gw.request('/api/v1/health')).status);
    expect(statuses).toEqual([200, 200, 200, 429]);

    const redis = new Redis(redisUrl());
    try {
      const keys = await redis.keys(`${gw.config.QUEUE_PREFIX.replace(/[[\]*?]/g, '\\$&')}:ratelimit:*`);
      expect(keys.some((key) => key.includes(':ratelimit:ip:'))).toBe(true);
      expect(keys.some((key) => key.includes(':ratelimit:key:'))).toBe(true);
      expect(keys.join(' ')).not.toContain(gw.adminKey);
      for (const key of keys) expect(await redis.pttl(key)).toBeGreaterThan(0);
    } finally {
      redis.disconnect();
    }
  });
});

describe('rate limiter failure', () => {
  it('lets requests through and logs a warning when the limiter fails', async () => {
    const logs = captureLogs();
    const { app } = createApp({
      logger: logs.logger, authenticator: async () => { throw new Error('unused'); },
      rateLimiter: { hit: async () => { throw new Error('redis down'); } },
      rateLimits: { windowMs: 1000, perIp: 1, perKey: 1 }, bodyLimitBytes: 1024, trustProxy: false, version: 'test',
    }, [healthRoutes({ probes: [] })]);
    const server = app.listen(0);
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      for (let i = 0; i < 3; i += 1) expect((await fetch(`http://127.0.0.1:${port}/api/v1/health`)).status).toBe(200);
      expect(logs.text()).toContain('rate limiter unavailable; request allowed');
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
