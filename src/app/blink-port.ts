/**
 * The gateway's view of Blink: what the use cases may ask of it and the failures they must handle.
 * `src/adapters/blink/` implements it; nothing else talks to Blink. Expected failures are values
 * (`T | BlinkError`), never exceptions.
 */
import type { BlinkConnection, BlinkWalletCurrency, WalletId } from '../../connection-string/types';

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

export type BlinkScope = 'READ' | 'RECEIVE' | 'WRITE';
export type BlinkNetwork = 'mainnet' | 'testnet' | 'signet' | 'regtest';

/**
 * What `verifyConnection` established about a connection. It decides nothing: the store registration
 * applies the gateway's policy (Write scope refused, receive required, network must match…).
 */
export interface ConnectionVerification {
  /** `unknown` for keyless connections, which carry no key. */
  readonly keyValid: boolean | 'not-applicable';
  /**
   * `known`: the scopes Blink reports for the key (`authorization { scopes }` needs READ).
   * `probed`: the key cannot read; these are the scopes probing established (e.g. RECEIVE via
   * `onChainAddressCurrent`), and others are unknown.
   */
  readonly scopes:
    | { readonly kind: 'known'; readonly scopes: readonly BlinkScope[] }
    | { readonly kind: 'probed'; readonly established: readonly BlinkScope[] }
    | { readonly kind: 'not-applicable' };
  /**
   * The wallet the connection receives into (its `wallet-id`, or the account's default wallet).
   * `ownedByKeyAccount` is `unknown` when the key cannot read the account's wallets.
   * `null` when the wallet does not exist or cannot be resolved.
   */
  readonly wallet: {
    readonly id: WalletId;
    readonly currency: BlinkWalletCurrency;
    readonly ownedByKeyAccount: boolean | 'unknown';
  } | null;
  readonly network: BlinkNetwork;
  /** The account can no longer receive (Blink's wind-down), when that could be established. */
  readonly receiveDisabled: boolean | 'unknown';
}

export interface ConnectionVerifier {
  verifyConnection(connection: BlinkConnection): Promise<ConnectionVerification | BlinkError>;
}
