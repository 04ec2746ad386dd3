import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { parsePermission } from '../../../../src/domain/permissions';
import { parseStoreId, storeIdFromBytes } from '../../../../src/domain/store/store-id';

describe('store ids', () => {
  it('looks like a BTCPay store id and can be named in a store-scoped permission', () => {
    fc.assert(fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), (bytes) => {
      const id = storeIdFromBytes(bytes);
      expect(id).toMatch(/^[1-9A-HJ-NP-Za-km-z]{32,44}$/);
      expect(parseStoreId(id)).toBe(id);
      expect(parsePermission(`btcpay.store.canviewstoresettings:${id}`)).toEqual({ policy: 'btcpay.store.canviewstoresettings', storeId: id });
    }));
    expect(storeIdFromBytes(randomBytes(32))).not.toBe(storeIdFromBytes(randomBytes(32)));
  });

  it('refuses ids no store can have', () => {
    for (const bad of ['', 'a b', 'x'.repeat(65), '../etc', 'id;drop']) expect(parseStoreId(bad)).toBeNull();
  });

  it('needs exactly 32 bytes', () => {
    expect(() => storeIdFromBytes(new Uint8Array(16))).toThrow();
  });
});
