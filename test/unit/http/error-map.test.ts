import {
  ApiKeyNotFoundError, ApiKeyNotRevocableError, MissingPermissionError, UnauthenticatedError,
} from '../../../src/app/api-keys/errors';
import { ValidationError } from '../../../src/app/errors';
import { isHttpError, toHttpResponse, type HttpError } from '../../../src/http/error-map';
import {
  MalformedRequestError, PayloadTooLargeError, RateLimitedError, RouteNotFoundError, UnsupportedMediaTypeError,
} from '../../../src/http/errors';

describe('error map', () => {
  it.each<[HttpError, number, unknown]>([
    [new ValidationError([{ path: 'permissions[0]', message: 'bad' }, { path: '', message: 'worse' }]), 422,
      [{ path: 'permissions[0]', message: 'bad' }, { path: '', message: 'worse' }]],
    [new UnauthenticatedError(), 401,
      { code: 'unauthenticated', message: 'Authentication is required for accessing this endpoint' }],
    [new MissingPermissionError('btcpay.store.canviewinvoices'), 403, {
      code: 'missing-permission',
      missingPermission: 'btcpay.store.canviewinvoices',
      message: 'Insufficient API Permissions. Please use an API key with permission "btcpay.store.canviewinvoices". ' +
        "You can create an API key in your account's settings / Api Keys.",
    }],
    [new ApiKeyNotFoundError(), 404, { code: 'apikey-not-found', message: 'The API Key was not found' }],
    [new RouteNotFoundError(), 404, { code: 'not-found', message: expect.any(String) }],
    [new ApiKeyNotRevocableError(), 400, { code: 'apikey-not-revocable', message: expect.stringContaining('ADMIN_API_KEY') }],
    [new UnsupportedMediaTypeError(), 415, { code: 'unsupported-media-type', message: expect.stringContaining('application/json') }],
    [new MalformedRequestError('nope'), 400, { code: 'bad-request', message: 'nope' }],
    [new PayloadTooLargeError(1024), 413, { code: 'payload-too-large', message: expect.stringContaining('1024') }],
  ])('%s → %i', (error, status, body) => {
    expect(isHttpError(error)).toBe(true);
    const response = toHttpResponse(error);
    expect(response.status).toBe(status);
    expect(response.body).toEqual(body);
  });

  it('sends Retry-After with a 429', () => {
    expect(toHttpResponse(new RateLimitedError(7))).toEqual({
      status: 429,
      body: { code: 'rate-limited', message: expect.stringContaining('7') },
      headers: { 'Retry-After': '7' },
    });
  });

  it('does not claim foreign errors', () => {
    expect(isHttpError(new Error('boom'))).toBe(false);
    expect(isHttpError({ code: 'unauthenticated', message: 'forged' })).toBe(false);
  });
});
