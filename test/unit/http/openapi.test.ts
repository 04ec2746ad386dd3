import { z } from 'zod';
import { buildOpenApiDocument, OpenApiRegistry } from '../../../src/http/openapi';

describe('OpenAPI document', () => {
  const registry = new OpenApiRegistry();
  registry.add({
    method: 'post', path: '/api/v1/stores/{storeId}/things', operationId: 'Things_Create', summary: 'Create a thing',
    tags: ['Things'], authenticated: true, permission: 'btcpay.store.canmodifystoresettings',
    params: z.object({ storeId: z.string() }),
    query: z.object({ take: z.coerce.number().optional(), text: z.string() }),
    body: z.object({ name: z.string().min(1), amount: z.string().optional() }),
    responses: { 200: { description: 'Created', schema: z.object({ id: z.string() }) } },
  });
  registry.add({
    method: 'get', path: '/extension', operationId: 'Ext', summary: 'Ours', tags: ['Misc'], authenticated: false,
    responses: { 200: { description: 'ok' } }, extension: true,
  });
  const doc = buildOpenApiDocument(registry, { version: '1.2.3', serverUrl: 'https://pay.example.com' }) as {
    openapi: string; servers: unknown; paths: Record<string, Record<string, Record<string, unknown>>>;
  };

  it('is OpenAPI 3.1 with every registered operation', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.servers).toEqual([{ url: 'https://pay.example.com' }]);
    expect(Object.keys(doc.paths)).toEqual(['/api/v1/stores/{storeId}/things', '/extension']);
  });

  it('derives parameters, body and responses from the zod schemas', () => {
    const operation = doc.paths['/api/v1/stores/{storeId}/things']?.post ?? {};
    expect(operation.parameters).toEqual([
      { name: 'storeId', in: 'path', required: true, schema: { type: 'string' } },
      { name: 'take', in: 'query', required: false, schema: expect.any(Object) },
      { name: 'text', in: 'query', required: true, schema: { type: 'string' } },
    ]);
    expect(operation.requestBody).toMatchObject({
      content: { 'application/json': { schema: { type: 'object', required: ['name'] } } },
    });
    expect(Object.keys(operation.responses as object).sort()).toEqual(['200', '401', '403', '422', '429']);
    expect(operation.security).toEqual([{ API_Key: [] }]);
    expect(operation.description).toContain('btcpay.store.canmodifystoresettings');
    expect(operation['x-blink-gateway-extension']).toBeUndefined();
  });

  it('marks extensions beyond Greenfield', () => {
    expect(doc.paths['/extension']?.get?.['x-blink-gateway-extension']).toBe(true);
    expect(doc.paths['/extension']?.get?.security).toEqual([]);
  });

  it('refuses a route registered twice', () => {
    expect(() => registry.add({
      method: 'get', path: '/extension', operationId: 'Again', summary: '', tags: [], authenticated: false, responses: {},
    })).toThrow('registered twice');
  });
});
