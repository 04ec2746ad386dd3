/**
 * What the policy needs to know about a connection after Blink was asked. The shape is the Blink
 * port's `ConnectionVerification` (src/app/blink-port.ts), restated here because pure modules may not
 * import from app/; TypeScript checks at the call site that the two stay compatible.
 */
import type { BlinkWalletCurrency, WalletId } from '../../../connection-string/types';

export type BlinkScope = 'READ' | 'RECEIVE' | 'WRITE';
export type BlinkNetwork = 'mainnet' | 'testnet' | 'signet' | 'regtest';

export interface ConnectionFacts {
  readonly keyValid: boolean | 'not-applicable';
  readonly scopes:
    | { readonly kind: 'known'; readonly scopes: readonly BlinkScope[] }
    | { readonly kind: 'probed'; readonly established: readonly BlinkScope[] }
    | { readonly kind: 'not-applicable' };
  readonly wallet: {
    readonly id: WalletId;
    readonly currency: BlinkWalletCurrency;
    readonly ownedByKeyAccount: boolean | 'unknown';
  } | null;
  readonly network: BlinkNetwork;
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
