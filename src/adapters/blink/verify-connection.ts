import {
  BlinkError, type BlinkNetwork, type BlinkScope, type ConnectionVerification,
} from '../../app/blink-port';
import type {
  ApiKeyConnection, BlinkConnection, BlinkWalletCurrency, KeylessConnection, LnAddressConnection, WalletId,
} from '../../../connection-string/types';
import { protocolError } from './errors';
import { endpointOf, type BlinkEndpoint, type CallDeps } from './graphql-call';
import {
  fetchAccountDefaultWallet, fetchAccountWallets, fetchAuthorization, fetchGlobals, fetchWindDown,
  probeBtcInvoice, probeOnChainAddressCurrent,
} from './queries';

type Verification = ConnectionVerification;
type Wallet = Verification['wallet'];
const UNSUPPORTED_CURRENCY = /unsupported operation for wallet's currency/i;

/**
 * What Blink says about a connection, gathered with as few and as harmless calls as possible. It
 * decides nothing. A `BlinkError` only when Blink could not be asked (unreachable, rate limited,
 * protocol error); an invalid key is a finding (`keyValid: false`), not an error.
 */
export async function verifyConnection(deps: CallDeps, connection: BlinkConnection): Promise<Verification | BlinkError> {
  // `globals` needs no key, and a bad key would turn it into a 401: ask anonymously.
  const globals = await fetchGlobals(deps, { ...endpointOf(connection), apiKey: undefined });
  if (globals instanceof BlinkError) return globals;
  if (!globals) return protocolError('globals is null', undefined);
  const network: BlinkNetwork = globals.network;
  switch (connection.mode) {
    case 'api-key': return verifyApiKey(deps, connection, network);
    case 'keyless': return verifyKeyless(deps, connection, network);
    case 'ln-address': return verifyLnAddress(deps, connection, network);
  }
}

async function verifyApiKey(deps: CallDeps, connection: ApiKeyConnection, network: BlinkNetwork): Promise<Verification | BlinkError> {
  const endpoint = endpointOf(connection);
  const authorization = await fetchAuthorization(deps, endpoint);
  if (authorization instanceof BlinkError) {
    if (authorization.code === 'blink-invalid-key') {
      return { keyValid: false, scopes: { kind: 'probed', established: [] }, wallet: null, network, receiveDisabled: 'unknown' };
    }
    if (authorization.code !== 'blink-missing-scope') return authorization;
    return verifyByProbing(deps, endpoint, connection, network);
  }
  const [account, windDown] = await Promise.all([fetchAccountWallets(deps, endpoint), fetchWindDown(deps, endpoint)]);
  if (account instanceof BlinkError) return account;
  const wantedId = connection.walletId ?? account.defaultAccount.defaultWallet.id;
  const owned = account.defaultAccount.wallets.find((wallet) => wallet.id === wantedId);
  return {
    keyValid: true,
    scopes: { kind: 'known', scopes: authorization.scopes },
    wallet: owned ? { id: owned.id as WalletId, currency: owned.walletCurrency, ownedByKeyAccount: true } : null,
    network,
    // Older deployments have no `windDown` field: then nothing is known.
    receiveDisabled: windDown instanceof BlinkError ? 'unknown'
      : windDown !== null && windDown.status !== 'PRE_CUTOFF',
  };
}

/**
 * A key without READ: `onChainAddressCurrent` proves the Receive scope, the wallet's ownership and
 * that receiving is allowed, and creates nothing when the wallet already has an address (reference
 * §6.6); a 1-sat invoice that expires in a minute then tells the wallet's currency.
 */
async function verifyByProbing(
  deps: CallDeps, endpoint: BlinkEndpoint, connection: ApiKeyConnection, network: BlinkNetwork,
): Promise<Verification | BlinkError> {
  const base = { keyValid: true, network } as const;
  const nothing: Verification = { ...base, scopes: { kind: 'probed', established: [] }, wallet: null, receiveDisabled: 'unknown' };
  if (!connection.walletId) return nothing;
  const address = await probeOnChainAddressCurrent(deps, endpoint, connection.walletId);
  const receiveDisabled = address instanceof BlinkError && address.code === 'blink-receive-disabled';
  if (address instanceof BlinkError && !receiveDisabled) {
    return address.code === 'blink-missing-scope' || address.code === 'blink-invalid-input' ? nothing : address;
  }
  const established: readonly BlinkScope[] = ['RECEIVE'];
  const currency = receiveDisabled ? connection.currency : await probeCurrency(deps, endpoint, connection.walletId);
  if (currency instanceof BlinkError) return currency;
  const wallet: Wallet = currency ? { id: connection.walletId, currency, ownedByKeyAccount: true } : null;
  return { ...base, scopes: { kind: 'probed', established }, wallet, receiveDisabled };
}

/** No key: `*OnBehalfOfRecipient` needs none, so the currency probe also proves the wallet exists. */
async function verifyKeyless(deps: CallDeps, connection: KeylessConnection, network: BlinkNetwork): Promise<Verification | BlinkError> {
  const endpoint = endpointOf(connection);
  const probe = await probeBtcInvoice(deps, endpoint, connection.walletId);
  const notApplicable = { keyValid: 'not-applicable', scopes: { kind: 'not-applicable' }, network } as const;
  if (probe instanceof BlinkError && probe.code === 'blink-receive-disabled') {
    const wallet: Wallet = connection.currency
      ? { id: connection.walletId, currency: connection.currency, ownedByKeyAccount: 'unknown' } : null;
    return { ...notApplicable, wallet, receiveDisabled: true };
  }
  const currency = currencyFromProbe(probe);
  if (currency instanceof BlinkError) return currency;
  const wallet: Wallet = currency ? { id: connection.walletId, currency, ownedByKeyAccount: 'unknown' } : null;
  return { ...notApplicable, wallet, receiveDisabled: currency ? false : 'unknown' };
}

/** `user@domain`: the account's default wallet by username (Blink's public lookup). */
async function verifyLnAddress(deps: CallDeps, connection: LnAddressConnection, network: BlinkNetwork): Promise<Verification | BlinkError> {
  const username = connection.lnAddress.split('@')[0] ?? '';
  const wallet = await fetchAccountDefaultWallet(deps, endpointOf(connection), username);
  if (wallet instanceof BlinkError && wallet.code !== 'blink-invalid-input') return wallet;
  return {
    keyValid: 'not-applicable',
    scopes: { kind: 'not-applicable' },
    wallet: wallet instanceof BlinkError ? null
      : { id: wallet.id as WalletId, currency: wallet.currency, ownedByKeyAccount: 'unknown' },
    network,
    receiveDisabled: 'unknown',
  };
}

async function probeCurrency(deps: CallDeps, endpoint: BlinkEndpoint, walletId: WalletId): Promise<BlinkWalletCurrency | null | BlinkError> {
  return currencyFromProbe(await probeBtcInvoice(deps, endpoint, walletId));
}

/** BTC when the 1-sat invoice was created, USD when Blink refused it for the currency, else unknown. */
function currencyFromProbe(probe: unknown): BlinkWalletCurrency | null | BlinkError {
  if (!(probe instanceof BlinkError)) return 'BTC';
  if (probe.code === 'blink-invalid-input') return UNSUPPORTED_CURRENCY.test(probe.message) ? 'USD' : null;
  return probe.code === 'blink-unavailable' || probe.code === 'blink-protocol-error' || probe.code === 'blink-rate-limited'
    ? probe : null;
}
