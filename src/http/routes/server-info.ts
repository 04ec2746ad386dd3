/**
 * `GET /api/v1/server/info`: Greenfield's ServerInfoData. WooCommerce reads it on Save and before
 * every refund: `version` must compare >= 1.7.6 (PHP `version_compare`) and `fullySynched` must be
 * true, or the merchant sees "not fully synched" / "does not support refunds" notices.
 *
 * BTCPay requires an API key of any permission for it (`[Authorize(Greenfield)]`, no policy); so do we.
 */
import { z } from 'zod';
import { LIGHTNING_PAYMENT_METHOD } from '../../domain/invoice/events';
import type { RouteModule } from '../route-kit';

/**
 * The BTCPay version whose Greenfield shapes this gateway follows: 2.x names payment methods
 * `BTC-LN` and lists store payment methods as an array (what greenfield-php 2.x expects).
 */
export const BTCPAY_COMPATIBLE_VERSION = '2.0.0';

export const serverInfoData = z.object({
  version: z.string().describe(`The BTCPay Server version this API is compatible with (${BTCPAY_COMPATIBLE_VERSION})`),
  onion: z.string().nullable().describe('Always null: the gateway publishes no Tor address'),
  supportedPaymentMethods: z.array(z.string()).describe('Lightning only: `BTC-LN`'),
  fullySynched: z.boolean().describe('Always true: a Lightning-only gateway has no chain to synchronise (see /api/v1/health for its dependencies)'),
  syncStatus: z.array(z.unknown()).describe('Always empty: BTCPay lists one entry per on-chain node, and there is none'),
  blinkGateway: z.object({
    version: z.string().describe('The blink-gateway release'),
  }).meta({ description: 'blink-gateway extension (not in Greenfield)', 'x-blink-gateway-extension': true }),
});

export function serverInfoRoutes(deps: { readonly gatewayVersion: string }): RouteModule {
  const body: z.infer<typeof serverInfoData> = {
    version: BTCPAY_COMPATIBLE_VERSION,
    onion: null,
    supportedPaymentMethods: [LIGHTNING_PAYMENT_METHOD],
    fullySynched: true,
    syncStatus: [],
    blinkGateway: { version: deps.gatewayVersion },
  };
  return {
    name: 'server-info',
    mount(kit) {
      kit.route({
        method: 'get', path: '/api/v1/server/info', operationId: 'ServerInfo_GetServerInfo',
        summary: 'Server information (BTCPay-compatible `version`, `fullySynched`; our release in `blinkGateway.version`)',
        tags: ['ServerInfo'], auth: { kind: 'authenticated' },
        responses: { 200: { description: 'Server information', schema: serverInfoData } },
        handler: async () => ({ status: 200, body }),
      });
    },
  };
}
