import type { Principal } from './authenticate';

/**
 * `GET /api/v1/api-keys/current` in Greenfield's `ApiKeyData` shape. `apiKey` is null: the key is
 * shown once, at creation (shops read only `permissions` here).
 */
export interface ApiKeyView {
  readonly apiKey: null;
  readonly label: string;
  readonly permissions: readonly string[];
}

export function describeCurrentApiKey(principal: Principal): ApiKeyView {
  return { apiKey: null, label: principal.label, permissions: principal.grantedPermissions };
}
