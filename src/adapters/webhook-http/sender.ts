/**
 * POSTs a webhook body through the SSRF-guarded dispatcher. Redirects are not followed (undici's
 * `request` never does; a 3xx is a result like any other). The whole exchange, connect to the last
 * byte read, has one deadline; of the response body only the first 1 KiB is read and kept.
 */
import { Agent, request, type Dispatcher } from 'undici';
import type { SendResult, WebhookSender } from '../../app/webhooks/ports';
import { ForbiddenAddressError, guardedConnector, type Lookup } from './guarded-connector';

export const RESPONSE_HEAD_BYTES = 1024;

export interface SenderOptions {
  readonly timeoutMs: number;
  readonly allowPrivateNetworks: boolean;
  /** `blink-gateway/<version>` */
  readonly userAgent: string;
  readonly lookup?: Lookup;
}

export interface ClosableWebhookSender extends WebhookSender {
  close(): Promise<void>;
}

export function createWebhookSender(options: SenderOptions): ClosableWebhookSender {
  const dispatcher = new Agent({
    connect: guardedConnector({
      allowPrivateNetworks: options.allowPrivateNetworks,
      connectTimeoutMs: Math.min(options.timeoutMs, 10_000),
      ...(options.lookup === undefined ? {} : { lookup: options.lookup }),
    }),
    headersTimeout: options.timeoutMs,
    bodyTimeout: options.timeoutMs,
    keepAliveTimeout: 4_000,
  });
  return {
    send: (webhookRequest) => send(dispatcher, options, webhookRequest),
    close: () => dispatcher.close(),
  };
}

async function send(dispatcher: Dispatcher, options: SenderOptions, { url, body, headers }: Parameters<WebhookSender['send']>[0]): Promise<SendResult> {
  const started = performance.now();
  const signal = AbortSignal.timeout(options.timeoutMs);
  const latency = (): number => performance.now() - started;
  try {
    const response = await request(url, {
      method: 'POST', body, signal, dispatcher,
      headers: { ...headers, 'content-type': 'application/json', 'user-agent': options.userAgent },
    });
    const bodyHead = await readHead(response.body, RESPONSE_HEAD_BYTES);
    const retryAfter = response.headers['retry-after'];
    return {
      kind: 'response', status: response.statusCode, bodyHead, latencyMs: latency(),
      retryAfter: typeof retryAfter === 'string' ? retryAfter : null,
    };
  } catch (error) {
    const refused = findCause(error, (cause) => cause instanceof ForbiddenAddressError);
    if (refused !== undefined) return { kind: 'refused', message: String(refused.message), latencyMs: latency() };
    if (signal.aborted || findCause(error, isTimeout) !== undefined) return { kind: 'timeout', latencyMs: latency() };
    return { kind: 'network-error', message: describeError(error), latencyMs: latency() };
  }
}

/** The first `limit` bytes; the rest is not read (the connection is dropped instead of drained). */
async function readHead(stream: AsyncIterable<Buffer> & { destroy(): void }, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    chunks.push(chunk);
    size += chunk.length;
    if (size >= limit) {
      stream.destroy();
      break;
    }
  }
  return Buffer.concat(chunks).subarray(0, limit);
}

/** Errors from Node's own modules may come from another realm (test runners): judged by shape, not `instanceof`. */
interface ErrorLike {
  readonly name?: unknown;
  readonly message?: unknown;
  readonly code?: unknown;
  readonly cause?: unknown;
  readonly errors?: unknown;
}
const isErrorLike = (value: unknown): value is ErrorLike => typeof value === 'object' && value !== null && 'message' in value;

/** The error, its causes, and the first error of an AggregateError (connection attempts per address). */
function* causes(error: unknown): Generator<ErrorLike> {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && isErrorLike(current); depth += 1) {
    yield current;
    current = current.cause ?? (Array.isArray(current.errors) ? current.errors[0] : undefined);
  }
}

function findCause(error: unknown, test: (cause: ErrorLike) => boolean): ErrorLike | undefined {
  for (const cause of causes(error)) if (test(cause)) return cause;
  return undefined;
}

const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT']);
const isTimeout = (error: ErrorLike): boolean =>
  error.name === 'TimeoutError' || (typeof error.code === 'string' && TIMEOUT_CODES.has(error.code));

/** A short, secret-free description: the error code and message of the innermost cause. */
function describeError(error: unknown): string {
  let text = 'Network error';
  for (const cause of causes(error)) {
    const code = typeof cause.code === 'string' ? `${cause.code}: ` : '';
    if (typeof cause.message === 'string' && cause.message !== '') text = `${code}${cause.message}`;
  }
  return text;
}
