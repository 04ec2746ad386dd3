import { Pool } from 'undici';
import type { BlinkError } from '../../app/blink-port';
import { errorForHttpStatus, errorForTransportFailure, protocolError } from './errors';
import { envelopeSchema, type GraphqlEnvelope } from './schemas';

/** Timeouts for every Blink request (config: BLINK_CONNECT_TIMEOUT_MS, BLINK_HEADERS_TIMEOUT_MS, BLINK_BODY_TIMEOUT_MS). */
export interface BlinkHttpTimeouts {
  readonly connectMs: number;
  readonly headersMs: number;
  readonly bodyMs: number;
}

export interface GraphqlRequest {
  readonly operationName: string;
  readonly query: string;
  readonly variables?: Readonly<Record<string, unknown>>;
}

export interface BlinkHttpTransport {
  /** POSTs one GraphQL request; the envelope as sent (errors included) or why there is none. */
  post(serverUrl: string, apiKey: string | undefined, request: GraphqlRequest): Promise<GraphqlEnvelope | BlinkError>;
  close(): Promise<void>;
}

export interface HttpTransportOptions {
  readonly timeouts: BlinkHttpTimeouts;
  /** Sockets per Blink origin. @defaultValue 16 */
  readonly connectionsPerOrigin?: number;
}

/** One keep-alive undici `Pool` per Blink origin, created on first use and closed by `close()`. */
export function createHttpTransport(options: HttpTransportOptions): BlinkHttpTransport {
  const pools = new Map<string, Pool>();
  const poolFor = (origin: string): Pool => {
    let pool = pools.get(origin);
    if (!pool) {
      pool = new Pool(origin, {
        connections: options.connectionsPerOrigin ?? 16,
        connect: { timeout: options.timeouts.connectMs },
        headersTimeout: options.timeouts.headersMs,
        bodyTimeout: options.timeouts.bodyMs,
      });
      pools.set(origin, pool);
    }
    return pool;
  };

  return {
    async post(serverUrl, apiKey, request) {
      const url = new URL(serverUrl);
      const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
      if (apiKey) headers['x-api-key'] = apiKey;
      let status: number;
      let text: string;
      try {
        const response = await poolFor(url.origin).request({
          path: `${url.pathname}${url.search}`,
          method: 'POST',
          headers,
          body: JSON.stringify(request),
        });
        status = response.statusCode;
        text = await response.body.text();
      } catch (error) {
        return errorForTransportFailure(error, apiKey);
      }
      return parseResponse(status, text, apiKey);
    },
    async close() {
      const closing = [...pools.values()].map((pool) => pool.close());
      pools.clear();
      await Promise.all(closing);
    },
  };
}

/** Exported for unit tests: the status/body → envelope rules, without a socket. */
export function parseResponse(status: number, text: string, apiKey: string | undefined): GraphqlEnvelope | BlinkError {
  const byStatus = errorForHttpStatus(status, apiKey);
  if (byStatus) return byStatus;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return protocolError(`HTTP ${status} with a body that is not JSON`, apiKey);
  }
  const envelope = envelopeSchema.safeParse(json);
  if (!envelope.success) return protocolError(`HTTP ${status} with a body that is not a GraphQL response`, apiKey);
  // GraphQL servers answer 400 for documents they refuse; without errors any non-2xx is foreign.
  if ((status < 200 || status >= 300) && !envelope.data.errors?.length) {
    return protocolError(`unexpected HTTP ${status}`, apiKey);
  }
  return envelope.data;
}
