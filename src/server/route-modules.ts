import type { Logger } from '../adapters/log';
import type { BlinkPort, ConnectionVerifier } from '../app/blink-port';
import type {
  ApiKeyHash, ApiKeyRepository, Clock, GatewayMetrics, HealthProbe, InvoiceRateGuard, InvoiceRepository, RateLimiter, SecretSealer, StoreRepository,
} from '../app/ports';
import type { OperatorSessionStore } from '../app/api-keys/operator-session';
import { authorizeRoutes } from '../http/authorize/routes';
import { modalRoutes } from '../http/modal/routes';
import type { InvoiceId } from '../domain/ids';
import type { StoreId } from '../domain/store/store-id';
import type { InvoiceStatusFeed } from '../app/checkout/ports';
import { apiKeyRoutes } from '../http/routes/api-keys';
import { checkoutRoutes } from '../http/routes/checkout';
import { healthRoutes } from '../http/routes/health';
import { invoiceLinkRoutes } from '../http/routes/invoice-link';
import { invoicePaymentMethodRoutes } from '../http/routes/invoice-payment-methods';
import { invoiceRoutes } from '../http/routes/invoices';
import { invoiceUpdateRoutes } from '../http/routes/invoice-updates';
import { metricsRoutes } from '../http/routes/metrics';
import { paymentMethodRoutes } from '../http/routes/payment-methods';
import { refundRoutes } from '../http/routes/refunds';
import { serverInfoRoutes } from '../http/routes/server-info';
import { storeRoutes } from '../http/routes/stores';
import type { RouteModule } from '../http/route-kit';
import { webhookRoutes } from '../http/routes/webhooks';
import type { DeliveryQueue, DeliveryRepository, WebhookRepository } from '../app/webhooks/ports';
import type { InvoiceWatchScheduler } from '../app/settlement/ports';
import { createOpenedConnections } from '../app/stores/store-connection';
import { gatewayVersion } from './version';

/**
 * Every resource the API serves, in mount order. A new resource adds its repositories to
 * `ApiRouteDeps` (built in api-server.ts) and its module to the list.
 */
export interface ApiRouteDeps {
  readonly clock: Clock;
  readonly probes: readonly HealthProbe[];
  readonly metrics: GatewayMetrics;
  readonly apiKeys: ApiKeyRepository;
  readonly stores: StoreRepository;
  readonly newStoreId: () => StoreId;
  readonly blink: ConnectionVerifier & Pick<BlinkPort, 'createInvoice' | 'convert'>;
  readonly sealer: SecretSealer;
  readonly allowWriteScope: boolean;
  readonly logger: Logger;
  readonly invoices: InvoiceRepository;
  readonly invoiceRateGuard: InvoiceRateGuard;
  readonly newInvoiceId: () => InvoiceId;
  /** `PUBLIC_URL`, or `http://localhost:<port>` once the port is known. */
  readonly publicUrl: () => string;
  readonly webhooks: WebhookRepository;
  readonly webhookDeliveries: DeliveryRepository;
  /** Queues redeliveries (the API's producer; fails fast when Redis is away, the sweeper catches up). */
  readonly deliveryQueue: DeliveryQueue;
  readonly randomBytes: (size: number) => Uint8Array;
  /** Signals invoice status changes to the checkout pages' event streams. */
  readonly invoiceStatusFeed: InvoiceStatusFeed;
  /** Issue 6: schedules the watching of each new invoice after its commit. */
  readonly watchScheduler?: InvoiceWatchScheduler;
  /** Aborted at shutdown, so long-lived responses (event streams) end. */
  readonly closing: AbortSignal;
  /** Issue 9, the API-key authorize page: operator sessions, sign-in attempt limits, ADMIN_API_KEY's hash. */
  readonly operatorSessions: OperatorSessionStore;
  readonly rateLimiter: RateLimiter;
  readonly adminKeyHash?: ApiKeyHash;
}

export function apiRouteModules(deps: ApiRouteDeps): RouteModule[] {
  return [
    healthRoutes({ probes: deps.probes }),
    metricsRoutes({ metrics: deps.metrics }),
    apiKeyRoutes({ apiKeys: deps.apiKeys, clock: deps.clock }),
    storeRoutes({ stores: deps.stores, clock: deps.clock, newStoreId: deps.newStoreId }),
    paymentMethodRoutes({
      stores: deps.stores, clock: deps.clock, verifier: deps.blink, sealer: deps.sealer,
      policy: { allowWriteScope: deps.allowWriteScope }, logger: deps.logger,
    }),
    invoiceRoutes({
      stores: deps.stores, sealer: deps.sealer, openedConnections: createOpenedConnections(), invoices: deps.invoices, blink: deps.blink,
      rateGuard: deps.invoiceRateGuard,
      clock: deps.clock, newInvoiceId: deps.newInvoiceId, publicUrl: deps.publicUrl, logger: deps.logger,
      ...(deps.watchScheduler === undefined ? {} : { watchScheduler: deps.watchScheduler }),
    }),
    invoiceUpdateRoutes({ invoices: deps.invoices, clock: deps.clock, publicUrl: deps.publicUrl, logger: deps.logger }),
    invoicePaymentMethodRoutes({ invoices: deps.invoices }),
    webhookRoutes({
      webhooks: deps.webhooks, deliveries: deps.webhookDeliveries, queue: deps.deliveryQueue, stores: deps.stores,
      sealer: deps.sealer, clock: deps.clock, randomBytes: deps.randomBytes,
    }),
    checkoutRoutes({
      invoices: deps.invoices, stores: deps.stores, clock: deps.clock, feed: deps.invoiceStatusFeed, logger: deps.logger, closing: deps.closing,
    }),
    // Issue 9: what BTCPay's e-commerce plugins call beyond stores, invoices and webhooks.
    serverInfoRoutes({ gatewayVersion: gatewayVersion() }),
    refundRoutes({ stores: deps.stores, invoices: deps.invoices }),
    invoiceLinkRoutes({ invoices: deps.invoices, stores: deps.stores, clock: deps.clock, publicUrl: deps.publicUrl }),
    authorizeRoutes({
      sessions: deps.operatorSessions, apiKeys: deps.apiKeys, stores: deps.stores, clock: deps.clock,
      rateLimiter: deps.rateLimiter, logger: deps.logger, secureCookies: () => deps.publicUrl().startsWith('https:'),
      ...(deps.adminKeyHash === undefined ? {} : { adminKeyHash: deps.adminKeyHash }),
    }),
    modalRoutes(),
  ];
}
