/**
 * `GET /i/{invoiceId}/events`: the invoice's public status as Server-Sent Events. One `status`
 * event at once, one per change, then `end` when the status is final (the browser closes then; a
 * stream cut for any other reason is reopened by EventSource after `retry`).
 */
import type { CheckoutStatusUpdate } from '../../app/checkout/checkout-view';
import { watchCheckoutStatus, type WatchCheckoutDeps } from '../../app/checkout/watch-checkout-status';
import { InvoiceNotFoundError } from '../../app/invoices/errors';
import type { Logger } from '../../adapters/log';
import type { ResponseSink } from '../route-kit';

export interface EventStreamSettings {
  readonly safetyIntervalMs: number;
  readonly maxDurationMs: number;
  /** A comment line this often keeps proxies from closing an idle stream. */
  readonly heartbeatMs: number;
  readonly retryMs: number;
}

export const DEFAULT_EVENT_STREAM_SETTINGS: EventStreamSettings = {
  safetyIntervalMs: 15_000,
  maxDurationMs: 10 * 60_000,
  heartbeatMs: 25_000,
  retryMs: 3_000,
};

/** JSON.stringify never writes a line break, so one `data:` line holds the whole event. */
export const sseEvent = (name: string, data: unknown): string => `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;

export const EVENT_STREAM_HEADERS: Readonly<Record<string, string>> = {
  'Content-Type': 'text/event-stream; charset=utf-8',
  'Cache-Control': 'no-store',
  // nginx would otherwise buffer the stream.
  'X-Accel-Buffering': 'no',
};

export interface EventStreamDeps extends WatchCheckoutDeps {
  readonly logger: Logger;
  /** Aborted when the server shuts down: every open stream ends. */
  readonly closing: AbortSignal;
  readonly settings: EventStreamSettings;
}

export function streamCheckoutStatus(deps: EventStreamDeps, invoiceId: string, sink: ResponseSink): void {
  const signal = AbortSignal.any([sink.closed, deps.closing]);
  const heartbeat = setInterval(() => sink.write(': keep-alive\n\n'), deps.settings.heartbeatMs);
  sink.write(`retry: ${deps.settings.retryMs}\n\n`);
  const onStatus = (update: CheckoutStatusUpdate) => sink.write(sseEvent('status', update));
  watchCheckoutStatus(deps, invoiceId, {
    signal, onStatus, safetyIntervalMs: deps.settings.safetyIntervalMs, maxDurationMs: deps.settings.maxDurationMs,
  }).then((end) => {
    if (end === 'final' || end instanceof InvoiceNotFoundError) sink.write(sseEvent('end', {}));
  }, (error: unknown) => {
    deps.logger.warn('checkout event stream failed', { error: error instanceof Error ? error.message : String(error) });
  }).finally(() => {
    clearInterval(heartbeat);
    sink.end();
  });
}
