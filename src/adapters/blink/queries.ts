import type { z } from 'zod';
import type { BlinkConversion, BlinkError } from '../../app/blink-port';
import type { WalletId } from '../../../connection-string/types';
import {
  accountDefaultWalletDocument, accountWalletsDocument, authorizationDocument, currencyConversionDocument,
  globalsDocument, invoiceMutationDocuments, onChainAddressCurrentDocument, windDownDocument,
} from './documents';
import { callBlink, readField, readPayload, type BlinkEndpoint, type CallDeps } from './graphql-call';
import {
  accountWalletsSchema, addressPayloadSchema, authorizationSchema, conversionSchema, globalsSchema,
  invoicePayloadSchema, publicWalletSchema, windDownSchema,
} from './schemas';

/** The small single-field operations. Queries retry on unavailability; mutations never do here. */

function query<S extends z.ZodType>(
  deps: CallDeps, endpoint: BlinkEndpoint, operationName: string, document: string, field: string, schema: S,
  variables?: Record<string, unknown>,
): Promise<z.infer<S> | BlinkError> {
  return callBlink(deps, endpoint, { operationName, query: document, variables },
    (envelope) => readField(envelope, field, schema, endpoint.apiKey), { retry: true });
}

export const fetchAuthorization = (deps: CallDeps, endpoint: BlinkEndpoint) =>
  query(deps, endpoint, 'Authorization', authorizationDocument, 'authorization', authorizationSchema);

export const fetchAccountWallets = (deps: CallDeps, endpoint: BlinkEndpoint) =>
  query(deps, endpoint, 'AccountWallets', accountWalletsDocument, 'me', accountWalletsSchema);

export const fetchGlobals = (deps: CallDeps, endpoint: BlinkEndpoint) =>
  query(deps, endpoint, 'Globals', globalsDocument, 'globals', globalsSchema);

export const fetchWindDown = (deps: CallDeps, endpoint: BlinkEndpoint) =>
  query(deps, endpoint, 'WindDown', windDownDocument, 'windDown', windDownSchema);

export const fetchAccountDefaultWallet = (deps: CallDeps, endpoint: BlinkEndpoint, username: string) =>
  query(deps, endpoint, 'AccountDefaultWallet', accountDefaultWalletDocument, 'accountDefaultWallet',
    publicWalletSchema, { username });

export async function fetchConversion(
  deps: CallDeps, endpoint: BlinkEndpoint, amount: number, currency: string,
): Promise<BlinkConversion | BlinkError> {
  const estimate = await query(deps, endpoint, 'CurrencyConversionEstimation', currencyConversionDocument,
    'currencyConversionEstimation', conversionSchema, { amount, currency });
  return 'btcSatAmount' in estimate ? { sats: estimate.btcSatAmount, cents: estimate.usdCentAmount } : estimate;
}

/** Receive probe: returns the wallet's current on-chain address, creating one only if it has none. */
export function probeOnChainAddressCurrent(deps: CallDeps, endpoint: BlinkEndpoint, walletId: WalletId) {
  return callBlink(deps, endpoint,
    { operationName: 'OnChainAddressCurrent', query: onChainAddressCurrentDocument, variables: { input: { walletId } } },
    (envelope) => readPayload(envelope, 'onChainAddressCurrent', addressPayloadSchema, endpoint.apiKey), { retry: false });
}

/**
 * Currency probe: a 1-sat invoice that expires after a minute. Blink accepts it only on a BTC wallet
 * and answers `Unsupported operation for wallet's currency.` on a USD wallet.
 */
export function probeBtcInvoice(deps: CallDeps, endpoint: BlinkEndpoint, walletId: WalletId) {
  const keyed = endpoint.apiKey !== undefined;
  const field = keyed ? 'lnInvoiceCreate' : 'lnInvoiceCreateOnBehalfOfRecipient';
  const input = { ...(keyed ? { walletId } : { recipientWalletId: walletId }), amount: 1, expiresIn: 1,
    memo: 'blink-gateway connection check' };
  return callBlink(deps, endpoint,
    { operationName: keyed ? 'LnInvoiceCreate' : 'LnInvoiceCreateOnBehalfOfRecipient',
      query: invoiceMutationDocuments[field], variables: { input } },
    (envelope) => readPayload(envelope, field, invoicePayloadSchema, endpoint.apiKey), { retry: false });
}
