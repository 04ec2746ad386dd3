import express, { type ErrorRequestHandler, type Express } from 'express';
import type { Logger } from '../adapters/log';
import type { RateLimiter, RequestSample } from '../app/ports';
import { internalErrorResponse, isHttpError, toHttpResponse, type HttpError } from './error-map';
import { MalformedRequestError, PayloadTooLargeError, RouteNotFoundError, UnsupportedMediaTypeError } from './errors';
import type { Authenticator } from './middleware/auth';
import { countPendingIp, perIpRateLimit, type KnownPrincipal, type RateLimitSettings } from './middleware/rate-limit';
import { requestId } from './middleware/request-id';
import { securityHeaders } from './middleware/security-headers';
import { buildOpenApiDocument, OpenApiRegistry } from './openapi';
import { createRouteKit, newRouter, sendResponse, type RouteModule } from './route-kit';

/**
 * The express app factory. Everything it talks to comes in `deps`; every resource comes in as a
 * `RouteModule`. Importing this file opens nothing.
 */
export interface HttpDeps {
  readonly logger: Logger;
  readonly authenticator: Authenticator;
  /**
   * The caller's principal when known without I/O (cached key): the per-IP and per-key counts then
   * share one Redis round trip. Optional: without it each is counted on its own.
   */
  readonly knownPrincipal?: KnownPrincipal;
  readonly rateLimiter: RateLimiter;
  readonly rateLimits: RateLimitSettings;
  readonly bodyLimitBytes: number;
  /** express `trust proxy`: false, true, a hop count, or a list of proxy addresses. */
  readonly trustProxy: boolean | number | string;
  readonly version: string;
  readonly publicUrl?: string;
  /** Told of every answered request (the metrics). */
  readonly observeRequest?: (sample: RequestSample) => void;
}

export interface GatewayApp {
  readonly app: Express;
  readonly registry: OpenApiRegistry;
}

export function createApp(deps: HttpDeps, modules: readonly RouteModule[]): GatewayApp {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', deps.trustProxy);
  app.set('etag', false);
  app.use(requestId(deps.logger, deps.observeRequest), securityHeaders(), perIpRateLimit(deps.rateLimiter, deps.logger, deps.rateLimits, deps.knownPrincipal));

  const registry = new OpenApiRegistry();
  const router = newRouter();
  const kit = createRouteKit(router, { ...deps, registry });
  for (const module of modules) module.mount(kit);
  kit.route({
    method: 'get', path: '/openapi.json', operationId: 'OpenApi_Get', summary: 'This OpenAPI 3.1 document',
    tags: ['Misc'], auth: { kind: 'none' }, extension: true,
    responses: { 200: { description: 'The OpenAPI document' } },
    handler: async () => ({
      status: 200,
      body: buildOpenApiDocument(registry, {
        version: deps.version, ...(deps.publicUrl === undefined ? {} : { serverUrl: deps.publicUrl }),
      }),
    }),
  });
  app.use(router);
  app.use((_req, _res, next) => next(new RouteNotFoundError()));
  app.use(errorHandler(deps));
  return { app, registry };
}

/** body-parser and router failures carry `type` / `status`; translate them to our errors. */
function translateForeign(error: unknown, bodyLimitBytes: number): HttpError | undefined {
  if (isHttpError(error)) return error;
  if (typeof error !== 'object' || error === null) return undefined;
  const type = 'type' in error ? error.type : undefined;
  const status = 'status' in error ? error.status : undefined;
  if (type === 'entity.parse.failed') return new MalformedRequestError('The request body is not valid JSON');
  if (type === 'entity.too.large') return new PayloadTooLargeError(bodyLimitBytes);
  if (type === 'encoding.unsupported' || type === 'charset.unsupported') {
    return new UnsupportedMediaTypeError('Unsupported body encoding or charset: send UTF-8 JSON');
  }
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return new MalformedRequestError('The request could not be read (bad encoding, length or path)');
  }
  return undefined;
}

function errorHandler(deps: HttpDeps): ErrorRequestHandler {
  return (error: unknown, _req, res, _next) => {
    const mapped = translateForeign(error, deps.bodyLimitBytes);
    if (mapped === undefined) {
      deps.logger.error('unhandled error in request', { requestId: res.locals.requestId, error });
    }
    // A request that ended before its deferred per-IP count (404, 401, 403…) is counted now; over the
    // limit it gets the 429 it would have got first.
    void countPendingIp(deps.rateLimiter, deps.logger, deps.rateLimits, res).then((limited) => {
      const response = limited !== undefined ? toHttpResponse(limited) : mapped === undefined ? internalErrorResponse : toHttpResponse(mapped);
      if (res.headersSent) return res.end();
      return sendResponse(res, response.status, response.body, response.headers);
    });
  };
}
