import { parsePermission, UNRESTRICTED, type Permission } from '../../domain/permissions';
import type { ApiKeyHash, ApiKeyRepository, StoredApiKey } from '../ports';
import { UnauthenticatedError } from './errors';
import { hashApiKey, sameHash } from './key-material';

/** Who is calling: the key's hash (never the key), its label and what it may do. */
export interface Principal {
  readonly source: 'environment' | 'stored';
  readonly keyHash: ApiKeyHash;
  readonly label: string;
  /** As granted, for `GET /api/v1/api-keys/current`. */
  readonly grantedPermissions: readonly string[];
  readonly permissions: readonly Permission[];
}

export interface AuthenticateDeps {
  readonly apiKeys: ApiKeyRepository;
  /** Hash of `ADMIN_API_KEY`, when set: an unrestricted key that lives only in the environment. */
  readonly adminKeyHash?: ApiKeyHash;
}

export const ADMIN_KEY_LABEL = 'ADMIN_API_KEY (environment)';

export async function authenticateApiKey(
  deps: AuthenticateDeps,
  key: string,
): Promise<Principal | UnauthenticatedError> {
  const keyHash = hashApiKey(key);
  if (isAdminKey(deps, keyHash)) return adminPrincipal(keyHash);
  const stored = await deps.apiKeys.findByHash(keyHash);
  if (stored === null) return new UnauthenticatedError('ApiKey authentication failed: Unknown API Key');
  return storedPrincipal(keyHash, stored);
}

/**
 * The caller's principal when it is known without I/O (the admin key, or a key in the cache of
 * api-key-cache.ts); `undefined` means "ask `authenticateApiKey`", never "unknown key".
 */
export function knownPrincipal(
  deps: { readonly apiKeys: { peek(hash: ApiKeyHash): StoredApiKey | undefined }; readonly adminKeyHash?: ApiKeyHash },
  key: string,
): Principal | undefined {
  const keyHash = hashApiKey(key);
  if (isAdminKey(deps, keyHash)) return adminPrincipal(keyHash);
  const stored = deps.apiKeys.peek(keyHash);
  return stored === undefined ? undefined : storedPrincipal(keyHash, stored);
}

const isAdminKey = (deps: { readonly adminKeyHash?: ApiKeyHash }, keyHash: ApiKeyHash): boolean =>
  deps.adminKeyHash !== undefined && sameHash(keyHash, deps.adminKeyHash);

const adminPrincipal = (keyHash: ApiKeyHash): Principal => ({
  source: 'environment',
  keyHash,
  label: ADMIN_KEY_LABEL,
  grantedPermissions: [UNRESTRICTED],
  permissions: [{ policy: UNRESTRICTED }],
});

const storedPrincipal = (keyHash: ApiKeyHash, stored: StoredApiKey): Principal => ({
  source: 'stored',
  keyHash,
  label: stored.label,
  grantedPermissions: stored.permissions,
  // A permission a later version no longer knows grants nothing rather than failing the key.
  permissions: stored.permissions.map(parsePermission).filter((p): p is Permission => !(p instanceof Error)),
});
