import { formatPermission, parsePermission, ungrantedPermissions, type Permission } from '../../domain/permissions';
import type { ApiKeyRepository } from '../ports';
import type { Principal } from './authenticate';
import { ApiKeyNotFoundError, ApiKeyNotRevocableError, MissingPermissionError } from './errors';
import { hashApiKey } from './key-material';

export interface RevokeApiKeyDeps {
  readonly apiKeys: ApiKeyRepository;
}

/** `DELETE /api/v1/api-keys/current`: the caller revokes its own key. */
export async function revokeCurrentApiKey(
  deps: RevokeApiKeyDeps,
  principal: Principal,
): Promise<void | ApiKeyNotFoundError | ApiKeyNotRevocableError> {
  if (principal.source === 'environment') return new ApiKeyNotRevocableError();
  const deleted = await deps.apiKeys.deleteByHash(principal.keyHash);
  return deleted ? undefined : new ApiKeyNotFoundError();
}

/**
 * `DELETE /api/v1/api-keys/{apikey}`: revokes the key given (Greenfield names keys by the key
 * itself). The caller must grant every permission the target key has: whoever could have created
 * the key may revoke it.
 */
export async function revokeApiKey(
  deps: RevokeApiKeyDeps,
  principal: Principal,
  key: string,
): Promise<void | ApiKeyNotFoundError | ApiKeyNotRevocableError | MissingPermissionError> {
  const hash = hashApiKey(key);
  if (principal.source === 'environment' && principal.keyHash === hash) return new ApiKeyNotRevocableError();
  const target = await deps.apiKeys.findByHash(hash);
  if (target === null) return new ApiKeyNotFoundError();
  const targetPermissions = target.permissions
    .map(parsePermission)
    .filter((p): p is Permission => !(p instanceof Error));
  const [missing] = ungrantedPermissions(principal.permissions, targetPermissions);
  if (missing !== undefined) return new MissingPermissionError(formatPermission(missing));
  const deleted = await deps.apiKeys.deleteByHash(hash);
  return deleted ? undefined : new ApiKeyNotFoundError();
}
