/**
 * One attempt of one delivery (issue 7): load the delivery and its webhook, wait for a free slot on
 * the endpoint, sign the stored bytes, POST them, record the attempt, and say what comes next. The
 * worker turns the outcome into BullMQ terms; this file knows nothing of queues.
 */
import type { DeliveryId } from '../../domain/ids';
import {
  classifyAttempt, deliveryErrorMessage, deliveryRecordStatus, nextAttemptAt, parseRetryAfter, signatureHeaders,
  type AttemptResult, type DeliveryOutcome,
} from '../../domain/webhook';
import type { Clock, SecretSealer } from '../ports';
import type {
  DeliveryAttempt, DeliveryForAttempt, DeliveryRepository, DeliveryState, EndpointLimiter, SendResult, WebhookSender,
} from './ports';
import { webhookSecretContext } from './webhooks';

export interface DeliverySettings {
  /** The whole request, connect to last byte read (WEBHOOK_TIMEOUT_MS). */
  readonly timeoutMs: number;
  /** Tests and operators may shorten the schedule; defaults to the domain's 5 s … 24 h. */
  readonly retrySchedule?: readonly number[];
  /** How long a job waits before trying a saturated endpoint again (± 50 %). */
  readonly busyRetryMs: number;
}

export interface DeliverDeps {
  readonly deliveries: Pick<DeliveryRepository, 'loadForAttempt' | 'recordAttempt' | 'abandon'>;
  readonly sender: WebhookSender;
  readonly limiter: EndpointLimiter;
  readonly sealer: SecretSealer;
  readonly clock: Clock;
  /** A number in [0, 1): jitter. */
  readonly random: () => number;
  readonly settings: DeliverySettings;
}

export type DeliverResult =
  | { readonly kind: 'delivered'; readonly status: number }
  /** Try again at `at`: after a failed attempt, before the delivery is due, or while the endpoint is busy. */
  | { readonly kind: 'retry'; readonly at: Date; readonly reason: 'attempt-failed' | 'not-due' | 'endpoint-busy' }
  | { readonly kind: 'failed'; readonly reason: string }
  /** The receiver answered 410 Gone: the webhook is now disabled. */
  | { readonly kind: 'webhook-disabled' }
  | { readonly kind: 'nothing-to-do'; readonly reason: 'not-found' | 'not-pending' | 'raced' };

/** A job may run a little early (timer granularity); earlier than this is "not due yet". */
const EARLY_TOLERANCE_MS = 1_000;
/** The endpoint lease outlives the request, so a crashed worker's slot frees itself. */
const LEASE_MARGIN_MS = 5_000;

export async function deliverWebhook(deps: DeliverDeps, deliveryId: DeliveryId): Promise<DeliverResult> {
  const loaded = await deps.deliveries.loadForAttempt(deliveryId);
  if (loaded === null) return { kind: 'nothing-to-do', reason: 'not-found' };
  const { delivery, webhook } = loaded;
  if (delivery.state !== 'pending' || delivery.nextAttemptAt === null) return { kind: 'nothing-to-do', reason: 'not-pending' };
  if (!webhook.enabled) {
    // BTCPay re-reads the webhook before each attempt and stops when it was turned off.
    await deps.deliveries.abandon(deliveryId, 'Webhook disabled');
    return { kind: 'failed', reason: 'webhook disabled' };
  }
  const now = deps.clock.now();
  if (delivery.nextAttemptAt.getTime() > now.getTime() + EARLY_TOLERANCE_MS) {
    return { kind: 'retry', at: delivery.nextAttemptAt, reason: 'not-due' };
  }
  const lease = await deps.limiter.tryAcquire(webhook.id, deps.settings.timeoutMs + LEASE_MARGIN_MS);
  if (lease === null) {
    const wait = Math.round(deps.settings.busyRetryMs * (0.5 + deps.random()));
    return { kind: 'retry', at: new Date(now.getTime() + wait), reason: 'endpoint-busy' };
  }
  let sent: SendResult;
  const startedAt = deps.clock.now();
  try {
    sent = await send(deps, loaded, startedAt);
  } finally {
    // A release that fails (Redis away) must not lose the attempt's record: the lease lapses by itself.
    await deps.limiter.release(webhook.id, lease).catch(() => undefined);
  }
  return record(deps, loaded, startedAt, sent);
}

async function send(deps: DeliverDeps, { delivery, webhook }: DeliveryForAttempt, now: Date): Promise<SendResult> {
  const secret = deps.sealer.open(webhook.sealedSecret, webhookSecretContext(webhook.id));
  if (typeof secret !== 'string') {
    // GATEWAY_SECRET changed without keeping the old one: retried, so restoring it recovers the delivery.
    return { kind: 'network-error', message: 'The webhook secret cannot be opened (was GATEWAY_SECRET changed?)', latencyMs: 0 };
  }
  const headers = signatureHeaders({ secret, body: delivery.body, messageId: delivery.originalDeliveryId, now });
  return deps.sender.send({ url: webhook.url, body: delivery.body, headers });
}

interface Decision {
  readonly state: DeliveryState;
  readonly nextAttemptAt: Date | null;
  readonly result: DeliverResult;
}

function decide(deps: DeliverDeps, { delivery, webhook }: DeliveryForAttempt, sent: SendResult, endedAt: Date): Decision {
  if (sent.kind === 'refused') return { state: 'failed', nextAttemptAt: null, result: { kind: 'failed', reason: sent.message } };
  const outcome: DeliveryOutcome = classifyAttempt(attemptResult(sent));
  switch (outcome) {
    case 'delivered':
      return { state: 'delivered', nextAttemptAt: null, result: { kind: 'delivered', status: sent.kind === 'response' ? sent.status : 0 } };
    case 'disable-webhook':
      return { state: 'failed', nextAttemptAt: null, result: { kind: 'webhook-disabled' } };
    case 'failed':
      return { state: 'failed', nextAttemptAt: null, result: { kind: 'failed', reason: describe(sent) } };
    case 'retry': {
      if (!webhook.automaticRedelivery) {
        return { state: 'failed', nextAttemptAt: null, result: { kind: 'failed', reason: `${describe(sent)} (automatic redelivery is off)` } };
      }
      const retryAfterMs = sent.kind === 'response' ? parseRetryAfter(sent.retryAfter, endedAt) : null;
      const at = nextAttemptAt(delivery.attempts + 1, endedAt, deps.random(), {
        retryAfterMs, ...(deps.settings.retrySchedule === undefined ? {} : { schedule: deps.settings.retrySchedule }),
      });
      if (at === null) return { state: 'failed', nextAttemptAt: null, result: { kind: 'failed', reason: `${describe(sent)} (retries exhausted)` } };
      return { state: 'pending', nextAttemptAt: at, result: { kind: 'retry', at, reason: 'attempt-failed' } };
    }
  }
}

async function record(deps: DeliverDeps, loaded: DeliveryForAttempt, startedAt: Date, sent: SendResult): Promise<DeliverResult> {
  const endedAt = new Date(startedAt.getTime() + sent.latencyMs);
  const decision = decide(deps, loaded, sent, endedAt);
  const attempt: DeliveryAttempt = {
    attempt: loaded.delivery.attempts + 1,
    attemptedAt: startedAt,
    recordStatus: sent.kind === 'refused' ? 'Failed' : deliveryRecordStatus(attemptResult(sent)),
    httpCode: sent.kind === 'response' ? sent.status : null,
    latencyMs: Math.max(0, Math.round(sent.latencyMs)),
    error: sent.kind === 'response' && sent.status >= 200 && sent.status < 300 ? null : describe(sent),
    responseHead: sent.kind === 'response' ? sent.bodyHead : null,
  };
  const written = await deps.deliveries.recordAttempt({
    deliveryId: loaded.delivery.id,
    previousAttempts: loaded.delivery.attempts,
    attempt,
    state: decision.state,
    nextAttemptAt: decision.nextAttemptAt,
    ...(decision.result.kind === 'webhook-disabled'
      ? { disableWebhook: { webhookId: loaded.webhook.id, reason: 'The receiver answered 410 Gone', at: endedAt } }
      : {}),
  });
  return written ? decision.result : { kind: 'nothing-to-do', reason: 'raced' };
}

function attemptResult(sent: Exclude<SendResult, { kind: 'refused' }>): AttemptResult {
  switch (sent.kind) {
    case 'response':
      return { kind: 'response', status: sent.status };
    case 'timeout':
      return { kind: 'timeout' };
    case 'network-error':
      return { kind: 'network-error' };
  }
}

/** BTCPay's `errorMessage`: "HTTP Error Code <n>" or the failure's own text. */
function describe(sent: SendResult): string {
  switch (sent.kind) {
    case 'response':
      return deliveryErrorMessage({ kind: 'response', status: sent.status }) ?? `HTTP ${sent.status}`;
    case 'timeout':
      return `Timeout after ${Math.round(sent.latencyMs)} ms`;
    case 'network-error':
    case 'refused':
      return sent.message;
  }
}
