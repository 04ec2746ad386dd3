/**
 * Listens for the outbox's `NOTIFY webhook_deliveries` (sent at commit, see webhook-outbox.ts) on a
 * dedicated connection and hands the new delivery ids over in small batches. The connection comes
 * back by itself after a failure; `onConnected` runs after every (re)connect so the caller can sweep
 * whatever was committed while nobody listened.
 */
import type { DeliveryId } from '../../domain/ids';
import type { Logger } from '../log';
import { listenToChannel } from './pg-listener';
import { NEW_DELIVERY_CHANNEL } from './webhook-outbox';

export interface DeliveryListenerOptions {
  readonly databaseUrl: string;
  readonly logger: Logger;
  readonly onDeliveries: (ids: DeliveryId[]) => Promise<void>;
  readonly onConnected?: () => Promise<void>;
  /** Notifications arriving within this window are handed over together. */
  readonly batchWindowMs?: number;
}

export interface DeliveryListener {
  /** Resolves once the first LISTEN is in place. */
  readonly ready: Promise<void>;
  close(): Promise<void>;
}

export function listenForNewDeliveries(options: DeliveryListenerOptions): DeliveryListener {
  const { logger } = options;
  let pending: DeliveryId[] = [];
  let flushTimer: NodeJS.Timeout | null = null;

  const flush = (): void => {
    flushTimer = null;
    const ids = pending;
    pending = [];
    if (ids.length === 0) return;
    options.onDeliveries(ids).catch((error: unknown) =>
      logger.warn('could not queue new webhook deliveries; the sweeper will', { error: String(error), count: ids.length }));
  };

  const listener = listenToChannel({
    databaseUrl: options.databaseUrl, logger, channel: NEW_DELIVERY_CHANNEL, purpose: 'webhook delivery listener',
    onId: (id) => {
      pending.push(id as DeliveryId);
      flushTimer ??= setTimeout(flush, options.batchWindowMs ?? 5);
    },
    onConnected: () => options.onConnected?.(),
  });
  return {
    ready: listener.ready,
    async close() {
      if (flushTimer !== null) {
        clearTimeout(flushTimer);
        flush();
      }
      await listener.close();
    },
  };
}
