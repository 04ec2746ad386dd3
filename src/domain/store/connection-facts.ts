/**
 * What the policy needs to know about a connection after Blink was asked: the Blink port's
 * `ConnectionVerification` (src/app/blink-port.ts) is this type.
 */
import type { BlinkWalletCurrency, WalletId } from '../../../connection-string/types';

export type BlinkScope = 'READ' | 'RECEIVE' | 'WRITE';
export type BlinkNetwork = 'mainnet' | 'testnet' | 'signet' | 'regtest';

export interface ConnectionFacts {
  /** `not-applicable` for keyless connections, which carry no key. */
  readonly keyValid: boolean | 'not-applicable';
  /**
   * `known`: the scopes Blink reports for the key (`authorization { scopes }` needs READ).
   * `probed`: the key cannot read; these are the scopes probing established, and others are unknown.
   */
  readonly scopes:
    | { readonly kind: 'known'; readonly scopes: readonly BlinkScope[] }
    | { readonly kind: 'probed'; readonly established: readonly BlinkScope[] }
    | { readonly kind: 'not-applicable' };
  /**
   * The wallet the connection receives into (its `wallet-id`, or the account's default wallet);
   * `ownedByKeyAccount` is `unknown` when the key cannot read the account's wallets; `null` when the
   * wallet does not exist or cannot be resolved.
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

/** The network a Blink server must report; `undefined` for servers the gateway knows nothing about. */
export function expectedNetworkFor(server: string): BlinkNetwork | undefined {
  try {
    return new URL(server).hostname.toLowerCase() === 'api.blink.sv' ? 'mainnet' : undefined;
  } catch {
    return undefined;
  }
}

/** BTCPay's names for networks, as its "not on the right network" message prints them. */
export function btcpayNetworkName(network: BlinkNetwork): string {
  switch (network) {
    case 'mainnet': return 'Main';
    case 'testnet':
    case 'signet': return 'TestNet';
    case 'regtest': return 'RegTest';
  }
}
