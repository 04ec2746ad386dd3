import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Logger } from '../../adapters/log';
import type { RequestSample } from '../../app/ports';

const ACCEPTED_ID = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * Gives every request an id (the caller's `X-Request-Id` when it is sane, else a new one), echoes
 * it, and logs one line per request. The line carries the route template, not the URL, because a
 * URL may hold a key (`DELETE /api/v1/api-keys/{apikey}`); headers are never logged.
 */
export function requestId(logger: Logger, observe?: (sample: RequestSample) => void): RequestHandler {
  return (req, res, next) => {
    const incoming = req.get('x-request-id');
    const id = incoming !== undefined && ACCEPTED_ID.test(incoming) ? incoming : randomUUID();
    res.locals.requestId = id;
    res.setHeader('X-Request-Id', id);
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const template: unknown = res.locals.routeTemplate;
      const route = typeof template === 'string' ? template : '(no route)';
      const durationMs = Number((process.hrtime.bigint() - started) / 1000n) / 1000;
      logger.http('request', { requestId: id, method: req.method, route, status: res.statusCode, durationMs });
      // The template without its method: `GET /api/v1/stores/{storeId}` → `/api/v1/stores/{storeId}`.
      const path = typeof template === 'string' ? template.slice(template.indexOf(' ') + 1) : route;
      observe?.({ method: req.method, route: path, status: res.statusCode, seconds: durationMs / 1000 });
    });
    next();
  };
}
