/**
 * The long-running part of a store's subscription job: one Blink websocket for the store
 * (`myUpdates` with an API key; per-invoice status subscriptions, multiplexed on one socket, for
 * keyless connections), a reconciliation of every watched invoice on each (re)connect, and the
 * health record that lets watch jobs poll slowly while it holds. It returns when told to stop,
 * when the store has had nothing to watch for a while, or when the job's lock (the ownership) is lost.
 */
import type { PaymentHash } from '../../domain/ids';
import type { StoreId } from '../../domain/store/store-id';
import { BlinkError, type BlinkPort, type BlinkReceivedAmount, type BlinkSubscription, type BlinkSubscriptionListeners } from '../blink-port';
import { loadStoreConnection } from '../stores/store-connection';
import { checkStoreInvoices } from './check-store-invoices';
import type { SettlementDeps } from './deps';
import { WatchConnectionUnavailableError } from './errors';
import type { SettlementJobs } from './ports';
import { settlePaidHash } from './settle-paid';

export interface SubscriptionTiming {
  /** How often the health record is renewed, ownership checked and (keyless) the invoice list refreshed. @defaultValue 10 000 */
  readonly heartbeatMs: number;
  /** The job ends once the store has had no watched invoice for this long. @defaultValue 300 000 */
  readonly idleMs: number;
}

export type SubscriptionDeps = SettlementDeps & {
  readonly blink: Pick<BlinkPort, 'paymentStatuses' | 'receivedAmount' | 'convert' | 'subscribeAccountUpdates' | 'subscribeInvoiceStatus'>;
  readonly subscription: SubscriptionTiming;
  /** Wakes the store's watch jobs when the socket drops, so they switch to fast polling at once. */
  readonly jobs: Pick<SettlementJobs, 'checkSoon'>;
};

export interface SubscriptionControl {
  /** Aborted when the process shuts down. */
  readonly signal: AbortSignal;
  /** False once another worker owns the store's subscription (the job's lock is gone). */
  stillOwner(): Promise<boolean>;
}

export type SubscriptionEnd =
  | { readonly kind: 'stopped' | 'idle' | 'ownership-lost' }
  /** Blink refused the key for subscriptions: polling (which needs no key) carries on meanwhile. */
  | { readonly kind: 'refused'; readonly error: BlinkError }
  | WatchConnectionUnavailableError;

const FATAL_CODES = new Set(['blink-invalid-key', 'blink-missing-scope']);

export async function holdStoreSubscription(deps: SubscriptionDeps, storeId: StoreId, control: SubscriptionControl): Promise<SubscriptionEnd> {
  const loaded = await loadStoreConnection(deps, storeId);
  if (loaded instanceof Error) return new WatchConnectionUnavailableError(loaded.message);
  const { heartbeatMs, idleMs } = deps.subscription;
  const healthTtlMs = heartbeatMs * 3;
  let connected = false;
  let reconcileNeeded = false;
  let reconciling: Promise<void> | null = null;
  let finish: (end: SubscriptionEnd) => void = () => undefined;
  const ended = new Promise<SubscriptionEnd>((resolve) => { finish = resolve; });

  const reconcile = (): Promise<void> => {
    reconciling ??= (async () => {
      reconcileNeeded = false;
      const check = await checkStoreInvoices(deps, storeId);
      if (check instanceof Error) {
        reconcileNeeded = true; // Blink unreachable: try again at the next heartbeat, poll fast meanwhile
        deps.log.warn('reconciliation failed', { storeId, code: check.code });
        await deps.state.markSubscriptionDown(storeId);
      } else {
        deps.log.debug('reconciled', { storeId, checked: check.statuses.size, settled: check.settled.length });
        if (connected) await deps.state.markSubscriptionHealthy(storeId, healthTtlMs);
      }
    })().catch((error: unknown) => {
      reconcileNeeded = true;
      deps.log.warn('reconciliation failed', { storeId, error: error instanceof Error ? error.message : String(error) });
    }).finally(() => { reconciling = null; });
    return reconciling;
  };
  // The socket dropped: payments may go unreported until it is back, so the store is no longer
  // healthy (watch jobs poll fast) and the jobs waiting on the slow schedule check now.
  const fallBackToPolling = async () => {
    try {
      await deps.state.markSubscriptionDown(storeId);
      const watched = await deps.watch.watchedOfStore(storeId, new Date(deps.clock.now().getTime() - deps.timing.graceMs), 10_000);
      const moved = await deps.jobs.checkSoon(watched.map((invoice) => invoice.id));
      deps.log.info('Blink websocket lost: polling fast until it is back', { storeId, woken: moved });
    } catch (error: unknown) {
      // The health key lapses by itself within 3 heartbeats; the watch jobs follow at their next check.
      deps.log.warn('could not switch to fast polling', { storeId, error: error instanceof Error ? error.message : String(error) });
    }
  };
  const onPaid = (hash: PaymentHash, received: BlinkReceivedAmount | null = null) => {
    settlePaidHash(deps, hash, { connection: loaded.connection, received }).catch((error: unknown) => {
      // The watch job's next check settles it: the report is not lost, only delayed.
      deps.log.warn('settling a reported payment failed', { storeId, error: error instanceof Error ? error.message : String(error) });
    });
  };
  const common = <T>(onUpdate: (update: T) => void): BlinkSubscriptionListeners<T> => ({
    onConnected: () => {
      connected = true;
      void reconcile();
    },
    onDisconnected: () => {
      // Fires for every subscription on the socket and every failed reconnect: act on the first only.
      if (!connected) return;
      connected = false;
      void fallBackToPolling();
    },
    onUpdate,
    onError: (error) => {
      if (FATAL_CODES.has(error.code)) finish({ kind: 'refused', error });
      else deps.log.debug('subscription update error', { storeId, code: error.code });
    },
  });

  const subscriptions = new Map<string, BlinkSubscription>();
  const refreshKeyless = async (): Promise<number> => {
    const now = deps.clock.now();
    const watched = await deps.watch.watchedOfStore(storeId, new Date(now.getTime() - deps.timing.graceMs), 10_000);
    if (loaded.connection.mode === 'api-key') return watched.length;
    const wanted = new Set<string>(watched.map((invoice) => invoice.paymentHash));
    for (const [hash, subscription] of subscriptions) {
      if (!wanted.has(hash)) { subscriptions.delete(hash); void subscription.close(); }
    }
    for (const invoice of watched) {
      if (subscriptions.has(invoice.paymentHash)) continue;
      subscriptions.set(invoice.paymentHash, deps.blink.subscribeInvoiceStatus(loaded.connection, invoice.paymentHash,
        common((update) => { if (update.status === 'PAID') onPaid(update.paymentHash); })));
    }
    return watched.length;
  };

  if (loaded.connection.mode === 'api-key') {
    subscriptions.set('myUpdates', deps.blink.subscribeAccountUpdates(loaded.connection, common((update) => {
      if (update.kind === 'lightning' && update.direction === 'RECEIVE' && update.status === 'PAID') onPaid(update.paymentHash, update.received);
    })));
  }

  let lastBusy = deps.clock.now().getTime();
  const heartbeat = async () => {
    if (!(await control.stillOwner())) return finish({ kind: 'ownership-lost' });
    const watchedCount = await refreshKeyless();
    const now = deps.clock.now().getTime();
    if (watchedCount > 0) lastBusy = now;
    else if (now - lastBusy >= idleMs) return finish({ kind: 'idle' });
    if (reconcileNeeded && connected) await reconcile();
    else if (connected && reconciling === null) await deps.state.markSubscriptionHealthy(storeId, healthTtlMs);
  };
  let timer: NodeJS.Timeout | undefined;
  const beat = () => {
    timer = setTimeout(() => {
      heartbeat().catch((error: unknown) => {
        deps.log.warn('subscription heartbeat failed', { storeId, error: error instanceof Error ? error.message : String(error) });
      }).finally(() => { if (timer !== undefined) beat(); });
    }, heartbeatMs);
  };
  const onAbort = () => finish({ kind: 'stopped' });
  control.signal.addEventListener('abort', onAbort, { once: true });
  if (control.signal.aborted) onAbort();

  try {
    await refreshKeyless();
    beat();
    return await ended;
  } finally {
    const stop = timer;
    timer = undefined;
    clearTimeout(stop);
    control.signal.removeEventListener('abort', onAbort);
    await Promise.allSettled([...subscriptions.values()].map((subscription) => subscription.close()));
    await reconciling;
    await deps.state.markSubscriptionDown(storeId).catch(() => undefined);
  }
}
