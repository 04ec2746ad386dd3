import express, { type RequestHandler } from 'express';
import { UnsupportedMediaTypeError } from '../errors';

/**
 * Parses an HTML form body (`application/x-www-form-urlencoded`) up to `limitBytes`, for the
 * server-rendered pages' POST routes (the API-key authorize page). Values stay strings, or arrays
 * of strings for repeated names; no nested objects (`extended: false`). Any other content type is
 * a 415; a request without a body gets `{}`.
 */
export function formBody(limitBytes: number): RequestHandler {
  const parse = express.urlencoded({ extended: false, limit: limitBytes, parameterLimit: 200, type: () => true });
  return (req, res, next) => {
    const length = req.headers['content-length'];
    if (req.headers['transfer-encoding'] === undefined && (length === undefined || length === '0')) {
      req.body = {};
      return next();
    }
    if (req.is('application/x-www-form-urlencoded') === false) {
      return next(new UnsupportedMediaTypeError('This endpoint accepts only HTML forms: application/x-www-form-urlencoded'));
    }
    return parse(req, res, next);
  };
}
