/**
 * The interfaces the webhook use cases need (issue 7). Adapters implement them: the repositories in
 * src/adapters/db/, the queue and the endpoint limiter in src/adapters/queue/, the sender in
 * src/adapters/webhook-http/. Re-exported by src/app/ports.ts.
 */
import type { DeliveryId, StoreId, WebhookId } from '../../domain/ids';
import type { AuthorizedEvents, DeliveryRecordStatus, WebhookEventType } from '../../domain/webhook';

export interface StoredWebhook {
  readonly id: WebhookId;
  readonly storeId: StoreId;
  readonly url: string;
  /** The secret sealed by `SecretSealer` with context `webhookSecretContext(id)`. */
  readonly sealedSecret: string;
  readonly enabled: boolean;
  readonly automaticRedelivery: boolean;
  readonly authorizedEvents: AuthorizedEvents;
  /** Set when the gateway disabled the webhook itself (the receiver answered 410). */
  readonly disabledReason: string | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export interface WebhookRepository {
  insert(webhook: StoredWebhook): Promise<void>;
  findById(storeId: StoreId, id: WebhookId): Promise<StoredWebhook | null>;
  /** Oldest first. */
  list(storeId: StoreId): Promise<StoredWebhook[]>;
  /** False when the webhook no longer exists. */
  update(webhook: StoredWebhook): Promise<boolean>;
  /** Deletes the webhook and its deliveries; false when there was none. */
  delete(storeId: StoreId, id: WebhookId): Promise<boolean>;
}

export type DeliveryState = 'pending' | 'delivered' | 'failed';

export interface StoredDelivery {
  readonly id: DeliveryId;
  readonly webhookId: WebhookId;
  readonly storeId: StoreId;
  readonly originalDeliveryId: DeliveryId;
  readonly isRedelivery: boolean;
  readonly invoiceEventId: string | null;
  readonly eventType: string;
  readonly state: DeliveryState;
  readonly attempts: number;
  readonly nextAttemptAt: Date | null;
  readonly createdAt: Date;
  readonly lastAttemptAt: Date | null;
  readonly lastHttpCode: number | null;
  readonly lastRecordStatus: DeliveryRecordStatus | null;
  readonly lastError: string | null;
  /** The exact bytes sent (or `{"type": …}` once pruned). */
  readonly body: Buffer;
  readonly pruned: boolean;
}

export interface DeliveryAttempt {
  readonly attempt: number;
  readonly attemptedAt: Date;
  readonly recordStatus: DeliveryRecordStatus;
  readonly httpCode: number | null;
  readonly latencyMs: number;
  readonly error: string | null;
  /** The first 1 KiB of the response body. */
  readonly responseHead: Buffer | null;
}

/** A delivery with what an attempt needs from its webhook. */
export interface DeliveryForAttempt {
  readonly delivery: StoredDelivery;
  readonly webhook: Pick<StoredWebhook, 'id' | 'url' | 'sealedSecret' | 'enabled' | 'automaticRedelivery'>;
}

/** The result of one attempt, written with the delivery's new state in one transaction. */
export interface AttemptRecord {
  readonly deliveryId: DeliveryId;
  /** The attempt count the caller read; the write happens only if it is still current. */
  readonly previousAttempts: number;
  readonly attempt: DeliveryAttempt;
  readonly state: DeliveryState;
  readonly nextAttemptAt: Date | null;
  /** 410 Gone: the webhook is turned off in the same transaction. */
  readonly disableWebhook?: { readonly webhookId: WebhookId; readonly reason: string; readonly at: Date };
}

export interface NewRedelivery {
  readonly id: DeliveryId;
  readonly original: StoredDelivery;
  readonly body: Buffer;
  readonly createdAt: Date;
}

export interface DeliveryRepository {
  /** Newest first. */
  listForWebhook(webhookId: WebhookId, count: number): Promise<StoredDelivery[]>;
  findById(webhookId: WebhookId, id: DeliveryId): Promise<StoredDelivery | null>;
  attemptsOf(id: DeliveryId): Promise<DeliveryAttempt[]>;
  loadForAttempt(id: DeliveryId): Promise<DeliveryForAttempt | null>;
  /** False when another attempt was recorded meanwhile (nothing written). */
  recordAttempt(record: AttemptRecord): Promise<boolean>;
  /** Ends a pending delivery without an attempt (its webhook was disabled or unsubscribed). */
  abandon(id: DeliveryId, reason: string): Promise<void>;
  insertRedelivery(redelivery: NewRedelivery): Promise<void>;
  /** Pending deliveries due before `dueBefore`, soonest first, after the cursor `(at, id)`. */
  listPendingDue(dueBefore: Date, limit: number, after?: { readonly at: Date; readonly id: DeliveryId }): Promise<PendingDelivery[]>;
  /** Reduces the bodies of deliveries created before `before` to `{"type": …}`; returns how many. */
  prune(before: Date): Promise<number>;
}

export interface PendingDelivery {
  readonly id: DeliveryId;
  readonly nextAttemptAt: Date;
}

/** Wakes the delivery worker: one job per delivery, job id = delivery id (adding it twice is a no-op). */
export interface DeliveryQueue {
  enqueue(deliveries: readonly PendingDelivery[]): Promise<void>;
}

/** At most N requests in flight per webhook endpoint, across every worker process. */
export interface EndpointLimiter {
  /** A lease token, or null when the endpoint is saturated. The lease lapses after `leaseMs` if never released. */
  tryAcquire(endpoint: string, leaseMs: number): Promise<string | null>;
  release(endpoint: string, lease: string): Promise<void>;
}

export interface WebhookRequest {
  readonly url: string;
  /** The exact bytes. */
  readonly body: Buffer;
  readonly headers: Readonly<Record<string, string>>;
}

/** One POST's result. `refused` means the SSRF check stopped it before any packet was sent. */
export type SendResult =
  | {
    readonly kind: 'response';
    readonly status: number;
    readonly retryAfter: string | null;
    readonly bodyHead: Buffer;
    readonly latencyMs: number;
  }
  | { readonly kind: 'network-error'; readonly message: string; readonly latencyMs: number }
  | { readonly kind: 'timeout'; readonly latencyMs: number }
  | { readonly kind: 'refused'; readonly message: string; readonly latencyMs: number };

export interface WebhookSender {
  send(request: WebhookRequest): Promise<SendResult>;
}

/** The event types a webhook can subscribe to, re-exported for the route schemas. */
export type { WebhookEventType };
