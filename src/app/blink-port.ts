/**
 * The gateway's view of Blink: what the use cases may ask of it and the failures they must handle.
 * `src/adapters/blink/` implements it; nothing else talks to Blink. Expected failures are values
 * (`T | BlinkError`), never exceptions.
 */
import type { BlinkConnection, WalletId } from '../../connection-string/types';
import type { BlinkNetwork, BlinkScope, ConnectionFacts } from '../domain/store/connection-facts';
import type { InvoiceId, PaymentHash } from '../domain/ids';
import type { Sats, UsdCents } from '../domain/money/units';

export const blinkErrorCodes = [
  'blink-invalid-key', // HTTP 401 "Access credentials are invalid" (revoked, expired, unknown key)
  'blink-missing-scope', // "not authorized to …" / "Not authorized"
  'blink-rate-limited', // TOO_MANY_REQUEST (HTTP 200 payload error)
  'blink-receive-disabled', // RECEIVE_DISABLED (account wind-down)
  'blink-invalid-input', // INVALID_INPUT and other payload errors, with Blink's message
  'blink-unavailable', // network error, timeout, HTTP 5xx
  'blink-protocol-error', // a response that does not parse as Blink's protocol
] as const;
export type BlinkErrorCode = (typeof blinkErrorCodes)[number];

/** A failure talking to Blink. `message` never contains an API key. */
export class BlinkError extends Error {
  override readonly name = 'BlinkError';
  constructor(
    readonly code: BlinkErrorCode,
    message: string,
    /** Blink's own error code (e.g. `INVALID_INPUT`) when it sent one. */
    readonly blinkCode?: string,
  ) {
    super(message);
  }
}

export const isBlinkError = (value: unknown): value is BlinkError => value instanceof BlinkError;

/**
 * What `verifyConnection` established about a connection. It decides nothing: the store registration
 * applies the gateway's policy (Write scope refused, receive required, network must match…). The shape
 * lives in the pure domain, where that policy is written.
 */
export type ConnectionVerification = ConnectionFacts;
export type { BlinkNetwork, BlinkScope };

export interface ConnectionVerifier {
  verifyConnection(connection: BlinkConnection): Promise<ConnectionVerification | BlinkError>;
}

// ── invoices, statuses, conversion, subscriptions ───────────────────────────────────────────────

export type { PaymentHash };

export type BlinkInvoiceStatus = 'PENDING' | 'PAID' | 'EXPIRED';

/** What to invoice: sats into a BTC wallet, cents into a USD wallet, or no amount (payer chooses). */
export type BlinkInvoiceAmount =
  | { readonly currency: 'BTC'; readonly sats: Sats }
  | { readonly currency: 'USD'; readonly cents: UsdCents }
  | null;

export interface BlinkInvoiceRequest {
  /**
   * Our invoice id. Blink's `externalId` is derived from it, so a retry can never leave two payable
   * invoices for one order (Blink refuses a second invoice with the same external id).
   */
  readonly invoiceId: InvoiceId;
  /** The wallet that receives (the connection's wallet, or the one `verifyConnection` resolved). */
  readonly walletId: WalletId;
  readonly amount: BlinkInvoiceAmount;
  /** Becomes the BOLT11 description; Blink allows at most 639 UTF-8 bytes. */
  readonly memo?: string;
  /** Blink silently replaces out-of-range values by its default (BTC 1–1440, USD 1–5 minutes). */
  readonly expiresInMinutes?: number;
}

export interface BlinkInvoice {
  readonly paymentRequest: string;
  readonly paymentHash: PaymentHash;
  /** The BOLT11 amount in sats; `null` for a no-amount invoice. */
  readonly satoshis: Sats | null;
  readonly status: BlinkInvoiceStatus;
  readonly createdAt: Date;
  /** The external id Blink stored (ours, possibly with a retry suffix). */
  readonly externalId: string;
}

export interface BlinkPaymentStatus {
  readonly paymentHash: PaymentHash;
  readonly status: BlinkInvoiceStatus;
  /** Set once PAID. */
  readonly preimage: string | null;
}

export interface BlinkConversion {
  readonly sats: Sats;
  readonly cents: UsdCents;
}

/** What a receive credited to the wallet, in the wallet's minor unit: sats for BTC, cents for USD. */
export interface BlinkReceivedAmount {
  readonly amount: number;
  readonly currency: 'BTC' | 'USD';
}

/** A settlement (or other account event) pushed on Blink's `myUpdates` stream. */
export type BlinkAccountUpdate =
  | {
      readonly kind: 'lightning';
      readonly paymentHash: PaymentHash;
      readonly status: BlinkInvoiceStatus;
      readonly direction: 'RECEIVE' | 'SEND';
      readonly externalId: string | null;
      /** What the payment credited (the transaction's settlement amount); how a no-amount invoice's payment is known. */
      readonly received: BlinkReceivedAmount | null;
    }
  /** On-chain, intraledger and price updates: callers that only watch invoices ignore them. */
  | { readonly kind: 'other'; readonly type: string };

export interface BlinkSubscriptionListeners<T> {
  /** On every (re)connect: callers reconcile what they may have missed while disconnected. */
  onConnected?(info: { readonly reconnect: boolean }): void;
  /**
   * The socket closed (dropped, refused, or a failed reconnect attempt): updates may be missed until
   * the next `onConnected`, so callers fall back to polling meanwhile. May repeat while it stays down.
   */
  onDisconnected?(): void;
  onUpdate(update: T): void;
  /** A failure that ends the subscription (e.g. `blink-invalid-key`), or one update that did not parse. */
  onError?(error: BlinkError): void;
}

/** A live subscription; `close()` unsubscribes and closes the socket when it was the last one. */
export interface BlinkSubscription {
  close(): Promise<void>;
}

/**
 * Everything the use cases ask of Blink. Statuses are looked up in batches (one request for up to 100
 * hashes); each entry of the result is the status or the reason that hash could not be resolved.
 */
export interface BlinkPort extends ConnectionVerifier {
  createInvoice(connection: BlinkConnection, request: BlinkInvoiceRequest): Promise<BlinkInvoice | BlinkError>;
  paymentStatuses(
    connection: BlinkConnection,
    hashes: readonly PaymentHash[],
  ): Promise<ReadonlyMap<PaymentHash, BlinkPaymentStatus | BlinkError> | BlinkError>;
  /**
   * What the receive of `paymentHash` credited to `walletId` (READ scope: keyless connections cannot
   * ask); `null` when no receive is booked for it. The status queries do not tell the amount, and a
   * no-amount (top-up) invoice needs it to be recorded.
   */
  receivedAmount(connection: BlinkConnection, walletId: WalletId, paymentHash: PaymentHash): Promise<BlinkReceivedAmount | null | BlinkError>;
  /** Fiat (major units, e.g. 12.5 EUR) to sats and USD cents at Blink's current price. */
  convert(connection: BlinkConnection, amount: number, currency: string): Promise<BlinkConversion | BlinkError>;
  subscribeAccountUpdates(
    connection: BlinkConnection,
    listeners: BlinkSubscriptionListeners<BlinkAccountUpdate>,
  ): BlinkSubscription;
  subscribeInvoiceStatus(
    connection: BlinkConnection,
    paymentHash: PaymentHash,
    listeners: BlinkSubscriptionListeners<BlinkPaymentStatus>,
  ): BlinkSubscription;
}
