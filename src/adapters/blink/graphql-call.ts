import type { z } from 'zod';
import { BlinkError } from '../../app/blink-port';
import type { BlinkConnection } from '../../../connection-string/types';
import type { Logger } from '../log';
import { backoffDelay, type BackoffPolicy } from './backoff';
import { errorForGraphqlErrors, protocolError } from './errors';
import type { BlinkHttpTransport, GraphqlRequest } from './http-transport';
import type { GraphqlEnvelope, PayloadError } from './schemas';

/** Where and as whom to call Blink. */
export interface BlinkEndpoint {
  readonly server: string;
  readonly websocketUrl: string;
  readonly apiKey: string | undefined;
}

export function endpointOf(connection: BlinkConnection): BlinkEndpoint {
  return {
    server: connection.server,
    websocketUrl: connection.websocketUrl,
    apiKey: connection.mode === 'api-key' ? connection.apiKey : undefined,
  };
}

export interface CallDeps {
  readonly transport: BlinkHttpTransport;
  readonly backoff: BackoffPolicy;
  readonly random: () => number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly logger: Logger | undefined;
}

type Reader<T> = (envelope: GraphqlEnvelope) => T | BlinkError;

/**
 * Sends `request` and reads the envelope. With `retry`, a `blink-unavailable` outcome is tried again
 * after a jittered backoff (queries always; mutations only when an external id makes them safe).
 */
export async function callBlink<T>(
  deps: CallDeps,
  endpoint: BlinkEndpoint,
  request: GraphqlRequest,
  read: Reader<T>,
  options: { readonly retry: boolean },
): Promise<T | BlinkError> {
  const attempts = options.retry ? Math.max(1, deps.backoff.attempts) : 1;
  for (let attempt = 1; ; attempt += 1) {
    const envelope = await deps.transport.post(endpoint.server, endpoint.apiKey, request);
    const result = envelope instanceof BlinkError ? envelope : read(envelope);
    if (!(result instanceof BlinkError) || result.code !== 'blink-unavailable' || attempt >= attempts) return result;
    const delayMs = backoffDelay(deps.backoff, attempt - 1, deps.random);
    deps.logger?.warn('Blink unavailable, retrying', {
      operation: request.operationName, attempt, delayMs, error: result.message,
    });
    await deps.sleep(delayMs);
  }
}

/** `data[field]` parsed with `schema`; top-level errors (even beside partial data) are a failure. */
export function readField<S extends z.ZodType>(
  envelope: GraphqlEnvelope,
  field: string,
  schema: S,
  apiKey: string | undefined,
): z.infer<S> | BlinkError {
  if (envelope.errors?.length) return errorForGraphqlErrors(envelope.errors, apiKey);
  if (!envelope.data || !(field in envelope.data)) return protocolError(`no data for ${field}`, apiKey);
  const parsed = schema.safeParse(envelope.data[field]);
  if (!parsed.success) return protocolError(`${field} has an unexpected shape`, apiKey);
  return parsed.data;
}

/** A mutation payload: like `readField`, and a non-empty payload `errors` is a failure too. */
export function readPayload<S extends z.ZodType<{ errors: PayloadError[] }>>(
  envelope: GraphqlEnvelope,
  field: string,
  schema: S,
  apiKey: string | undefined,
): z.infer<S> | BlinkError {
  const payload = readField(envelope, field, schema, apiKey);
  if (payload instanceof BlinkError) return payload;
  if (payload.errors.length > 0) return errorForGraphqlErrors(payload.errors, apiKey);
  return payload;
}
