import { Router, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import type { z } from 'zod';
import type { Principal } from '../app/api-keys/authenticate';
import { ValidationError, type FieldProblem } from '../app/errors';
import type { Policy } from '../domain/permissions';
import { isHttpError, toHttpResponse, type HttpError } from './error-map';
import { authenticate, principalOf, requirePermission, type Authenticator } from './middleware/auth';
import { formBody } from './middleware/form-body';
import { jsonBody } from './middleware/json-body';
import { pendingIpRateLimit, perKeyRateLimit, type RateLimitSettings } from './middleware/rate-limit';
import type { HttpMethod, OpenApiRegistry, ResponseSpec } from './openapi';
import type { Logger } from '../adapters/log';
import type { RateLimiter } from '../app/ports';

/**
 * How a route module declares its operations: one `kit.route({...})` per operation mounts it on
 * express (auth → permission → per-key rate limit → JSON body → zod parsing → handler) and
 * registers it for /openapi.json. Handlers return a result or an `HttpError` value; error-map.ts
 * turns the latter into the response.
 */
export type AuthRequirement =
  | { readonly kind: 'none' }
  | { readonly kind: 'authenticated' }
  | { readonly kind: 'permission'; readonly policy: Policy; readonly storeParam?: string };

export interface HandlerInput<P, Q, B, A extends AuthRequirement> {
  readonly params: P;
  readonly query: Q;
  readonly body: B;
  readonly principal: A extends { kind: 'none' } ? null : Principal;
  readonly requestId: string;
  /** The client's address as express sees it (`trust proxy` applied), for per-client limits. */
  readonly clientIp: string;
  /** A request header (e.g. the `Idempotency-Key` extension); `undefined` when absent. */
  header(name: string): string | undefined;
}

export interface HandlerResult {
  readonly status: number;
  /** Sent as JSON; absent sends an empty body. */
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * A response written over time (Server-Sent Events): the status and headers go out at once, then
 * `stream` writes until it calls `end()` or the client goes away (`closed` aborts).
 */
export interface StreamingResult {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly stream: (sink: ResponseSink) => void;
}

export interface ResponseSink {
  write(chunk: string): void;
  end(): void;
  /** Aborted once the response is over, whoever ended it. */
  readonly closed: AbortSignal;
}

export interface RouteSpec<
  P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType, A extends AuthRequirement,
> {
  readonly method: HttpMethod;
  /** OpenAPI form: `/api/v1/stores/{storeId}`. */
  readonly path: string;
  readonly operationId: string;
  readonly summary: string;
  readonly tags: readonly string[];
  readonly auth: A;
  readonly params?: P;
  readonly query?: Q;
  readonly body?: B;
  /** How the body is sent: JSON (default), or an HTML form (`application/x-www-form-urlencoded`). */
  readonly bodyFormat?: 'json' | 'form';
  readonly responses: Readonly<Record<number, ResponseSpec>>;
  readonly extension?: boolean;
  readonly handler: (input: HandlerInput<z.output<P>, z.output<Q>, z.output<B>, A>) => Promise<HandlerResult | StreamingResult | HttpError>;
}

export interface RouteKit {
  route<
    P extends z.ZodType = z.ZodUnknown, Q extends z.ZodType = z.ZodUnknown,
    B extends z.ZodType = z.ZodUnknown, A extends AuthRequirement = AuthRequirement,
  >(spec: RouteSpec<P, Q, B, A>): void;
}

/** A resource's routes; built with its own deps, e.g. `apiKeyRoutes({ apiKeys, clock })`. */
export interface RouteModule {
  readonly name: string;
  mount(kit: RouteKit): void;
}

export interface RouteKitDeps {
  readonly logger: Logger;
  readonly authenticator: Authenticator;
  readonly rateLimiter: RateLimiter;
  readonly rateLimits: RateLimitSettings;
  readonly bodyLimitBytes: number;
  readonly registry: OpenApiRegistry;
}

/** `a.b[0].c` from a zod issue path; `''` for the root. */
export function issuePath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, key) => {
    if (typeof key === 'number') return `${acc}[${key}]`;
    const name = String(key);
    return acc === '' ? name : `${acc}.${name}`;
  }, '');
}

function parseWith(schema: z.ZodType | undefined, value: unknown, prefix?: string): { ok: true; value: unknown } | { ok: false; problems: FieldProblem[] } {
  if (schema === undefined) return { ok: true, value: undefined };
  const parsed = schema.safeParse(value);
  if (parsed.success) return { ok: true, value: parsed.data };
  return {
    ok: false,
    problems: parsed.error.issues.map((issue) => ({
      path: prefix === undefined ? issuePath(issue.path) : issuePath([prefix, ...issue.path]),
      message: issue.message,
    })),
  };
}

export function sendResponse(res: Response, status: number, body: unknown, headers?: Readonly<Record<string, string>>): void {
  for (const [name, value] of Object.entries(headers ?? {})) res.setHeader(name, value);
  if (body === undefined) res.status(status).end();
  // Bytes are sent as they are (a webhook's exact request body); the handler sets Content-Type.
  else if (Buffer.isBuffer(body)) res.status(status).send(body);
  else res.status(status).json(body);
}

function handle<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType, A extends AuthRequirement>(
  spec: RouteSpec<P, Q, B, A>,
): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const params = parseWith(spec.params, req.params);
    const query = parseWith(spec.query, req.query);
    // A missing body is read as `{}`, so the 422 names each missing field.
    const body = parseWith(spec.body, req.body === undefined ? {} : req.body);
    const problems = [params, query, body].flatMap((result) => (result.ok ? [] : result.problems));
    if (problems.length > 0 || !params.ok || !query.ok || !body.ok) return next(new ValidationError(problems));
    const input = {
      params: params.value, query: query.value, body: body.value,
      principal: spec.auth.kind === 'none' ? null : principalOf(res),
      requestId: String(res.locals.requestId ?? ''),
      clientIp: req.ip ?? 'unknown',
      header: (name: string) => req.get(name),
    } as HandlerInput<z.output<P>, z.output<Q>, z.output<B>, A>;
    spec.handler(input).then((result) => {
      if (isHttpError(result)) {
        const response = toHttpResponse(result);
        return sendResponse(res, response.status, response.body, response.headers);
      }
      if ('stream' in result) return startStream(res, result);
      return sendResponse(res, result.status, result.body, result.headers);
    }, next);
  };
}

function startStream(res: Response, result: StreamingResult): void {
  const closed = new AbortController();
  res.on('close', () => closed.abort());
  for (const [name, value] of Object.entries(result.headers)) res.setHeader(name, value);
  res.status(result.status);
  res.flushHeaders();
  result.stream({
    write: (chunk) => { if (!res.writableEnded) res.write(chunk); },
    end: () => { if (!res.writableEnded) res.end(); },
    closed: closed.signal,
  });
}

/** `/a/{b}` → `/a/:b` */
const expressPath = (path: string): string => path.replace(/\{([A-Za-z0-9_]+)\}/g, ':$1');

export function createRouteKit(router: Router, deps: RouteKitDeps): RouteKit {
  return {
    route(spec) {
      const permission = spec.auth.kind === 'permission' ? spec.auth.policy : undefined;
      deps.registry.add({
        method: spec.method, path: spec.path, operationId: spec.operationId, summary: spec.summary, tags: spec.tags,
        authenticated: spec.auth.kind !== 'none',
        ...(permission === undefined ? {} : { permission }),
        params: spec.params, query: spec.query, body: spec.body,
        ...(spec.bodyFormat === 'form' ? { bodyMediaType: 'application/x-www-form-urlencoded' as const } : {}),
        responses: spec.responses, extension: spec.extension,
      });
      const chain: RequestHandler[] = [(_req, res, next) => { res.locals.routeTemplate = `${spec.method.toUpperCase()} ${spec.path}`; next(); }];
      if (spec.auth.kind !== 'none') {
        chain.push(authenticate(deps.authenticator));
        if (spec.auth.kind === 'permission') chain.push(requirePermission(spec.auth.policy, spec.auth.storeParam));
        chain.push(perKeyRateLimit(deps.rateLimiter, deps.logger, deps.rateLimits));
      } else chain.push(pendingIpRateLimit(deps.rateLimiter, deps.logger, deps.rateLimits));
      if (spec.body !== undefined) chain.push(spec.bodyFormat === 'form' ? formBody(deps.bodyLimitBytes) : jsonBody(deps.bodyLimitBytes));
      chain.push(handle(spec));
      router[spec.method](expressPath(spec.path), ...chain);
    },
  };
}

export const newRouter = (): Router => Router({ caseSensitive: false, strict: false });
