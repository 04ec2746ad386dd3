import type { WalletId } from '../../../../connection-string/types';
import type { StoreRepository, StoredStoreConnection } from '../../../../src/app/ports';
import { StoredConnectionUnreadableError } from '../../../../src/app/stores/errors';
import { storeConnectionContext } from '../../../../src/app/stores/register-store-connection';
import { createOpenedConnections, loadStoreConnection } from '../../../../src/app/stores/store-connection';
import type { StoreId } from '../../../../src/domain/store/store-id';
import { countingSealer } from '../../../support/counting-sealer';

const now = new Date('2026-01-01T00:00:00Z');
const connectionText = (key: string) => `type=blink;server=https://api.blink.sv/graphql;api-key=${key};wallet-id=wallet-1`;

/** A repository whose stores' sealed connections the test sets. */
function stores(sealed: Map<StoreId, string>): StoreRepository {
  const connectionOf = (storeId: StoreId): StoredStoreConnection | null => {
    const sealedConnection = sealed.get(storeId);
    return sealedConnection === undefined ? null : {
      storeId, enabled: true, mode: 'api-key', access: 'read-receive', server: 'https://api.blink.sv/graphql', sealedConnection,
      redactedConnection: '', walletId: 'wallet-1' as WalletId, walletCurrency: 'BTC', scopes: ['READ', 'RECEIVE'],
      scopesSource: 'reported', network: 'mainnet', notes: [], warnings: [], verifiedAt: now, updatedAt: now,
    };
  };
  const unused = async () => { throw new Error('not used by this test'); };
  return {
    insert: unused, findById: unused, list: unused, update: unused, delete: unused, saveConnection: unused, deleteConnection: unused,
    findWithConnection: unused, findConnection: async (storeId) => connectionOf(storeId),
  };
}

const apiKeyOf = (loaded: Awaited<ReturnType<typeof loadStoreConnection>>) => {
  if (loaded instanceof Error) throw loaded;
  return loaded.connection.mode === 'api-key' ? loaded.connection.apiKey : undefined;
};

describe('loadStoreConnection with opened connections', () => {
  const storeA = 'store-a' as StoreId;
  const storeB = 'store-b' as StoreId;

  it('decrypts and parses a stored connection once, then serves it from memory', async () => {
    const sealer = countingSealer();
    const sealed = new Map([[storeA, sealer.seal(connectionText('blink_first'), storeConnectionContext(storeA))]]);
    const deps = { stores: stores(sealed), sealer, openedConnections: createOpenedConnections() };
    expect(apiKeyOf(await loadStoreConnection(deps, storeA))).toBe('blink_first');
    expect(apiKeyOf(await loadStoreConnection(deps, storeA))).toBe('blink_first');
    expect(sealer.opens).toBe(1);
  });

  it('opens a replaced connection afresh: the new sealed text is a new entry, never the old key', async () => {
    const sealer = countingSealer();
    const sealed = new Map([[storeA, sealer.seal(connectionText('blink_first'), storeConnectionContext(storeA))]]);
    const deps = { stores: stores(sealed), sealer, openedConnections: createOpenedConnections() };
    await loadStoreConnection(deps, storeA);
    // The same text sealed again (a merchant re-saving the same connection) is a new sealed text too.
    sealed.set(storeA, sealer.seal(connectionText('blink_second'), storeConnectionContext(storeA)));
    expect(apiKeyOf(await loadStoreConnection(deps, storeA))).toBe('blink_second');
    expect(sealer.opens).toBe(2);
  });

  it("never serves one store's cached connection for another store holding a copy of its sealed text", async () => {
    const sealer = countingSealer();
    const copied = sealer.seal(connectionText('blink_first'), storeConnectionContext(storeA));
    const deps = { stores: stores(new Map([[storeA, copied], [storeB, copied]])), sealer, openedConnections: createOpenedConnections() };
    await loadStoreConnection(deps, storeA);
    // Sealed under store A's context: store B's decryption must fail its authentication check.
    expect(await loadStoreConnection(deps, storeB)).toBeInstanceOf(StoredConnectionUnreadableError);
  });

  it('caches nothing that failed to open', async () => {
    const sealer = countingSealer();
    const deps = { stores: stores(new Map([[storeA, 'v1.not.a.sealed.value']])), sealer, openedConnections: createOpenedConnections() };
    expect(await loadStoreConnection(deps, storeA)).toBeInstanceOf(StoredConnectionUnreadableError);
    expect(await loadStoreConnection(deps, storeA)).toBeInstanceOf(StoredConnectionUnreadableError);
    expect(sealer.opens).toBe(2);
  });
});
