import { cacheApiKeys } from '../../../../src/app/api-keys/api-key-cache';
import { authenticateApiKey, knownPrincipal } from '../../../../src/app/api-keys/authenticate';
import { UnauthenticatedError } from '../../../../src/app/api-keys/errors';
import { hashApiKey } from '../../../../src/app/api-keys/key-material';
import type { ApiKeyHash, ApiKeyRepository, StoredApiKey } from '../../../../src/app/ports';

/** An in-memory table that counts reads and can hold a read until the test lets it finish. */
function table() {
  const rows = new Map<ApiKeyHash, StoredApiKey>();
  let reads = 0;
  let held: { release: () => void } | undefined;
  const repository: ApiKeyRepository = {
    insert: async (key) => { rows.set(key.hash, key); },
    async findByHash(hash) {
      reads += 1;
      const row = rows.get(hash) ?? null; // read now, answered later: a query that ran before a delete
      if (held !== undefined) await new Promise<void>((resolve) => { held = { release: resolve }; });
      return row;
    },
    deleteByHash: async (hash) => rows.delete(hash),
  };
  return {
    repository, rows,
    reads: () => reads,
    holdNextRead: () => { held = { release: () => undefined }; },
    release: () => { const current = held; held = undefined; current?.release(); },
  };
}

const KEY = 'bgk_test-key';
const stored = (key = KEY): StoredApiKey => ({
  hash: hashApiKey(key), label: 'shop', permissions: ['btcpay.store.cancreateinvoice:S1'], createdAt: new Date(0),
});

function setUp(ttlMs = 5_000, maxEntries?: number) {
  const db = table();
  let now = 1_000_000;
  const cache = cacheApiKeys(db.repository, { clock: { now: () => new Date(now) }, ttlMs, ...(maxEntries === undefined ? {} : { maxEntries }) });
  return { db, cache, advance: (ms: number) => { now += ms; } };
}

it('reads a key once, then serves it from memory until the TTL is over', async () => {
  const { db, cache, advance } = setUp(5_000);
  await db.repository.insert(stored());
  expect(cache.peek(hashApiKey(KEY))).toBeUndefined();
  expect(await cache.findByHash(hashApiKey(KEY))).toEqual(stored());
  expect(await cache.findByHash(hashApiKey(KEY))).toEqual(stored());
  expect(cache.peek(hashApiKey(KEY))).toEqual(stored());
  expect(db.reads()).toBe(1);
  advance(4_999);
  await cache.findByHash(hashApiKey(KEY));
  expect(db.reads()).toBe(1);
  advance(1);
  expect(cache.peek(hashApiKey(KEY))).toBeUndefined();
  await cache.findByHash(hashApiKey(KEY));
  expect(db.reads()).toBe(2);
});

it('a key revoked through this process stops authenticating at once', async () => {
  const { db, cache } = setUp();
  await cache.insert(stored());
  const deps = { apiKeys: cache };
  expect(await authenticateApiKey(deps, KEY)).toMatchObject({ source: 'stored', label: 'shop' });
  expect(knownPrincipal(deps, KEY)).toMatchObject({ source: 'stored', label: 'shop' });
  expect(await cache.deleteByHash(hashApiKey(KEY))).toBe(true);
  expect(knownPrincipal(deps, KEY)).toBeUndefined();
  expect(await authenticateApiKey(deps, KEY)).toBeInstanceOf(UnauthenticatedError);
  expect(db.rows.size).toBe(0);
});

it('a key revoked by another process stops authenticating within the TTL', async () => {
  const { db, cache, advance } = setUp(5_000);
  await db.repository.insert(stored());
  const deps = { apiKeys: cache };
  expect(await authenticateApiKey(deps, KEY)).not.toBeInstanceOf(UnauthenticatedError);
  db.rows.clear(); // another API process or the CLI revoked it
  advance(5_000);
  expect(await authenticateApiKey(deps, KEY)).toBeInstanceOf(UnauthenticatedError);
});

it('a read in flight across a revocation does not put the revoked key back', async () => {
  const { db, cache } = setUp();
  await db.repository.insert(stored());
  db.holdNextRead();
  const inFlight = cache.findByHash(hashApiKey(KEY)); // read the row before the delete
  await cache.deleteByHash(hashApiKey(KEY));
  db.release();
  expect(await inFlight).toEqual(stored()); // that request was already on its way
  expect(cache.peek(hashApiKey(KEY))).toBeUndefined();
  expect(await cache.findByHash(hashApiKey(KEY))).toBeNull();
});

it('never caches an unknown key, so a key created elsewhere works at once', async () => {
  const { db, cache } = setUp();
  expect(await cache.findByHash(hashApiKey(KEY))).toBeNull();
  await db.repository.insert(stored()); // created through another process
  expect(await cache.findByHash(hashApiKey(KEY))).toEqual(stored());
});

it('keeps at most maxEntries keys, dropping the least recently read', async () => {
  const { db, cache } = setUp(60_000, 2);
  for (const key of ['a', 'b', 'c']) await db.repository.insert(stored(key));
  await cache.findByHash(hashApiKey('a'));
  await cache.findByHash(hashApiKey('b'));
  await cache.findByHash(hashApiKey('a'));
  await cache.findByHash(hashApiKey('c'));
  expect(cache.peek(hashApiKey('a'))).toBeDefined();
  expect(cache.peek(hashApiKey('b'))).toBeUndefined();
  expect(cache.peek(hashApiKey('c'))).toBeDefined();
});

it('knows the admin key without any read', () => {
  const { db, cache } = setUp();
  const principal = knownPrincipal({ apiKeys: cache, adminKeyHash: hashApiKey('bgk_admin') }, 'bgk_admin');
  expect(principal).toMatchObject({ source: 'environment', permissions: [{ policy: 'unrestricted' }] });
  expect(db.reads()).toBe(0);
});
