/**
 * The gateway's rules for accepting a Blink connection, applied to what `verifyConnection`
 * established. Refusals use BTCPay's words where BTCPay has a message for the same case (merchants
 * search for them), and say how to fix it otherwise. Accepted connections come with notes that tell
 * the merchant what this kind of connection can and cannot do.
 */
import type { BlinkConnection, BlinkWalletCurrency, WalletId } from '../../../connection-string/types';
import { btcpayNetworkName, expectedNetworkFor, type BlinkNetwork, type BlinkScope, type ConnectionFacts } from './connection-facts';
import { connectionNotes, refusalMessages } from './connection-messages';

export interface ConnectionPolicyOptions {
  /** BLINK_ALLOW_WRITE_SCOPE: accept keys that can spend (refused by default). */
  readonly allowWriteScope: boolean;
}

/** How the gateway reaches the wallet: decides what it can do later (read, cancel, stream updates…). */
export type ConnectionAccess = 'read-receive' | 'receive-only' | 'write' | 'keyless';

export interface AcceptedConnection {
  readonly access: ConnectionAccess;
  /** The wallet invoices go to: the connection's `wallet-id`, or the default wallet Blink resolved. */
  readonly walletId: WalletId;
  readonly walletCurrency: BlinkWalletCurrency;
  /** The key's scopes as Blink reported them (`reported`), as far as probing found (`probed`), or none. */
  readonly scopes: readonly BlinkScope[];
  readonly scopesSource: 'reported' | 'probed' | 'none';
  readonly network: BlinkNetwork;
  readonly notes: readonly string[];
}

export const connectionRefusalCodes = [
  'invalid-key', 'wrong-network', 'write-scope', 'cannot-receive', 'no-default-wallet', 'invalid-wallet',
  'wrong-currency', 'receive-disabled', 'unresolved-ln-address',
] as const;
export type ConnectionRefusalCode = (typeof connectionRefusalCodes)[number];

export class ConnectionRefusal extends Error {
  override readonly name = 'ConnectionRefusal';
  constructor(readonly code: ConnectionRefusalCode, message: string) {
    super(message);
  }
}

export function decideConnection(
  connection: BlinkConnection,
  facts: ConnectionFacts,
  options: ConnectionPolicyOptions,
): AcceptedConnection | ConnectionRefusal {
  if (facts.keyValid === false) return new ConnectionRefusal('invalid-key', refusalMessages.invalidKey);
  const expected = expectedNetworkFor(connection.server);
  if (expected !== undefined && facts.network !== expected) {
    return new ConnectionRefusal('wrong-network', refusalMessages.wrongNetwork(btcpayNetworkName(facts.network), btcpayNetworkName(expected)));
  }
  const access = accessOf(connection, facts, options);
  if (access instanceof ConnectionRefusal) return access;
  // Before the wallet: a wound-down account cannot even be probed for its wallet's currency.
  if (facts.receiveDisabled === true) return new ConnectionRefusal('receive-disabled', refusalMessages.receiveDisabled);
  const wallet = checkWallet(connection, facts);
  if (wallet instanceof ConnectionRefusal) return wallet;
  const { scopes, scopesSource } = scopesOf(facts);
  return {
    access,
    walletId: wallet.id,
    walletCurrency: wallet.currency,
    scopes,
    scopesSource,
    network: facts.network,
    notes: connectionNotes({ connection, facts, access, walletId: wallet.id, walletCurrency: wallet.currency }),
  };
}

function scopesOf(facts: ConnectionFacts): Pick<AcceptedConnection, 'scopes' | 'scopesSource'> {
  switch (facts.scopes.kind) {
    case 'known': return { scopes: facts.scopes.scopes, scopesSource: 'reported' };
    case 'probed': return { scopes: facts.scopes.established, scopesSource: 'probed' };
    case 'not-applicable': return { scopes: [], scopesSource: 'none' };
  }
}

function accessOf(
  connection: BlinkConnection,
  facts: ConnectionFacts,
  options: ConnectionPolicyOptions,
): ConnectionAccess | ConnectionRefusal {
  if (connection.mode !== 'api-key') return 'keyless';
  const { scopes } = scopesOf(facts);
  const canRead = facts.scopes.kind === 'known' && scopes.includes('READ');
  if (scopes.includes('WRITE')) {
    return options.allowWriteScope ? 'write' : new ConnectionRefusal('write-scope', refusalMessages.writeScope);
  }
  if (!scopes.includes('RECEIVE')) {
    if (canRead) return new ConnectionRefusal('cannot-receive', refusalMessages.readOnly);
    // Without Read, Receive is proven on a wallet: with no wallet-id there was nothing to try.
    if (connection.walletId === undefined) return new ConnectionRefusal('no-default-wallet', refusalMessages.noDefaultWalletReceiveOnly);
    return new ConnectionRefusal('cannot-receive', refusalMessages.cannotReceive(connection.walletId));
  }
  return canRead ? 'read-receive' : 'receive-only';
}

function checkWallet(connection: BlinkConnection, facts: ConnectionFacts): NonNullable<ConnectionFacts['wallet']> | ConnectionRefusal {
  const wallet = facts.wallet;
  if (connection.mode === 'ln-address') {
    return wallet ?? new ConnectionRefusal('unresolved-ln-address', refusalMessages.unresolvedLnAddress(connection.lnAddress));
  }
  if (wallet === null) {
    if (connection.walletId !== undefined) return new ConnectionRefusal('invalid-wallet', refusalMessages.invalidWallet);
    return new ConnectionRefusal('no-default-wallet', facts.scopes.kind === 'probed'
      ? refusalMessages.noDefaultWalletReceiveOnly
      : refusalMessages.noDefaultWallet);
  }
  if (wallet.ownedByKeyAccount === false) return new ConnectionRefusal('invalid-wallet', refusalMessages.invalidWallet);
  if (connection.walletId !== undefined && wallet.id !== connection.walletId) {
    // The verifier answered about another wallet than the one asked for: a bug, never accept it.
    return new ConnectionRefusal('invalid-wallet', refusalMessages.invalidWallet);
  }
  if (connection.currency !== undefined && connection.currency !== wallet.currency) {
    return new ConnectionRefusal('wrong-currency', refusalMessages.wrongCurrency(wallet.currency));
  }
  return wallet;
}
