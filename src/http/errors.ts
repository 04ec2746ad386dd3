/** Failures the HTTP layer itself detects, before any use case runs. */

export class RouteNotFoundError extends Error {
  override readonly name = 'RouteNotFoundError';
  readonly code = 'not-found';
  constructor() {
    super('No API endpoint at this method and path');
  }
}

export class UnsupportedMediaTypeError extends Error {
  override readonly name = 'UnsupportedMediaTypeError';
  readonly code = 'unsupported-media-type';
  constructor(message = 'This endpoint accepts only JSON: send the body with Content-Type: application/json') {
    super(message);
  }
}

export class MalformedRequestError extends Error {
  override readonly name = 'MalformedRequestError';
  readonly code = 'bad-request';
}

export class PayloadTooLargeError extends Error {
  override readonly name = 'PayloadTooLargeError';
  readonly code = 'payload-too-large';
  constructor(limitBytes: number) {
    super(`The request body is larger than the limit of ${limitBytes} bytes`);
  }
}

export class RateLimitedError extends Error {
  override readonly name = 'RateLimitedError';
  readonly code = 'rate-limited';
  constructor(readonly retryAfterSeconds: number) {
    super(`Too many requests; retry after ${retryAfterSeconds} seconds`);
  }
}
