import fc from 'fast-check';
import { request as httpRequest } from 'node:http';
import { startTestGateway, type TestGateway } from '../../support/gateway';

// Real services on a shared 2-core machine: jest's testTimeout in a project config is not applied.
jest.setTimeout(60_000);

/**
 * Bad input never yields a 500. The routes come from the OpenAPI registry of the app that
 * `blink-gateway api` builds, so routes other modules add later are covered without editing this.
 */
function send(url: string, method: string, path: string, headers: Record<string, string>, body?: string) {
  // Without a length, Node sends a GET/DELETE body unframed and its HTTP parser answers 400 itself.
  const framed = body === undefined ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) };
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = httpRequest(`${url}${path}`, { method, headers: framed }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('no input yields a 500', () => {
  let gw: TestGateway;
  beforeAll(async () => { gw = await startTestGateway({ RATE_LIMIT_PER_IP: '0', RATE_LIMIT_PER_KEY: '0' }); });
  afterAll(async () => {
    await gw.close();
    expect(gw.logs.text()).not.toContain('unhandled error');
  });

  const segment = fc.oneof(
    fc.string({ maxLength: 40 }).map(encodeURIComponent),
    fc.constantFrom('current', '%', '%E0%A4%A', '..', '%00', 's1', 'bgk_x', 'BTC-LN', ''),
    fc.stringMatching(/^[A-Za-z0-9_-]{1,60}$/),
  );
  const bodies = fc.oneof(
    fc.json({ maxDepth: 3 }),
    fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify({ label: value, permissions: value, enabled: value, config: value })),
    fc.string({ maxLength: 200 }),
    fc.constant(undefined),
  );
  const contentTypes = fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain', 'application/json; charset=latin1', undefined);

  it('on every registered route, with random path parameters, bodies, content types and keys', async () => {
    const operations = gw.server.gateway.registry.operations();
    expect(operations.length).toBeGreaterThanOrEqual(6);
    const auth = fc.constantFrom<string | undefined>(undefined, `token ${gw.adminKey}`, 'token bgk_nope', 'Bearer ', 'Basic Zm9vOmJhcg==');
    await fc.assert(fc.asyncProperty(
      fc.constantFrom(...operations), fc.array(segment, { minLength: 4, maxLength: 4 }), bodies, contentTypes, auth,
      async (operation, values, body, contentType, authorization) => {
        let i = 0;
        const path = operation.path.replace(/\{[^}]+\}/g, () => values[i++ % values.length] ?? 'x');
        const headers: Record<string, string> = {};
        if (contentType !== undefined) headers['content-type'] = contentType;
        if (authorization !== undefined) headers.authorization = authorization;
        const response = await send(gw.url, operation.method.toUpperCase(), path, headers, body);
        expect(response.status).toBeLessThan(500);
        // A Greenfield-shaped body: an object with a code, an array of problems, or a success body.
        if (response.status >= 400 && response.status !== 404) expect(response.body).not.toBe('');
      },
    ), { numRuns: 400 });
  });

  it('on random paths and methods', async () => {
    await fc.assert(fc.asyncProperty(
      fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD'),
      fc.array(segment, { minLength: 0, maxLength: 6 }),
      bodies,
      contentTypes,
      async (method, segments, body, contentType) => {
        const headers: Record<string, string> = { authorization: `token ${gw.adminKey}` };
        if (contentType !== undefined) headers['content-type'] = contentType;
        const prefix = segments.length % 2 === 0 ? '/api/v1/' : '/';
        const response = await send(gw.url, method, `${prefix}${segments.join('/')}`, headers, body);
        expect(response.status).toBeLessThan(500);
      },
    ), { numRuns: 300 });
  });
});
