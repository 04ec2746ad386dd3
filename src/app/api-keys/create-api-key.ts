import {
  formatPermission,
  parsePermission,
  ungrantedPermissions,
  type Permission,
} from '../../domain/permissions';
import { ValidationError, type FieldProblem } from '../errors';
import type { ApiKeyRepository, Clock } from '../ports';
import type { Principal } from './authenticate';
import { MissingPermissionError } from './errors';
import { generateApiKey, hashApiKey } from './key-material';

export interface CreateApiKeyDeps {
  readonly apiKeys: ApiKeyRepository;
  readonly clock: Clock;
}

export interface CreateApiKeyInput {
  readonly label: string;
  readonly permissions: readonly string[];
}

/** Greenfield's `ApiKeyData`. `apiKey` is the only time the key is ever shown. */
export interface CreatedApiKey {
  readonly apiKey: string;
  readonly label: string;
  readonly permissions: readonly string[];
}

/** Parses permission strings; problems are reported at `permissions[i]`. */
export function parsePermissionList(texts: readonly string[]): Permission[] | ValidationError {
  const problems: FieldProblem[] = [];
  const parsed: Permission[] = [];
  texts.forEach((text, index) => {
    const permission = parsePermission(text);
    if (permission instanceof Error) problems.push({ path: `permissions[${index}]`, message: permission.message });
    else parsed.push(permission);
  });
  return problems.length > 0 ? new ValidationError(problems) : parsed;
}

/**
 * Creates a key for `principal` (the HTTP caller) or, with `principal` null, for the operator at the
 * CLI. A caller may only hand out permissions its own key grants.
 */
export async function createApiKey(
  deps: CreateApiKeyDeps,
  principal: Principal | null,
  input: CreateApiKeyInput,
): Promise<CreatedApiKey | ValidationError | MissingPermissionError> {
  const permissions = parsePermissionList(input.permissions);
  if (permissions instanceof ValidationError) return permissions;
  if (principal !== null) {
    const [missing] = ungrantedPermissions(principal.permissions, permissions);
    if (missing !== undefined) return new MissingPermissionError(formatPermission(missing));
  }
  const granted = [...new Set(permissions.map(formatPermission))];
  const apiKey = generateApiKey();
  await deps.apiKeys.insert({
    hash: hashApiKey(apiKey),
    label: input.label,
    permissions: granted,
    createdAt: deps.clock.now(),
  });
  return { apiKey, label: input.label, permissions: granted };
}
