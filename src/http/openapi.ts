import { z } from 'zod';

/**
 * OpenAPI 3.1 for `GET /openapi.json`, generated from the zod schemas each route declares (see
 * route-kit.ts). Every mounted route is registered here, so the document, and the tests that walk
 * every route, follow the code. Operations beyond Greenfield carry `x-blink-gateway-extension: true`.
 */
export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface ResponseSpec {
  readonly description: string;
  readonly schema?: z.ZodType;
}

export interface OperationSpec {
  readonly method: HttpMethod;
  /** OpenAPI form: `/api/v1/stores/{storeId}`. */
  readonly path: string;
  readonly operationId: string;
  readonly summary: string;
  readonly tags: readonly string[];
  readonly authenticated: boolean;
  /** The Greenfield permission the route needs, shown in the description. */
  readonly permission?: string;
  readonly params?: z.ZodType;
  readonly query?: z.ZodType;
  readonly body?: z.ZodType;
  /** The request body's media type; JSON unless said otherwise (HTML form posts). */
  readonly bodyMediaType?: 'application/json' | 'application/x-www-form-urlencoded';
  readonly responses: Readonly<Record<number, ResponseSpec>>;
  /** Not part of BTCPay's Greenfield API. */
  readonly extension?: boolean;
}

export class OpenApiRegistry {
  private readonly registered: OperationSpec[] = [];

  add(operation: OperationSpec): void {
    const clash = this.registered.find((o) => o.method === operation.method && o.path === operation.path);
    if (clash !== undefined) throw new Error(`route registered twice: ${operation.method.toUpperCase()} ${operation.path}`);
    this.registered.push(operation);
  }

  operations(): readonly OperationSpec[] {
    return this.registered;
  }
}

const jsonSchema = (schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> => {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
};

const errorSchema = {
  type: 'object',
  properties: { code: { type: 'string' }, message: { type: 'string' } },
  required: ['code', 'message'],
};
const validationSchema = {
  type: 'array',
  items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } }, required: ['path', 'message'] },
};

function parametersOf(schema: z.ZodType | undefined, location: 'path' | 'query'): unknown[] {
  if (schema === undefined) return [];
  const object = jsonSchema(schema, 'input');
  const properties = (object.properties ?? {}) as Record<string, unknown>;
  const required = new Set((object.required ?? []) as string[]);
  return Object.entries(properties).map(([name, propertySchema]) => ({
    name,
    in: location,
    required: location === 'path' || required.has(name),
    schema: propertySchema,
  }));
}

function responsesOf(operation: OperationSpec): Record<string, unknown> {
  const responses: Record<string, unknown> = {};
  for (const [status, response] of Object.entries(operation.responses)) {
    responses[status] = response.schema === undefined
      ? { description: response.description }
      : { description: response.description, content: { 'application/json': { schema: jsonSchema(response.schema, 'output') } } };
  }
  const error = (description: string, schema: unknown = errorSchema): unknown => ({
    description, content: { 'application/json': { schema } },
  });
  if (operation.body !== undefined || operation.params !== undefined || operation.query !== undefined) {
    responses['422'] ??= error('Invalid input: one entry per invalid field', validationSchema);
  }
  if (operation.authenticated) {
    responses['401'] ??= error('Missing or unknown API key (`code: unauthenticated`)');
    if (operation.permission !== undefined) responses['403'] ??= error('The key lacks the permission (`code: missing-permission`)');
  }
  responses['429'] ??= error('Rate limited; see the Retry-After header');
  return responses;
}

function operationObject(operation: OperationSpec): Record<string, unknown> {
  const description = operation.permission === undefined ? undefined : `Permission: \`${operation.permission}\``;
  return {
    operationId: operation.operationId,
    summary: operation.summary,
    ...(description === undefined ? {} : { description }),
    tags: operation.tags,
    parameters: [...parametersOf(operation.params, 'path'), ...parametersOf(operation.query, 'query')],
    ...(operation.body === undefined ? {} : {
      requestBody: { required: true, content: { [operation.bodyMediaType ?? 'application/json']: { schema: jsonSchema(operation.body, 'input') } } },
    }),
    responses: responsesOf(operation),
    security: operation.authenticated ? [{ API_Key: [] }] : [],
    ...(operation.extension === true ? { 'x-blink-gateway-extension': true } : {}),
  };
}

export function buildOpenApiDocument(registry: OpenApiRegistry, info: { version: string; serverUrl?: string }): unknown {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const operation of registry.operations()) {
    paths[operation.path] ??= {};
    (paths[operation.path] as Record<string, unknown>)[operation.method] = operationObject(operation);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'blink-gateway API',
      version: info.version,
      description: 'A subset of BTCPay Server\'s Greenfield API, served by a gateway to a Blink wallet. ' +
        'Operations marked `x-blink-gateway-extension: true` are not part of Greenfield.',
    },
    ...(info.serverUrl === undefined ? {} : { servers: [{ url: info.serverUrl }] }),
    paths,
    components: {
      securitySchemes: {
        API_Key: {
          type: 'apiKey',
          in: 'header',
          name: 'Authorization',
          description: 'Greenfield API key: `Authorization: token <key>` (`Bearer <key>` works too)',
        },
      },
    },
  };
}
