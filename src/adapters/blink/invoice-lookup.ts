import { BlinkError, type BlinkInvoice } from '../../app/blink-port';
import type { WalletId } from '../../../connection-string/types';
import { walletInvoicesDocument } from './documents';
import { callBlink, readField, type BlinkEndpoint, type CallDeps } from './graphql-call';
import { toBlinkInvoice } from './invoice-mapping';
import { walletInvoicesSchema } from './schemas';

/** Blink's page size limit (1–100). */
const PAGE_SIZE = 100;
/**
 * How far back to look. The invoice we are recovering was created moments ago, so it is on the first
 * page (newest first) unless the wallet received hundreds of invoices since.
 */
const MAX_PAGES = 5;

/**
 * Blink has no lookup by external id (reference §6.8, §9), so this pages through the wallet's
 * invoices, newest first. `null` when not found within `MAX_PAGES`; a `BlinkError` when the key
 * cannot read (`blink-missing-scope`) or Blink failed.
 */
export async function findInvoiceByExternalId(
  deps: CallDeps,
  endpoint: BlinkEndpoint,
  walletId: WalletId,
  externalId: string,
): Promise<BlinkInvoice | BlinkError | null> {
  let after: string | undefined;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const request = {
      operationName: 'WalletInvoices',
      query: walletInvoicesDocument,
      variables: { walletIds: [walletId], first: PAGE_SIZE, ...(after ? { after } : {}) },
    };
    const me = await callBlink(deps, endpoint, request,
      (envelope) => readField(envelope, 'me', walletInvoicesSchema, endpoint.apiKey), { retry: true });
    if (me instanceof BlinkError) return me;
    const connection = me.defaultAccount.invoices;
    const match = connection?.edges?.find((edge) => edge.node.externalId === externalId);
    if (match) return toBlinkInvoice(match.node);
    if (!connection?.pageInfo.hasNextPage || !connection.pageInfo.endCursor) return null;
    after = connection.pageInfo.endCursor;
  }
  return null;
}
