import { createClient, type Client, type FormattedExecutionResult } from 'graphql-ws';
import WebSocket from 'ws';
import type { BlinkError, BlinkSubscription, BlinkSubscriptionListeners } from '../../app/blink-port';
import type { Logger } from '../log';
import { backoffDelay, type BackoffPolicy } from './backoff';
import { blinkError, errorForGraphqlErrors } from './errors';
import type { BlinkEndpoint } from './graphql-call';
import type { GraphqlRequest } from './http-transport';
import { graphqlErrorSchema, type GraphqlError } from './schemas';

export interface SubscriptionHubOptions {
  /** Reconnection waits: capped exponential with full jitter; `attempts` is ignored (retries forever). */
  readonly backoff: Pick<BackoffPolicy, 'baseMs' | 'capMs'>;
  readonly random: () => number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly logger: Logger | undefined;
  /** Client pings so a silently dead socket is noticed. @defaultValue 15000 */
  readonly keepAliveMs?: number;
}

/** What a subscription makes of one `next` result: an update, a failure (`fatal` ends it), or nothing. */
export type NextOutcome<T> =
  | { readonly kind: 'update'; readonly update: T }
  | { readonly kind: 'error'; readonly error: BlinkError; readonly fatal: boolean }
  | { readonly kind: 'ignore' };

interface HubEntry {
  readonly client: Client;
  readonly connectedListeners: Set<() => void>;
  readonly disconnectedListeners: Set<() => void>;
  connected: boolean;
  users: number;
}

export interface SubscriptionHub {
  subscribe<T>(
    endpoint: BlinkEndpoint,
    request: GraphqlRequest,
    interpret: (result: FormattedExecutionResult<Record<string, unknown>, unknown>) => NextOutcome<T>,
    listeners: BlinkSubscriptionListeners<T>,
  ): BlinkSubscription;
  close(): Promise<void>;
}

/**
 * One graphql-ws client (one socket, `graphql-transport-ws`) per Blink websocket URL and key, shared
 * by every subscription on it. The socket reconnects forever with backoff; graphql-ws re-sends each
 * subscription, and every subscription hears `onConnected` so its owner can reconcile what it missed,
 * and `onDisconnected` on every close so its owner knows updates may be missed meanwhile.
 */
export function createSubscriptionHub(options: SubscriptionHubOptions): SubscriptionHub {
  const entries = new Map<string, HubEntry>();
  const retryWait = (retries: number) => options.sleep(backoffDelay(options.backoff, retries, options.random));

  const acquire = (endpoint: BlinkEndpoint): [string, HubEntry] => {
    const key = `${endpoint.websocketUrl}\n${endpoint.apiKey ?? ''}`;
    let entry = entries.get(key);
    if (!entry) {
      const created: HubEntry = {
        client: undefined as unknown as Client, connectedListeners: new Set(), disconnectedListeners: new Set(), connected: false, users: 0,
      };
      (created as { client: Client }).client = createClient({
        url: endpoint.websocketUrl,
        webSocketImpl: WebSocket,
        connectionParams: endpoint.apiKey ? { 'X-API-KEY': endpoint.apiKey } : {},
        lazy: true,
        keepAlive: options.keepAliveMs ?? 15_000,
        retryAttempts: Number.POSITIVE_INFINITY,
        shouldRetry: () => true,
        retryWait,
        on: {
          connected: () => {
            created.connected = true;
            for (const listener of [...created.connectedListeners]) listener();
          },
          // Every close, including a refused (re)connect attempt: owners poll until `connected` again.
          closed: () => {
            created.connected = false;
            for (const listener of [...created.disconnectedListeners]) listener();
          },
        },
      });
      entry = created;
      entries.set(key, entry);
    }
    entry.users += 1;
    return [key, entry];
  };

  const release = async (key: string, entry: HubEntry) => {
    entry.users -= 1;
    if (entry.users > 0 || entries.get(key) !== entry) return;
    entries.delete(key);
    await disposeQuietly(entry.client);
  };

  return {
    subscribe(endpoint, request, interpret, listeners) {
      const [key, entry] = acquire(endpoint);
      return runSubscription({ entry, request, interpret, listeners, retryWait, endpoint, logger: options.logger,
        release: () => release(key, entry) });
    },
    async close() {
      const all = [...entries.values()];
      entries.clear();
      await Promise.all(all.map((entry) => disposeQuietly(entry.client)));
    },
  };
}

interface RunArgs<T> {
  readonly entry: HubEntry;
  readonly endpoint: BlinkEndpoint;
  readonly request: GraphqlRequest;
  readonly interpret: (result: FormattedExecutionResult<Record<string, unknown>, unknown>) => NextOutcome<T>;
  readonly listeners: BlinkSubscriptionListeners<T>;
  readonly retryWait: (retries: number) => Promise<void>;
  readonly logger: Logger | undefined;
  readonly release: () => Promise<void>;
}

function runSubscription<T>(args: RunArgs<T>): BlinkSubscription {
  const { entry, listeners } = args;
  let closed = false;
  let seenConnect = false;
  let restarts = 0;
  let unsubscribe: () => void = () => undefined;

  // Deferred a turn so graphql-ws has (re)sent the subscription before the owner starts reconciling.
  const onConnected = () => setImmediate(() => {
    if (closed) return;
    listeners.onConnected?.({ reconnect: seenConnect });
    seenConnect = true;
  });
  const onDisconnected = () => {
    if (!closed) listeners.onDisconnected?.();
  };
  const end = (error?: BlinkError) => {
    if (closed) return;
    closed = true;
    unsubscribe();
    entry.connectedListeners.delete(onConnected);
    entry.disconnectedListeners.delete(onDisconnected);
    if (error) listeners.onError?.(error);
    void args.release();
  };

  const start = () => {
    unsubscribe = entry.client.subscribe(
      { operationName: args.request.operationName, query: args.request.query, variables: { ...args.request.variables } },
      {
        next: (result) => {
          restarts = 0;
          const outcome = args.interpret(result);
          if (outcome.kind === 'update') listeners.onUpdate(outcome.update);
          else if (outcome.kind === 'error' && outcome.fatal) end(outcome.error);
          else if (outcome.kind === 'error') listeners.onError?.(outcome.error);
        },
        // An `error` message (Blink refused the document) ends the subscription. Otherwise graphql-ws
        // gave up on the socket (a close code it deems fatal): subscribe again after a backoff.
        error: (error: unknown) => {
          if (closed) return;
          if (isGraphqlErrorList(error)) return end(errorForGraphqlErrors(error, args.endpoint.apiKey));
          const reason = describe(error, args.endpoint.apiKey);
          args.logger?.warn('Blink subscription failed, resubscribing', { operation: args.request.operationName, reason });
          void args.retryWait(restarts).then(() => {
            restarts += 1;
            if (!closed) start();
          });
        },
        complete: () => end(),
      },
    );
  };

  entry.connectedListeners.add(onConnected);
  entry.disconnectedListeners.add(onDisconnected);
  if (entry.connected) onConnected();
  start();
  return { close: async () => end() };
}

/**
 * graphql-ws's `dispose()` awaits the pending connection attempt, which rejects ("All Subscriptions
 * Gone") when the last subscription leaves while the socket is reconnecting: that is a closed
 * socket, as wanted, not a failure (unhandled, it would end the process).
 */
async function disposeQuietly(client: Client): Promise<void> {
  await Promise.resolve(client.dispose()).catch(() => undefined);
}

function isGraphqlErrorList(error: unknown): error is GraphqlError[] {
  return Array.isArray(error) && error.every((item) => graphqlErrorSchema.safeParse(item).success);
}

function describe(error: unknown, apiKey: string | undefined): string {
  if (error && typeof error === 'object' && 'code' in error && 'reason' in error) {
    return `socket closed ${String(error.code)} ${String(error.reason)}`;
  }
  return blinkError('blink-unavailable', error instanceof Error ? error.message : String(error), apiKey).message;
}
