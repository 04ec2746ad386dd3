/**
 * The interfaces the use cases need from the outside world. Adapters in src/adapters/ implement
 * them; composition roots (src/cli/*, src/server/*) pass them in. Grouped by resource.
 */
import type { BlinkConnection, BlinkWalletCurrency, WalletId } from '../../connection-string/types';
import type { BlinkNetwork, BlinkScope } from '../domain/store/connection-facts';
import type { AcceptedConnection, ConnectionAccess } from '../domain/store/connection-policy';
import type { StoreId } from '../domain/store/store-id';
import type { Store } from '../domain/store/store-settings';
import type { InvoiceId, PaymentHash } from '../domain/ids';
import type { InvoiceEvent, InvoicePayment } from '../domain/invoice/events';
import type { InvoiceState } from '../domain/invoice/state';
import type { AdditionalStatus, InvoiceStatus, InvoiceType } from '../domain/invoice/status';
import type { CurrencyCode } from '../domain/money/currency';
import type { Decimal } from '../domain/money/decimal';
import type { Sats, UsdCents } from '../domain/money/units';

// ── shared ──────────────────────────────────────────────────────────────────────────────────────

export interface Clock {
  now(): Date;
}

/** A dependency the health endpoint reports on (Postgres, Redis …). Never throws. */
export interface HealthProbe {
  readonly name: string;
  isHealthy(): Promise<boolean>;
}

/** One answered HTTP request, as the metrics count it. */
export interface RequestSample {
  readonly method: string;
  /** The route template (`/api/v1/stores/{storeId}/invoices`), never the URL: bounded labels, no ids or keys. */
  readonly route: string;
  readonly status: number;
  readonly seconds: number;
}

/** The process's metrics: fed by the HTTP layer, rendered for `GET /metrics` (Prometheus text). */
export interface GatewayMetrics {
  observeRequest(sample: RequestSample): void;
  render(): Promise<{ readonly contentType: string; readonly text: string }>;
}

/** Counts hits per bucket in fixed windows, shared by every API process (Redis). */
export interface RateLimiter {
  /** Records one hit; `retryAfterMs` is set when the bucket is over `limit` in this window. */
  hit(bucket: string, limit: number, windowMs: number): Promise<{ allowed: boolean; retryAfterMs: number }>;
  /**
   * `hit` for each bucket in order, in one round trip, stopping at the first one over its limit
   * (later buckets are not counted); that bucket's answer, or allowed. Optional: without it the
   * buckets are hit one by one.
   */
  hitAll?(hits: readonly { readonly bucket: string; readonly limit: number }[], windowMs: number): Promise<{ allowed: boolean; retryAfterMs: number }>;
}

// ── API keys ────────────────────────────────────────────────────────────────────────────────────

/** SHA-256 of a gateway API key, hex. The key itself is never stored. */
export type ApiKeyHash = string & { readonly __brand: 'ApiKeyHash' };

export interface StoredApiKey {
  readonly hash: ApiKeyHash;
  readonly label: string;
  /** Greenfield permission strings, as granted (not expanded): `policy` or `policy:storeId`. */
  readonly permissions: readonly string[];
  readonly createdAt: Date;
}

export interface ApiKeyRepository {
  insert(key: StoredApiKey): Promise<void>;
  findByHash(hash: ApiKeyHash): Promise<StoredApiKey | null>;
  /** True when a key was deleted. */
  deleteByHash(hash: ApiKeyHash): Promise<boolean>;
}

// ── stores and their Blink connection ───────────────────────────────────────────────────────────

/** A store's registered Blink connection, as stored. The API key exists here only inside `sealedConnection`. */
export interface StoredStoreConnection {
  readonly storeId: StoreId;
  readonly enabled: boolean;
  readonly mode: BlinkConnection['mode'];
  readonly access: ConnectionAccess;
  readonly server: string;
  /** The canonical connection string (key included), sealed by `SecretSealer` with context `storeConnectionContext(storeId)`. */
  readonly sealedConnection: string;
  /** The same string with the key as `blink_…AbCd`: what the API shows. */
  readonly redactedConnection: string;
  readonly walletId: WalletId;
  /** Stored so that creating an invoice costs exactly one Blink call. */
  readonly walletCurrency: BlinkWalletCurrency;
  readonly scopes: readonly BlinkScope[];
  readonly scopesSource: AcceptedConnection['scopesSource'];
  readonly network: BlinkNetwork;
  readonly notes: readonly string[];
  readonly warnings: readonly string[];
  readonly verifiedAt: Date;
  readonly updatedAt: Date;
}

export interface StoreRepository {
  insert(store: Store): Promise<void>;
  findById(id: StoreId): Promise<Store | null>;
  /** Every store, or only those named, oldest first. */
  list(filter: 'all' | ReadonlySet<string>): Promise<Store[]>;
  /** False when the store no longer exists. */
  update(store: Store): Promise<boolean>;
  /** Deletes the store and its connection; false when there was none. */
  delete(id: StoreId): Promise<boolean>;
  /** Inserts or replaces the store's connection; false when the store no longer exists. */
  saveConnection(connection: StoredStoreConnection): Promise<boolean>;
  findConnection(storeId: StoreId): Promise<StoredStoreConnection | null>;
  /** The store and its connection in one read (invoice creation); null when the store does not exist. */
  findWithConnection(id: StoreId): Promise<{ readonly store: Store; readonly connection: StoredStoreConnection | null } | null>;
  deleteConnection(storeId: StoreId): Promise<boolean>;
}

/** Encryption at rest (src/adapters/crypto/secret-box.ts). `open` fails as a value: altered data, unknown secret… */
export interface SecretSealer {
  seal(plaintext: string, context: string): string;
  open(sealed: string, context: string): string | { readonly code: string; readonly message: string };
}

// ── invoices ────────────────────────────────────────────────────────────────────────────────────

/** An invoice as stored; `src/app/invoices/invoice-record.ts` derives its state-machine view. */
export interface StoredInvoice {
  readonly id: InvoiceId;
  readonly storeId: StoreId;
  readonly type: InvoiceType;
  readonly status: InvoiceStatus;
  readonly additionalStatus: AdditionalStatus;
  readonly currency: CurrencyCode;
  /** As the shop sent it; `null` for a top-up. */
  readonly amount: Decimal | null;
  /** Price of 1 BTC in `currency` at creation (Greenfield's `rate`); `null` when nothing priced it. */
  readonly rate: Decimal | null;
  readonly orderId: string | null;
  readonly metadata: Readonly<Record<string, unknown>>;
  readonly checkout: InvoiceCheckout;
  readonly receipt: Readonly<Record<string, unknown>>;
  readonly additionalSearchTerms: readonly string[];
  readonly archived: boolean;
  readonly walletId: WalletId;
  readonly walletCurrency: BlinkWalletCurrency;
  /** The BOLT11's amount; `null` for a no-amount (top-up) BOLT11. */
  readonly dueSats: Sats | null;
  /** Cents credited to a USD wallet; `null` on BTC wallets and for top-ups. */
  readonly dueCents: UsdCents | null;
  readonly paidSats: Sats;
  readonly bolt11: string;
  readonly paymentHash: PaymentHash;
  readonly blinkExternalId: string;
  readonly memo: string;
  readonly createdTime: Date;
  readonly expirationTime: Date;
  readonly monitoringExpiration: Date;
  readonly payments: readonly StoredInvoicePayment[];
}

/** Greenfield's `checkout` object as the invoice keeps it (defaults filled in at creation). */
export interface InvoiceCheckout {
  readonly speedPolicy: string;
  readonly paymentMethods: readonly string[];
  readonly defaultPaymentMethod: string | null;
  /** The real expiration (a USD wallet caps it at 5). */
  readonly expirationMinutes: number;
  readonly monitoringMinutes: number;
  readonly paymentTolerance: number;
  readonly redirectURL: string | null;
  readonly redirectAutomatically: boolean;
  readonly requiresRefundEmail: boolean | null;
  readonly defaultLanguage: string | null;
  readonly checkoutType: string | null;
  readonly lazyPaymentMethods: boolean;
}

export interface StoredInvoicePayment {
  /** The payment hash. */
  readonly id: string;
  readonly receivedTime: Date;
  readonly sats: Sats;
  readonly destination: string;
  readonly status: 'Invalid' | 'Processing' | 'Settled';
}

/** An event row: issue 7 turns these into webhook deliveries in the transaction that writes them. */
export interface StoredInvoiceEvent {
  /** Ascending per database (bigserial, as text). */
  readonly id: string;
  readonly invoiceId: InvoiceId;
  readonly storeId: StoreId;
  readonly event: InvoiceEvent;
  readonly occurredAt: Date;
}

/** What a transition decided: the new state, its events, and the payment it records (if any). */
export interface InvoiceChange {
  readonly state: InvoiceState;
  readonly events: readonly InvoiceEvent[];
  readonly payment?: InvoicePayment;
}

export interface InvoiceListFilter {
  readonly storeId: StoreId;
  readonly orderIds?: readonly string[];
  readonly statuses?: readonly InvoiceStatus[];
  readonly startDate?: Date;
  readonly endDate?: Date;
  readonly textSearch?: string;
  readonly includeArchived: boolean;
  readonly skip: number;
  readonly take: number;
}

export interface IdempotencyScope {
  readonly storeId: StoreId;
  readonly key: string;
}

export type IdempotencyClaim =
  /** The caller owns the key: create the invoice, then `insert(…, {idempotency})` or `release`. */
  | { readonly kind: 'claimed' }
  /** Another request owns it and has not finished (`invoiceId` null) or has (`invoiceId` set). */
  | { readonly kind: 'taken'; readonly requestHash: string; readonly invoiceId: InvoiceId | null };

export interface InvoiceRepository {
  /** The new invoice and its creation events in one transaction; completes the idempotency key when given. */
  insert(invoice: StoredInvoice, events: readonly InvoiceEvent[], options: { readonly now: Date; readonly idempotency?: IdempotencyScope }): Promise<void>;
  findById(id: InvoiceId): Promise<StoredInvoice | null>;
  findByPaymentHash(hash: PaymentHash): Promise<StoredInvoice | null>;
  /** Newest first. */
  list(filter: InvoiceListFilter): Promise<StoredInvoice[]>;
  /**
   * Locks the invoice row (SELECT … FOR UPDATE), lets `decide` compute the change from the locked
   * state, and writes state, payment and events in the same transaction. `decide` returning an
   * error rolls back and returns it; a change without events writes nothing. `null`: no such invoice.
   */
  transition<E extends Error>(
    id: InvoiceId,
    now: Date,
    decide: (invoice: StoredInvoice) => InvoiceChange | E,
  ): Promise<{ readonly invoice: StoredInvoice; readonly events: readonly StoredInvoiceEvent[] } | E | null>;
  eventsOf(id: InvoiceId): Promise<StoredInvoiceEvent[]>;
  /**
   * Sets the store's invoice `archived` flag (nothing else: no event, no state change). `changed`:
   * whether this call changed it; `null`: the store has no such invoice.
   */
  setArchived(id: InvoiceId, storeId: StoreId, archived: boolean, now: Date): Promise<{ readonly invoice: StoredInvoice; readonly changed: boolean } | null>;
  /** Replaces the store's invoice metadata and the order id taken from it; `null`: the store has no such invoice. */
  replaceMetadata(
    id: InvoiceId, storeId: StoreId, update: { readonly metadata: Readonly<Record<string, unknown>>; readonly orderId: string | null }, now: Date,
  ): Promise<StoredInvoice | null>;
  /** Takes a free (or expired, or abandoned) key, or reports who holds it. */
  claimIdempotencyKey(scope: IdempotencyScope, requestHash: string, now: Date, ttlMs: number, abandonAfterMs: number): Promise<IdempotencyClaim>;
  releaseIdempotencyKey(scope: IdempotencyScope): Promise<void>;
  /** Deletes keys past their 24 h; returns how many. */
  pruneIdempotencyKeys(now: Date): Promise<number>;
}

/**
 * Keeps invoice creations per Blink account under Blink's limit (60 a minute, then a 5-minute
 * block), shared by every gateway process (Redis).
 */
export interface InvoiceRateGuard {
  /** Spends one creation for `account`, or says how long until one is free. */
  take(account: string): Promise<{ readonly allowed: true } | { readonly allowed: false; readonly retryAfterMs: number }>;
  /** Blink said TOO_MANY_REQUEST: refuse every creation for `account` for `ms`. */
  block(account: string, ms: number): Promise<void>;
}

// ── webhooks ────────────────────────────────────────────────────────────────────────────────────

export type * from './webhooks/ports';
