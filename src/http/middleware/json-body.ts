import express, { type RequestHandler } from 'express';
import { UnsupportedMediaTypeError } from '../errors';

/** Whether the request carries a body (a non-zero Content-Length or a Transfer-Encoding). */
function hasBody(req: express.Request): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/**
 * Parses a JSON body up to `limitBytes`, for routes that take one. Any other content type is a 415
 * with a clear message; malformed JSON and oversize bodies are turned into 400/413 by the error
 * handler. A request without a body gets `req.body === undefined`.
 */
export function jsonBody(limitBytes: number): RequestHandler {
  const parse = express.json({ limit: limitBytes, strict: false, type: () => true });
  return (req, res, next) => {
    if (!hasBody(req)) {
      req.body = undefined;
      return next();
    }
    if (req.is(['application/json', '+json']) === false) return next(new UnsupportedMediaTypeError());
    return parse(req, res, next);
  };
}
