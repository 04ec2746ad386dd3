import { randomBytes } from 'node:crypto';
import { STORE_ID_BYTES, storeIdFromBytes, type StoreId } from '../../domain/store/store-id';

/** A new BTCPay-like store id from the system's CSPRNG. */
export const newStoreId = (): StoreId => storeIdFromBytes(randomBytes(STORE_ID_BYTES));
