/**
 * Store ids look like BTCPay's: 32 random bytes in base58 (about 44 characters, no look-alike
 * characters). The brand and encoding live in `../ids`; this module keeps the store's own vocabulary
 * (a `null` for an id no store can have, which permissions and routes answer with 404).
 */
import { InvalidIdError, newStoreId, parseStoreId as parseStoreIdOrError, type StoreId } from '../ids';

export type { StoreId };
export const STORE_ID_BYTES = 32;

/** The randomness comes from the caller (an adapter), so this module stays pure. */
export const storeIdFromBytes = (bytes: Uint8Array): StoreId => newStoreId(bytes);

export function parseStoreId(text: string): StoreId | null {
  const parsed = parseStoreIdOrError(text);
  return parsed instanceof InvalidIdError ? null : parsed;
}
