/**
 * Greenfield permission strings: `policy` (every store) or `policy:storeId` (one store), as BTCPay
 * writes them in API keys and as shops (WooCommerce, Magento) read them back from
 * `GET /api/v1/api-keys/current`.
 */
import { isPolicy, isStorePolicy, policyIncludes, UNRESTRICTED, type Policy } from './policies';

export interface Permission {
  readonly policy: Policy;
  /** The store the permission is limited to; absent means every store. */
  readonly storeId?: string;
}

export class InvalidPermissionError extends Error {
  override readonly name = 'InvalidPermissionError';
  readonly code = 'invalid-permission';
}

/** Store ids are opaque to this module; they only need to be safe to echo back. */
const STORE_ID = /^[A-Za-z0-9_-]{1,64}$/;

export function parsePermission(text: string): Permission | InvalidPermissionError {
  const separator = text.indexOf(':');
  const policyText = separator === -1 ? text : text.slice(0, separator);
  const storeId = separator === -1 ? undefined : text.slice(separator + 1);
  if (!isPolicy(policyText)) return new InvalidPermissionError(`Unknown permission policy "${clip(policyText)}"`);
  if (storeId === undefined) return { policy: policyText };
  if (!isStorePolicy(policyText)) {
    return new InvalidPermissionError(`The permission "${policyText}" cannot be limited to a store`);
  }
  if (!STORE_ID.test(storeId)) return new InvalidPermissionError(`Invalid store id in permission "${clip(text)}"`);
  return { policy: policyText, storeId };
}

export function formatPermission(permission: Permission): string {
  return permission.storeId === undefined ? permission.policy : `${permission.policy}:${permission.storeId}`;
}

/** Whether `held` grants `wanted`: its policy includes the wanted one, on at least the same stores. */
export function permissionIncludes(held: Permission, wanted: Permission): boolean {
  if (held.policy === UNRESTRICTED) return true;
  if (!policyIncludes(held.policy, wanted.policy)) return false;
  return held.storeId === undefined || held.storeId === wanted.storeId;
}

export function permissionsGrant(held: readonly Permission[], wanted: Permission): boolean {
  return held.some((permission) => permissionIncludes(permission, wanted));
}

/** The requested permissions that `held` does not grant (a key may only hand out what it holds). */
export function ungrantedPermissions(held: readonly Permission[], requested: readonly Permission[]): Permission[] {
  return requested.filter((wanted) => !permissionsGrant(held, wanted));
}

/**
 * The stores on which `held` grants `policy`: `all`, or the listed store ids. Lets a list route
 * (e.g. `GET /api/v1/stores`) show a store-scoped key only its own stores.
 */
export function storesGranted(held: readonly Permission[], policy: Policy): 'all' | ReadonlySet<string> {
  const stores = new Set<string>();
  for (const permission of held) {
    if (permission.policy !== UNRESTRICTED && !policyIncludes(permission.policy, policy)) continue;
    if (permission.storeId === undefined) return 'all';
    stores.add(permission.storeId);
  }
  return stores;
}

function clip(text: string): string {
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}
