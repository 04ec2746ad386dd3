import { createHash } from 'node:crypto';
import type { LoadedStoreConnection } from '../stores/store-connection';

/**
 * Which Blink account an invoice creation counts against, as an opaque hash (the key never leaves
 * in clear). Blink limits keyed creations per caller account and `*OnBehalfOfRecipient` ones per
 * recipient account. The gateway does not know account ids: one API key is one account (two keys of
 * one account count separately), and a keyless wallet is its own account.
 */
export function blinkAccountRef({ connection, stored }: LoadedStoreConnection): string {
  const who = connection.mode === 'api-key' ? `key\n${connection.apiKey}` : `wallet\n${stored.walletId}`;
  return createHash('sha256').update(`${connection.server}\n${who}`).digest('hex').slice(0, 32);
}
