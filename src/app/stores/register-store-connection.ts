/**
 * `PUT /api/v1/stores/{storeId}/payment-methods/BTC-LN`: the moment a merchant hands the gateway a
 * Blink connection. Parse the string, ask Blink what the connection can do, apply the gateway's
 * policy, and only then store it, the key sealed. Any failure leaves the stored state unchanged.
 */
import {
  formatConnectionString, parseConnectionString, redactConnectionString, type ParsedConnection,
} from '../../../connection-string';
import { decideConnection, type ConnectionPolicyOptions, ConnectionRefusal } from '../../domain/store/connection-policy';
import type { StoreId } from '../../domain/store/store-id';
import type { ConnectionVerifier } from '../blink-port';
import { isBlinkError } from '../blink-port';
import { ValidationError, validationError } from '../errors';
import type { Clock, SecretSealer, StoreRepository, StoredStoreConnection } from '../ports';
import { blinkFailure } from './blink-failures';
import { BlinkUnavailableError, StoreNotFoundError } from './errors';
import { viewStoreConnection, type StoreConnectionView } from './store-connection-view';

export interface StoreConnectionDeps {
  readonly stores: StoreRepository;
  readonly clock: Clock;
  readonly verifier: ConnectionVerifier;
  readonly sealer: SecretSealer;
  readonly policy: ConnectionPolicyOptions;
}

export interface RegisterConnectionInput {
  readonly storeId: StoreId;
  /** The connection string; absent to only switch `enabled` on an existing connection. */
  readonly config?: string;
  readonly enabled?: boolean;
}

export type RegisterConnectionFailure = StoreNotFoundError | ValidationError | BlinkUnavailableError;

/** Authenticated data for the sealed string: a sealed connection copied to another store does not open. */
export const storeConnectionContext = (storeId: StoreId): string => `store-connection:${storeId}`;

export async function registerStoreConnection(
  deps: StoreConnectionDeps,
  input: RegisterConnectionInput,
): Promise<StoreConnectionView | RegisterConnectionFailure> {
  if ((await deps.stores.findById(input.storeId)) === null) return new StoreNotFoundError();
  if (input.config === undefined) return toggleEnabled(deps, input.storeId, input.enabled);
  const parsed = parseConnectionString(input.config);
  if (parsed instanceof Error) return validationError('config', parsed.message);
  const verification = await deps.verifier.verifyConnection(parsed.connection);
  if (isBlinkError(verification)) return blinkFailure(parsed.connection, verification);
  const decision = decideConnection(parsed.connection, verification, deps.policy);
  if (decision instanceof ConnectionRefusal) return validationError('config', decision.message);
  const now = deps.clock.now();
  const stored: StoredStoreConnection = {
    storeId: input.storeId,
    enabled: input.enabled ?? true,
    mode: parsed.connection.mode,
    access: decision.access,
    server: parsed.connection.server,
    sealedConnection: deps.sealer.seal(formatConnectionString(parsed.connection), storeConnectionContext(input.storeId)),
    redactedConnection: redactConnectionString(parsed.connection),
    walletId: decision.walletId,
    walletCurrency: decision.walletCurrency,
    scopes: decision.scopes,
    scopesSource: decision.scopesSource,
    network: decision.network,
    notes: decision.notes,
    warnings: publicWarnings(parsed),
    verifiedAt: now,
    updatedAt: now,
  };
  if (!(await deps.stores.saveConnection(stored))) return new StoreNotFoundError();
  return viewStoreConnection(stored);
}

async function toggleEnabled(
  deps: StoreConnectionDeps,
  storeId: StoreId,
  enabled: boolean | undefined,
): Promise<StoreConnectionView | RegisterConnectionFailure> {
  const current = await deps.stores.findConnection(storeId);
  if (current === null) {
    return validationError('config', 'The store has no Blink connection yet: send the connection string in config');
  }
  const updated = { ...current, enabled: enabled ?? current.enabled, updatedAt: deps.clock.now() };
  if (!(await deps.stores.saveConnection(updated))) return new StoreNotFoundError();
  return viewStoreConnection(updated);
}

/** The parser's warnings name keys, never values; keyless mode is explained by the policy's notes instead. */
function publicWarnings(parsed: ParsedConnection): string[] {
  return parsed.warnings.filter((warning) => !warning.startsWith('Keyless mode'));
}
