/**
 * What a Blink connection string means once parsed. Shared by the parser, the Blink client and the
 * store registration: every consumer sees the same branded values.
 */
declare const brand: unique symbol;
type Brand<T, B extends string> = T & { readonly [brand]: B };

/** A Blink API key (`blink_…`). Secret: never logged, returned or shown beyond `redactApiKey`. */
export type BlinkApiKey = Brand<string, 'BlinkApiKey'>;
/** A Blink wallet id (a UUID in production; any non-empty string Blink accepts). */
export type WalletId = Brand<string, 'WalletId'>;
export type BlinkWalletCurrency = 'BTC' | 'USD';

interface ConnectionBase {
  /** Absolute http(s) URL of Blink's GraphQL endpoint, e.g. `https://api.blink.sv/graphql`. */
  readonly server: string;
  /** `wss://ws.…/graphql` derived from `server` (see `websocketUrlFor`). */
  readonly websocketUrl: string;
  /** `allowinsecure=true` was given: an http:// server is accepted. */
  readonly allowInsecure: boolean;
  /** `currency=` when given: the wallet's currency as the merchant declared it. */
  readonly currency: BlinkWalletCurrency | undefined;
}

/** BTCPay's custodial form: an API key, optionally a wallet id. */
export interface ApiKeyConnection extends ConnectionBase {
  readonly mode: 'api-key';
  readonly apiKey: BlinkApiKey;
  readonly walletId: WalletId | undefined;
}

/** Our extension: a wallet id and no key; invoices via Blink's no-auth `*OnBehalfOfRecipient` mutations. */
export interface KeylessConnection extends ConnectionBase {
  readonly mode: 'keyless';
  readonly walletId: WalletId;
}

/** BTCPay's receive-only non-custodial form: `ln-address=user@domain` (or `username=`). */
export interface LnAddressConnection extends ConnectionBase {
  readonly mode: 'ln-address';
  /** Always `user@domain` (a bare `name` becomes `name@blink.sv`, as BTCPay does). */
  readonly lnAddress: string;
}

export type BlinkConnection = ApiKeyConnection | KeylessConnection | LnAddressConnection;
