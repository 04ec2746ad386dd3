import type { Logger } from '../adapters/log';
import type { ConnectionVerifier } from '../app/blink-port';
import type { ApiKeyRepository, Clock, HealthProbe, SecretSealer, StoreRepository } from '../app/ports';
import type { StoreId } from '../domain/store/store-id';
import { apiKeyRoutes } from '../http/routes/api-keys';
import { healthRoutes } from '../http/routes/health';
import { paymentMethodRoutes } from '../http/routes/payment-methods';
import { storeRoutes } from '../http/routes/stores';
import type { RouteModule } from '../http/route-kit';

/**
 * Every resource the API serves, in mount order. A new resource adds its repositories to
 * `ApiRouteDeps` (built in api-server.ts) and its module to the list.
 */
export interface ApiRouteDeps {
  readonly clock: Clock;
  readonly probes: readonly HealthProbe[];
  readonly apiKeys: ApiKeyRepository;
  readonly stores: StoreRepository;
  readonly newStoreId: () => StoreId;
  readonly blink: ConnectionVerifier;
  readonly sealer: SecretSealer;
  readonly allowWriteScope: boolean;
  readonly logger: Logger;
}

export function apiRouteModules(deps: ApiRouteDeps): RouteModule[] {
  return [
    healthRoutes({ probes: deps.probes }),
    apiKeyRoutes({ apiKeys: deps.apiKeys, clock: deps.clock }),
    storeRoutes({ stores: deps.stores, clock: deps.clock, newStoreId: deps.newStoreId }),
    paymentMethodRoutes({
      stores: deps.stores, clock: deps.clock, verifier: deps.blink, sealer: deps.sealer,
      policy: { allowWriteScope: deps.allowWriteScope }, logger: deps.logger,
    }),
  ];
}
