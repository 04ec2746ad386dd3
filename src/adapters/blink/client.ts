import type { BlinkPort } from '../../app/blink-port';
import type { Logger } from '../log';
import { defaultBackoff, sleep as realSleep, type BackoffPolicy } from './backoff';
import { endpointOf, type CallDeps } from './graphql-call';
import { createHttpTransport, type BlinkHttpTimeouts } from './http-transport';
import { createInvoice } from './invoice-create';
import { paymentStatuses } from './payment-status';
import { receivedAmount } from './received-amount';
import { fetchConversion } from './queries';
import { createSubscriptionHub } from './subscription-hub';
import { interpretInvoiceStatus, interpretMyUpdates, invoiceStatusRequest, myUpdatesRequest } from './subscriptions';
import { verifyConnection } from './verify-connection';

export interface BlinkClientOptions {
  readonly timeouts: BlinkHttpTimeouts;
  /** Retries of queries (and of invoice creation, made safe by its external id). @defaultValue {@link defaultBackoff} */
  readonly retry?: Partial<BackoffPolicy>;
  /** Websocket reconnection waits. @defaultValue base 500 ms, cap 30 s */
  readonly reconnect?: Partial<Pick<BackoffPolicy, 'baseMs' | 'capMs'>>;
  readonly logger?: Logger;
  /** Sockets per Blink origin. @defaultValue 16 */
  readonly connectionsPerOrigin?: number;
  /** Injected in tests. */
  readonly random?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

export interface BlinkClient extends BlinkPort {
  /** Closes the HTTP pools and every websocket. */
  close(): Promise<void>;
}

/** The gateway's Blink client. Building it opens nothing; pools and sockets open on first use. */
export function createBlinkClient(options: BlinkClientOptions): BlinkClient {
  const random = options.random ?? Math.random;
  const sleep = options.sleep ?? realSleep;
  const transport = createHttpTransport({
    timeouts: options.timeouts,
    ...(options.connectionsPerOrigin ? { connectionsPerOrigin: options.connectionsPerOrigin } : {}),
  });
  const deps: CallDeps = { transport, backoff: { ...defaultBackoff, ...options.retry }, random, sleep, logger: options.logger };
  const hub = createSubscriptionHub({
    backoff: { baseMs: 500, capMs: 30_000, ...options.reconnect }, random, sleep, logger: options.logger,
  });

  return {
    verifyConnection: (connection) => verifyConnection(deps, connection),
    createInvoice: (connection, request) => createInvoice(deps, connection, request),
    paymentStatuses: (connection, hashes) => paymentStatuses(deps, endpointOf(connection), hashes),
    receivedAmount: (connection, walletId, paymentHash) => receivedAmount(deps, endpointOf(connection), walletId, paymentHash),
    convert: (connection, amount, currency) => fetchConversion(deps, endpointOf(connection), amount, currency),
    subscribeAccountUpdates: (connection, listeners) => {
      const endpoint = endpointOf(connection);
      return hub.subscribe(endpoint, myUpdatesRequest, interpretMyUpdates(endpoint.apiKey), listeners);
    },
    subscribeInvoiceStatus: (connection, paymentHash, listeners) => {
      const endpoint = endpointOf(connection);
      return hub.subscribe(endpoint, invoiceStatusRequest(paymentHash), interpretInvoiceStatus(paymentHash, endpoint.apiKey), listeners);
    },
    close: async () => {
      await Promise.all([hub.close(), transport.close()]);
    },
  };
}
