/**
 * What the settlement use cases need beyond the invoice and store ports: the invoices still watched
 * (Postgres, src/adapters/db/watch-queries.ts), what the subscription workers and status checks
 * know right now (Redis, src/adapters/queue/settlement-state.ts), and the jobs that keep watching
 * (BullMQ, src/adapters/queue/settlement-jobs.ts).
 */
import type { WalletId } from '../../../connection-string/types';
import type { InvoiceId, PaymentHash } from '../../domain/ids';
import type { AdditionalStatus, InvoiceStatus } from '../../domain/invoice/status';
import type { Sats } from '../../domain/money/units';
import type { StoreId } from '../../domain/store/store-id';
import type { BlinkInvoiceStatus } from '../blink-port';

/** The part of an invoice watching needs. */
export interface WatchedInvoice {
  readonly id: InvoiceId;
  readonly storeId: StoreId;
  /** The wallet the BOLT11 pays into (where a top-up's received amount is read). */
  readonly walletId: WalletId;
  readonly paymentHash: PaymentHash;
  readonly status: InvoiceStatus;
  readonly additionalStatus: AdditionalStatus;
  readonly paidSats: Sats;
  readonly dueSats: Sats | null;
  readonly bolt11: string;
  readonly createdTime: Date;
  readonly expirationTime: Date;
}

export interface WatchQueries {
  findById(id: InvoiceId): Promise<WatchedInvoice | null>;
  findByPaymentHash(hash: PaymentHash): Promise<WatchedInvoice | null>;
  /**
   * The store's invoices that may still get paid: `New`, or `Expired` with no payment and an
   * expiration after `expiredAfter` (the grace window). Oldest expiration first.
   */
  watchedOfStore(storeId: StoreId, expiredAfter: Date, limit: number): Promise<WatchedInvoice[]>;
  /** Every watched invoice of every store with an enabled connection, by id after `afterId` (pages). */
  watchedPage(expiredAfter: Date, afterId: InvoiceId | null, limit: number): Promise<WatchedInvoice[]>;
  /** `New` invoices whose expiration is at or before `before`, oldest first. */
  overdue(before: Date, limit: number): Promise<WatchedInvoice[]>;
}

/** A status Blink gave for an invoice, and when it was asked. */
export interface StatusCheck {
  readonly at: Date;
  readonly status: BlinkInvoiceStatus;
  /** How many invoices that batched check covered. */
  readonly watched: number;
}

export interface SettlementState {
  /** The store's subscription is connected and reconciled; it stays so for `ttlMs` unless renewed. */
  markSubscriptionHealthy(storeId: StoreId, ttlMs: number): Promise<void>;
  markSubscriptionDown(storeId: StoreId): Promise<void>;
  isSubscriptionHealthy(storeId: StoreId): Promise<boolean>;
  /** Remembers the outcome of one batched status check so other watch jobs need not ask again. */
  recordChecks(storeId: StoreId, checks: ReadonlyMap<InvoiceId, BlinkInvoiceStatus>, at: Date, watched: number): Promise<void>;
  lastCheck(storeId: StoreId, invoiceId: InvoiceId): Promise<StatusCheck | null>;
  forgetCheck(storeId: StoreId, invoiceId: InvoiceId): Promise<void>;
  /** No status check goes to this Blink server (its GraphQL URL) before `until`, from any process. */
  pauseBlink(server: string, until: Date): Promise<void>;
  blinkPausedUntil(server: string): Promise<Date | null>;
}

export interface WatchJobRequest {
  readonly invoiceId: InvoiceId;
  readonly storeId: StoreId;
  /** When the first check is due. */
  readonly firstCheckAt: Date;
}

/** Producers of the settlement jobs. Adding a job that exists changes nothing (ids derive from the invoice or store id). */
export interface SettlementJobs {
  ensureWatches(requests: readonly WatchJobRequest[]): Promise<void>;
  ensureSubscription(storeId: StoreId): Promise<void>;
  /**
   * Runs these invoices' watch jobs now if they wait in the delayed set (e.g. on the slow schedule
   * when the store's websocket has just dropped): each checks at once and re-schedules itself by
   * the store's current health. Jobs already waiting or running are left alone. Returns how many moved.
   */
  checkSoon(invoiceIds: readonly InvoiceId[]): Promise<number>;
}

/**
 * What invoice creation calls after its commit (issue 6): the invoice gets its watch job, and its
 * store a subscription job if it had none.
 */
export interface InvoiceWatchScheduler {
  invoiceCreated(invoice: { readonly id: InvoiceId; readonly storeId: StoreId; readonly createdTime: Date; readonly expirationTime: Date }): Promise<void>;
}

/** The log lines use cases write (winston's Logger fits). */
export interface SettlementLog {
  info(message: string, meta?: Record<string, unknown>): unknown;
  warn(message: string, meta?: Record<string, unknown>): unknown;
  debug(message: string, meta?: Record<string, unknown>): unknown;
}
