import { BlinkError, type BlinkErrorCode } from '../../app/blink-port';
import { redactText } from '../log';
import type { GraphqlError, PayloadError } from './schemas';

/**
 * The one place where Blink's failures become `BlinkError`s. Every message passes through `scrub`,
 * so an API key never leaves this adapter inside an error, even if a server echoed it back.
 */

export function scrub(message: string, apiKey: string | undefined): string {
  const withoutKey = apiKey ? message.split(apiKey).join('[redacted]') : message;
  return redactText(withoutKey);
}

export function blinkError(code: BlinkErrorCode, message: string, apiKey?: string, blinkCode?: string): BlinkError {
  return new BlinkError(code, scrub(message, apiKey), blinkCode);
}

/** An HTTP status that decides the outcome before the body is read; `null` when the body must be read. */
export function errorForHttpStatus(status: number, apiKey?: string): BlinkError | null {
  if (status === 401) return blinkError('blink-invalid-key', 'Blink rejected the API key (HTTP 401)', apiKey);
  if (status === 429) return blinkError('blink-rate-limited', 'Blink is rate limiting requests (HTTP 429)', apiKey);
  if (status >= 500) return blinkError('blink-unavailable', `Blink answered HTTP ${status}`, apiKey);
  return null;
}

/** undici exceptions: refused or reset connections, DNS failures and the connect/headers/body timeouts. */
export function errorForTransportFailure(error: unknown, apiKey?: string): BlinkError {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
  const detail = error instanceof Error ? error.message : String(error);
  return blinkError('blink-unavailable', `Blink is unreachable: ${detail}${code ? ` (${code})` : ''}`, apiKey);
}

export function protocolError(detail: string, apiKey?: string): BlinkError {
  return blinkError('blink-protocol-error', `Blink's response does not follow its protocol: ${detail}`, apiKey);
}

/** Codes graphql servers give to documents they cannot parse or validate: our documents, not input. */
const DOCUMENT_FAILURE = /^(Cannot query field|Unknown (argument|type|fragment)|Variable "|Field "|Syntax Error|Query too complex)/;

function codeOf(error: GraphqlError | PayloadError): string | undefined {
  if (error.code) return error.code;
  const extensions = 'extensions' in error ? error.extensions : undefined;
  return typeof extensions?.code === 'string' ? extensions.code : undefined;
}

/** The code for one error Blink reported in a 200 response (top level or payload). */
export function classifyGraphqlError(message: string, code: string | undefined): BlinkErrorCode {
  if (code === 'TOO_MANY_REQUEST') return 'blink-rate-limited';
  if (code === 'RECEIVE_DISABLED') return 'blink-receive-disabled';
  if (code === 'NOT_AUTHENTICATED' || /^not authenticated/i.test(message)) return 'blink-invalid-key';
  if (code === 'NOT_AUTHORIZED' || /not authorized/i.test(message)) return 'blink-missing-scope';
  if (code === 'GRAPHQL_VALIDATION_FAILED' || code === 'GRAPHQL_PARSE_FAILED' || DOCUMENT_FAILURE.test(message)) {
    return 'blink-protocol-error';
  }
  // The federation router reports a failed subgraph fetch this way (e.g. "… 503: Service Unavailable").
  if (/^HTTP fetch failed from '[^']*': 5\d\d/.test(message)) return 'blink-unavailable';
  return 'blink-invalid-input';
}

/** When several errors come back, the one the caller must act on first. */
const PRECEDENCE: readonly BlinkErrorCode[] = [
  'blink-invalid-key', 'blink-missing-scope', 'blink-rate-limited', 'blink-receive-disabled',
  'blink-unavailable', 'blink-protocol-error', 'blink-invalid-input',
];

export function errorForGraphqlErrors(
  errors: readonly (GraphqlError | PayloadError)[],
  apiKey?: string,
): BlinkError {
  const classified = errors.map((error) => ({ error, code: classifyGraphqlError(error.message, codeOf(error)) }));
  classified.sort((a, b) => PRECEDENCE.indexOf(a.code) - PRECEDENCE.indexOf(b.code));
  const first = classified[0];
  if (!first) return protocolError('an empty error list', apiKey);
  const message = classified.map(({ error }) => error.message).join('; ');
  return blinkError(first.code, message, apiKey, codeOf(first.error));
}
