import { authenticateApiKey, type Principal } from '../../../../src/app/api-keys/authenticate';
import { createApiKey } from '../../../../src/app/api-keys/create-api-key';
import { describeCurrentApiKey } from '../../../../src/app/api-keys/current-api-key';
import {
  ApiKeyNotFoundError, ApiKeyNotRevocableError, MissingPermissionError, UnauthenticatedError,
} from '../../../../src/app/api-keys/errors';
import { generateApiKey, hashApiKey } from '../../../../src/app/api-keys/key-material';
import { revokeApiKey, revokeCurrentApiKey } from '../../../../src/app/api-keys/revoke-api-key';
import { ValidationError } from '../../../../src/app/errors';
import type { ApiKeyHash, ApiKeyRepository, StoredApiKey } from '../../../../src/app/ports';

/** The port, kept in a Map: the use cases' rules are what is under test here. */
function memoryRepository(): ApiKeyRepository & { rows: Map<ApiKeyHash, StoredApiKey> } {
  const rows = new Map<ApiKeyHash, StoredApiKey>();
  return {
    rows,
    insert: async (key) => { rows.set(key.hash, key); },
    findByHash: async (hash) => rows.get(hash) ?? null,
    deleteByHash: async (hash) => rows.delete(hash),
  };
}

const adminKey = 'an-admin-key-from-the-environment-0123456789';
const clock = { now: () => new Date('2026-01-02T03:04:05Z') };

async function principalFor(repo: ApiKeyRepository, key: string): Promise<Principal> {
  const principal = await authenticateApiKey({ apiKeys: repo, adminKeyHash: hashApiKey(adminKey) }, key);
  if (principal instanceof Error) throw principal;
  return principal;
}

describe('key material', () => {
  it('makes 256-bit keys of [A-Za-z0-9_-] with the bgk_ prefix, all different', () => {
    const keys = new Set(Array.from({ length: 200 }, generateApiKey));
    expect(keys.size).toBe(200);
    for (const key of keys) expect(key).toMatch(/^bgk_[A-Za-z0-9_-]{43}$/);
  });

  it('hashes with SHA-256', () => {
    expect(hashApiKey('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});

describe('API key use cases', () => {
  it('authenticates ADMIN_API_KEY as unrestricted and refuses unknown keys', async () => {
    const repo = memoryRepository();
    const admin = await principalFor(repo, adminKey);
    expect(admin).toMatchObject({ source: 'environment', grantedPermissions: ['unrestricted'] });
    const unknown = await authenticateApiKey({ apiKeys: repo, adminKeyHash: hashApiKey(adminKey) }, `${adminKey}x`);
    expect(unknown).toBeInstanceOf(UnauthenticatedError);
    expect(await authenticateApiKey({ apiKeys: repo }, adminKey)).toBeInstanceOf(UnauthenticatedError);
  });

  it('creates a key stored only as its hash, and authenticates it', async () => {
    const repo = memoryRepository();
    const created = await createApiKey({ apiKeys: repo, clock }, await principalFor(repo, adminKey), {
      label: 'shop', permissions: ['btcpay.store.cancreateinvoice:s1', 'btcpay.store.cancreateinvoice:s1'],
    });
    if (created instanceof Error) throw created;
    expect(created.permissions).toEqual(['btcpay.store.cancreateinvoice:s1']);
    const [row] = [...repo.rows.values()];
    expect(row).toEqual({ hash: hashApiKey(created.apiKey), label: 'shop', permissions: created.permissions, createdAt: clock.now() });
    expect(JSON.stringify(row)).not.toContain(created.apiKey);
    const principal = await principalFor(repo, created.apiKey);
    expect(describeCurrentApiKey(principal)).toEqual({ apiKey: null, label: 'shop', permissions: ['btcpay.store.cancreateinvoice:s1'] });
  });

  it('lets a key hand out only what it holds', async () => {
    const repo = memoryRepository();
    const admin = await principalFor(repo, adminKey);
    const parent = await createApiKey({ apiKeys: repo, clock }, admin, { label: 'p', permissions: ['btcpay.store.canmodifyinvoices:s1'] });
    if (parent instanceof Error) throw parent;
    const holder = await principalFor(repo, parent.apiKey);
    const child = await createApiKey({ apiKeys: repo, clock }, holder, { label: 'c', permissions: ['btcpay.store.cancreateinvoice:s1'] });
    expect(child).not.toBeInstanceOf(Error);
    const refused = await createApiKey({ apiKeys: repo, clock }, holder, {
      label: 'c', permissions: ['btcpay.store.canviewinvoices:s1', 'btcpay.store.canviewinvoices:s2'],
    });
    expect(refused).toBeInstanceOf(MissingPermissionError);
    expect((refused as MissingPermissionError).missingPermission).toBe('btcpay.store.canviewinvoices:s2');
    expect(await createApiKey({ apiKeys: repo, clock }, holder, { label: '', permissions: ['unrestricted'] }))
      .toBeInstanceOf(MissingPermissionError);
  });

  it('reports each invalid permission at its index', async () => {
    const repo = memoryRepository();
    const result = await createApiKey({ apiKeys: repo, clock }, null, {
      label: '', permissions: ['btcpay.store.canviewinvoices', 'nope', 'unrestricted:s1'],
    });
    expect(result).toBeInstanceOf(ValidationError);
    expect((result as ValidationError).problems.map((problem) => problem.path)).toEqual(['permissions[1]', 'permissions[2]']);
    expect(repo.rows.size).toBe(0);
  });

  it('revokes: the current key, a key by value when the caller holds its permissions, never the environment key', async () => {
    const repo = memoryRepository();
    const admin = await principalFor(repo, adminKey);
    const make = async (permissions: string[]) => {
      const created = await createApiKey({ apiKeys: repo, clock }, admin, { label: '', permissions });
      if (created instanceof Error) throw created;
      return created.apiKey;
    };
    const narrow = await make(['btcpay.store.canviewinvoices:s1']);
    const wide = await make(['btcpay.store.canmodifystoresettings:s1']);
    const narrowPrincipal = await principalFor(repo, narrow);
    expect(await revokeApiKey({ apiKeys: repo }, narrowPrincipal, wide)).toBeInstanceOf(MissingPermissionError);
    expect(await revokeApiKey({ apiKeys: repo }, await principalFor(repo, wide), narrow)).toBeUndefined();
    expect(await revokeApiKey({ apiKeys: repo }, admin, narrow)).toBeInstanceOf(ApiKeyNotFoundError);
    expect(await revokeCurrentApiKey({ apiKeys: repo }, await principalFor(repo, wide))).toBeUndefined();
    expect(repo.rows.size).toBe(0);
    expect(await revokeCurrentApiKey({ apiKeys: repo }, admin)).toBeInstanceOf(ApiKeyNotRevocableError);
    expect(await revokeApiKey({ apiKeys: repo }, admin, adminKey)).toBeInstanceOf(ApiKeyNotRevocableError);
  });
});
