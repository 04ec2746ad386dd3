import type { GatewayMetrics } from '../../app/ports';
import type { RouteModule } from '../route-kit';

/**
 * `GET /metrics` (extension): Prometheus metrics. Behind a key with the server-settings permission
 * (the admin key has it), sent as `Authorization: token <key>`: Prometheus sends exactly that with
 * `authorization: { type: token, credentials: … }` in its scrape config.
 */
export function metricsRoutes(deps: { metrics: Pick<GatewayMetrics, 'render'> }): RouteModule {
  return {
    name: 'metrics',
    mount(kit) {
      kit.route({
        method: 'get', path: '/metrics', operationId: 'Metrics_Get', extension: true, tags: ['Misc'],
        summary: "Prometheus metrics: this process's HTTP requests and Node figures; open invoices, pending webhook deliveries and queue jobs of the whole deployment",
        auth: { kind: 'permission', policy: 'btcpay.server.canmodifyserversettings' },
        responses: {
          200: { description: 'Prometheus text exposition format' },
          401: { description: 'No or unknown API key' },
          403: { description: 'The key lacks `btcpay.server.canmodifyserversettings`' },
        },
        handler: async () => {
          const { contentType, text } = await deps.metrics.render();
          return { status: 200, body: Buffer.from(text), headers: { 'Content-Type': contentType } };
        },
      });
    },
  };
}
