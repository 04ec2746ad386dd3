import type { ApiKeyRepository, Clock, HealthProbe } from '../app/ports';
import { apiKeyRoutes } from '../http/routes/api-keys';
import { healthRoutes } from '../http/routes/health';
import type { RouteModule } from '../http/route-kit';

/**
 * Every resource the API serves, in mount order. A new resource adds its repositories to
 * `ApiRouteDeps` (built in api-server.ts) and its module to the list.
 */
export interface ApiRouteDeps {
  readonly clock: Clock;
  readonly probes: readonly HealthProbe[];
  readonly apiKeys: ApiKeyRepository;
}

export function apiRouteModules(deps: ApiRouteDeps): RouteModule[] {
  return [
    healthRoutes({ probes: deps.probes }),
    apiKeyRoutes({ apiKeys: deps.apiKeys, clock: deps.clock }),
  ];
}
