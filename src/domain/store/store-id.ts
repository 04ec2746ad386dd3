/**
 * Store ids look like BTCPay's: 32 random bytes in base58 (about 44 characters, no look-alike
 * characters). The randomness comes from the caller (an adapter), so this module stays pure.
 */
declare const storeIdBrand: unique symbol;
export type StoreId = string & { readonly [storeIdBrand]: 'StoreId' };

const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
export const STORE_ID_BYTES = 32;

/** Bitcoin's base58 (leading zero bytes become '1'). */
export function base58(bytes: Uint8Array): string {
  const digits: number[] = [];
  for (const byte of bytes) {
    let carry = byte;
    for (let i = 0; i < digits.length; i += 1) {
      carry += (digits[i] as number) * 256;
      digits[i] = carry % 58;
      carry = Math.floor(carry / 58);
    }
    while (carry > 0) {
      digits.push(carry % 58);
      carry = Math.floor(carry / 58);
    }
  }
  let leadingZeros = 0;
  while (leadingZeros < bytes.length && bytes[leadingZeros] === 0) leadingZeros += 1;
  return '1'.repeat(leadingZeros) + digits.reverse().map((digit) => BASE58[digit]).join('');
}

export function storeIdFromBytes(bytes: Uint8Array): StoreId {
  if (bytes.length !== STORE_ID_BYTES) throw new Error(`a store id needs ${STORE_ID_BYTES} random bytes`);
  return base58(bytes) as StoreId;
}

/**
 * Any id a permission may name (`policy:storeId`) is looked up; the rest cannot exist. BTCPay's own
 * ids are base58, but stores imported or named by hand may use the wider set permissions allow.
 */
const STORE_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export function parseStoreId(text: string): StoreId | null {
  return STORE_ID_PATTERN.test(text) ? (text as StoreId) : null;
}
