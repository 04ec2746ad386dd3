import { z } from 'zod';
import type { Logger } from '../../adapters/log';
import type { ConnectionVerifier } from '../../app/blink-port';
import { ValidationError } from '../../app/errors';
import type { Clock, SecretSealer, StoreRepository } from '../../app/ports';
import { PaymentMethodNotFoundError } from '../../app/stores/errors';
import { registerStoreConnection } from '../../app/stores/register-store-connection';
import { deleteStoreConnection, getStoreConnection, listStorePaymentMethods } from '../../app/stores/store-connection';
import { isLightningPaymentMethodId, type StoreConnectionView } from '../../app/stores/store-connection-view';
import { isLnurlPaymentMethodId } from '../../domain/invoice/payment-method-id';
import type { ConnectionPolicyOptions } from '../../domain/store/connection-policy';
import type { RouteModule } from '../route-kit';
import { storeFailure, storeIdOf } from './stores';

/**
 * Greenfield's store payment methods. The gateway has one, `BTC-LN`, whose `config` is the Blink
 * connection string. The key goes in on `PUT` and never comes out: responses carry it redacted.
 */
const MAX_CONNECTION_STRING = 4096;
const CONFIG_MESSAGE = 'config must be the Blink connection string (type=blink;server=…;api-key=…;wallet-id=…), or {"connectionString": "…"}';

const connectionString = z.string({ message: CONFIG_MESSAGE }).max(MAX_CONNECTION_STRING, { message: `The connection string is longer than ${MAX_CONNECTION_STRING} characters` });

export const updatePaymentMethodRequest = z.object({
  enabled: z.boolean({ message: 'enabled must be true or false' }).optional(),
  // BTCPay takes the string itself, or its Lightning config object.
  config: z.union([connectionString, z.object({ connectionString })], { message: CONFIG_MESSAGE })
    .optional()
    .transform((config) => (typeof config === 'object' ? config.connectionString : config)),
});

const blinkExtension = z.object({
  mode: z.enum(['api-key', 'keyless', 'ln-address']),
  access: z.enum(['read-receive', 'receive-only', 'write', 'keyless']),
  server: z.string(),
  walletId: z.string(),
  walletCurrency: z.enum(['BTC', 'USD']),
  scopes: z.array(z.enum(['READ', 'RECEIVE', 'WRITE'])),
  scopesSource: z.enum(['reported', 'probed', 'none']),
  network: z.enum(['mainnet', 'testnet', 'signet', 'regtest']),
  verifiedAt: z.string(),
  notes: z.array(z.string()).describe('What this connection can and cannot do'),
  warnings: z.array(z.string()).describe('Connection-string keys that were ignored, and similar'),
}).meta({
  description: 'blink-gateway extension (not in Greenfield): what verifying the connection with Blink established',
  'x-blink-gateway-extension': true,
});

export const paymentMethodData = z.object({
  enabled: z.boolean(),
  paymentMethodId: z.literal('BTC-LN'),
  config: z.string().optional().describe('The connection string, API key redacted (blink_…AbCd)'),
  blink: blinkExtension,
});

const params = z.object({ storeId: z.string().max(200), paymentMethodId: z.string().max(100) });
const storeParams = z.object({ storeId: z.string().max(200) });
const booleanQuery = z.enum(['true', 'false', 'True', 'False'], { message: 'must be true or false' })
  .optional().transform((value) => value?.toLowerCase() === 'true');
const listQuery = z.object({ onlyEnabled: booleanQuery, includeConfig: booleanQuery });

const unsupported = (): PaymentMethodNotFoundError =>
  new PaymentMethodNotFoundError('The payment method is not found: this gateway supports only BTC-LN (a Blink wallet)');

/**
 * Reads answer to the LNURL spelling with the Lightning method (that is what pays an LNURL wallet
 * here), but changing or removing the Blink connection through that alias would surprise a client
 * that meant to touch LNURL alone: it is changed through BTC-LN only.
 */
const lnurlAlias = (): PaymentMethodNotFoundError =>
  new PaymentMethodNotFoundError('BTC-LNURL is served by the Lightning payment method on this gateway: set or remove the Blink connection through BTC-LN');

/** The id a write route accepts, or why not. */
function writableId(id: string): PaymentMethodNotFoundError | null {
  if (!isLightningPaymentMethodId(id)) return unsupported();
  return isLnurlPaymentMethodId(id) ? lnurlAlias() : null;
}

export interface PaymentMethodRouteDeps {
  readonly stores: StoreRepository;
  readonly clock: Clock;
  readonly verifier: ConnectionVerifier;
  readonly sealer: SecretSealer;
  readonly policy: ConnectionPolicyOptions;
  readonly logger: Logger;
}

const withoutConfig = ({ config: _config, ...rest }: StoreConnectionView): Omit<StoreConnectionView, 'config'> => rest;

export function paymentMethodRoutes(deps: PaymentMethodRouteDeps): RouteModule {
  return {
    name: 'payment-methods',
    mount(kit) {
      kit.route({
        method: 'get', path: '/api/v1/stores/{storeId}/payment-methods', operationId: 'StorePaymentMethods_GetStorePaymentMethods',
        summary: "The store's payment methods (`[]` until a Blink connection is set)", tags: ['Store Payment Methods'],
        auth: { kind: 'permission', policy: 'btcpay.store.canviewstoresettings', storeParam: 'storeId' },
        params: storeParams, query: listQuery,
        responses: { 200: { description: 'Payment methods', schema: z.array(paymentMethodData) } },
        handler: async ({ params: p, query }) => {
          const storeId = storeIdOf(p.storeId);
          const list = storeId instanceof Error ? storeId : await listStorePaymentMethods(deps, storeId, query);
          if (list instanceof Error) return storeFailure(list);
          return { status: 200, body: query.includeConfig ? list : list.map(withoutConfig) };
        },
      });
      kit.route({
        method: 'get', path: '/api/v1/stores/{storeId}/payment-methods/{paymentMethodId}',
        operationId: 'StorePaymentMethods_GetStorePaymentMethod',
        summary: 'The Blink connection (key redacted); `BTC-LN`, `BTC_LN` and the LNURL forms `BTC-LNURL`/`BTC_LNURL` all name it',
        tags: ['Store Payment Methods'],
        auth: { kind: 'permission', policy: 'btcpay.store.canviewstoresettings', storeParam: 'storeId' }, params,
        responses: { 200: { description: 'The payment method', schema: paymentMethodData }, 404: { description: '`store-not-found` or `paymentmethod-not-found`' } },
        handler: async ({ params: p }) => {
          const storeId = storeIdOf(p.storeId);
          if (storeId instanceof Error) return storeFailure(storeId);
          if (!isLightningPaymentMethodId(p.paymentMethodId)) return storeFailure(unsupported());
          const view = await getStoreConnection(deps, storeId);
          return view instanceof Error ? storeFailure(view) : { status: 200, body: view };
        },
      });
      kit.route({
        method: 'put', path: '/api/v1/stores/{storeId}/payment-methods/{paymentMethodId}',
        operationId: 'StorePaymentMethods_UpdateStorePaymentMethod',
        summary: 'Set the Blink connection: parsed, verified with Blink and checked against the gateway policy before it is stored',
        tags: ['Store Payment Methods'],
        auth: { kind: 'permission', policy: 'btcpay.store.canmodifystoresettings', storeParam: 'storeId' },
        params, body: updatePaymentMethodRequest,
        responses: {
          200: { description: 'Stored; `blink.notes` says what this connection can and cannot do', schema: paymentMethodData },
          404: { description: '`store-not-found` or `paymentmethod-not-found` (only BTC-LN exists)' },
          503: { description: 'Blink could not be reached (`blink-unavailable`); nothing was stored' },
        },
        handler: async ({ params: p, body }) => {
          const storeId = storeIdOf(p.storeId);
          if (storeId instanceof Error) return storeFailure(storeId);
          const refused = writableId(p.paymentMethodId);
          if (refused !== null) return storeFailure(refused);
          const result = await registerStoreConnection(deps, {
            storeId, ...(body.config === undefined ? {} : { config: body.config }), ...(body.enabled === undefined ? {} : { enabled: body.enabled }),
          });
          if (result instanceof Error) {
            deps.logger.info('store Blink connection refused', { storeId, code: result.code, reason: result.message });
            return result instanceof ValidationError ? result : storeFailure(result);
          }
          deps.logger.info('store Blink connection saved', {
            storeId, mode: result.blink.mode, access: result.blink.access, walletId: result.blink.walletId, enabled: result.enabled,
          });
          return { status: 200, body: result };
        },
      });
      kit.route({
        method: 'delete', path: '/api/v1/stores/{storeId}/payment-methods/{paymentMethodId}',
        operationId: 'StorePaymentMethods_DeleteStorePaymentMethod', summary: 'Remove the Blink connection (and its sealed key)',
        tags: ['Store Payment Methods'],
        auth: { kind: 'permission', policy: 'btcpay.store.canmodifystoresettings', storeParam: 'storeId' }, params,
        responses: { 200: { description: 'Removed' }, 404: { description: '`store-not-found` or `paymentmethod-not-found`' } },
        handler: async ({ params: p }) => {
          const storeId = storeIdOf(p.storeId);
          if (storeId instanceof Error) return storeFailure(storeId);
          const refused = writableId(p.paymentMethodId);
          if (refused !== null) return storeFailure(refused);
          const deleted = await deleteStoreConnection(deps, storeId);
          if (deleted instanceof Error) return storeFailure(deleted);
          deps.logger.info('store Blink connection removed', { storeId });
          return { status: 200 };
        },
      });
    },
  };
}
