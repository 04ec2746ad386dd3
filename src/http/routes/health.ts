import { z } from 'zod';
import type { HealthProbe } from '../../app/ports';
import type { RouteModule } from '../route-kit';

/**
 * `GET /api/v1/health`: Greenfield's `{synchronized}` plus the state of each dependency
 * (`checks`, an extension). 503 when any dependency is down, so load balancers take the process out.
 */
export const healthResponse = z.object({
  synchronized: z.boolean(),
  checks: z.record(z.string(), z.enum(['ok', 'failing'])),
});

export function healthRoutes(deps: { probes: readonly HealthProbe[] }): RouteModule {
  return {
    name: 'health',
    mount(kit) {
      kit.route({
        method: 'get', path: '/api/v1/health', operationId: 'Health_GetHealth', summary: 'Gateway health',
        tags: ['Health'], auth: { kind: 'none' },
        responses: {
          200: { description: 'Every dependency answers', schema: healthResponse },
          503: { description: 'A dependency is down', schema: healthResponse },
        },
        handler: async () => {
          const results = await Promise.all(deps.probes.map(async (probe) => [probe.name, await probe.isHealthy()] as const));
          const healthy = results.every(([, ok]) => ok);
          const checks = Object.fromEntries(results.map(([name, ok]) => [name, ok ? 'ok' : 'failing']));
          return { status: healthy ? 200 : 503, body: { synchronized: healthy, checks } };
        },
      });
    },
  };
}
