/**
 * The one place where an expected failure becomes an HTTP response: Greenfield's 422
 * `[{path,message}]` for validation, `{code,message}` otherwise. The switch is exhaustive, so a new
 * error type that is not mapped here is a compile error. Add new error classes to `HttpError` and
 * `mappedErrorClasses`.
 */
import { ValidationError } from '../app/errors';
import {
  ApiKeyNotFoundError,
  ApiKeyNotRevocableError,
  MissingPermissionError,
  UnauthenticatedError,
} from '../app/api-keys/errors';
import {
  IdempotencyKeyInUseError,
  InvoiceCreationRefusedError,
  InvoiceNotArchivedError,
  InvoiceNotFoundError,
  InvoiceRateLimitedError,
} from '../app/invoices/errors';
import { WebhookDeliveryNotFoundError, WebhookDeliveryPrunedError, WebhookNotFoundError } from '../app/webhooks/errors';
import { InvalidWebhookUrlError } from '../domain/webhook/url';
import {
  MalformedRequestError,
  PayloadTooLargeError,
  RateLimitedError,
  RouteNotFoundError,
  UnsupportedMediaTypeError,
} from './errors';

export type HttpError =
  | ValidationError
  | UnauthenticatedError
  | MissingPermissionError
  | ApiKeyNotFoundError
  | ApiKeyNotRevocableError
  | RouteNotFoundError
  | UnsupportedMediaTypeError
  | MalformedRequestError
  | PayloadTooLargeError
  | RateLimitedError
  | InvoiceNotFoundError
  | InvoiceNotArchivedError
  | InvoiceCreationRefusedError
  | InvoiceRateLimitedError
  | IdempotencyKeyInUseError
  | WebhookNotFoundError
  | WebhookDeliveryNotFoundError
  | WebhookDeliveryPrunedError
  | InvalidWebhookUrlError;

const mappedErrorClasses = [
  ValidationError, UnauthenticatedError, MissingPermissionError, ApiKeyNotFoundError, ApiKeyNotRevocableError,
  RouteNotFoundError, UnsupportedMediaTypeError, MalformedRequestError, PayloadTooLargeError, RateLimitedError,
  InvoiceNotFoundError, InvoiceNotArchivedError, InvoiceCreationRefusedError, InvoiceRateLimitedError, IdempotencyKeyInUseError,
  WebhookNotFoundError, WebhookDeliveryNotFoundError, WebhookDeliveryPrunedError, InvalidWebhookUrlError,
] as const;

export function isHttpError(value: unknown): value is HttpError {
  return mappedErrorClasses.some((errorClass) => value instanceof errorClass);
}

export interface HttpResponse {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

const plain = (status: number, error: { code: string; message: string }): HttpResponse => ({
  status,
  body: { code: error.code, message: error.message },
});

export function toHttpResponse(error: HttpError): HttpResponse {
  switch (error.code) {
    case 'validation-failed':
      return { status: 422, body: error.problems.map(({ path, message }) => ({ path, message })) };
    case 'unauthenticated':
      return plain(401, error);
    case 'missing-permission':
      return {
        status: 403,
        body: { code: error.code, missingPermission: error.missingPermission, message: error.message },
      };
    case 'apikey-not-found':
    case 'not-found':
      return plain(404, error);
    case 'apikey-not-revocable':
      return plain(400, error);
    case 'unsupported-media-type':
      return plain(415, error);
    case 'bad-request':
      return plain(400, error);
    case 'payload-too-large':
      return plain(413, error);
    case 'rate-limited':
    case 'invoice-rate-limited':
      return { ...plain(429, error), headers: { 'Retry-After': String(error.retryAfterSeconds) } };
    case 'invoice-not-found':
      return plain(404, error);
    case 'already-unarchived':
      return plain(400, error);
    // The store's Blink connection cannot make this invoice: the merchant's to fix (BTCPay answers 400 too).
    case 'payment-method-unavailable':
    case 'blink-connection-rejected':
    case 'blink-receive-disabled':
      return plain(400, error);
    case 'webhook-not-found':
    case 'webhookdelivery-not-found':
      return plain(404, error);
    case 'webhookdelivery-pruned':
      return plain(409, error);
    // Greenfield's 422 for a webhook URL: [{"path": "url", "message": "Invalid Url"}]
    case 'invalid-url':
      return { status: 422, body: [{ path: error.path, message: error.message }] };
    case 'idempotency-key-in-use':
      return { ...plain(409, error), headers: { 'Retry-After': '1' } };
    default:
      return assertNever(error);
  }
}

/** For failures that are bugs: the body says nothing about the cause (that goes to the log). */
export const internalErrorResponse: HttpResponse = {
  status: 500,
  body: { code: 'internal-error', message: 'An unexpected error occurred; it has been logged' },
};

function assertNever(value: never): never {
  throw new Error(`unmapped error: ${JSON.stringify(value)}`);
}
