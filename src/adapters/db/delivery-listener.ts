/**
 * Listens for the outbox's `NOTIFY webhook_deliveries` (sent at commit, see webhook-outbox.ts) on a
 * dedicated connection and hands the new delivery ids over in small batches. The connection comes
 * back by itself after a failure; `onConnected` runs after every (re)connect so the caller can sweep
 * whatever was committed while nobody listened.
 */
import { Client } from 'pg';
import type { DeliveryId } from '../../domain/ids';
import type { Logger } from '../log';
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

const ID = /^[A-Za-z0-9_-]{1,64}$/;

export function listenForNewDeliveries(options: DeliveryListenerOptions): DeliveryListener {
  const { logger } = options;
  let closed = false;
  let client: Client | null = null;
  let pending: DeliveryId[] = [];
  let flushTimer: NodeJS.Timeout | null = null;
  let retryTimer: NodeJS.Timeout | null = null;
  let failures = 0;
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => { markReady = resolve; });

  const flush = (): void => {
    flushTimer = null;
    const ids = pending;
    pending = [];
    if (ids.length === 0) return;
    options.onDeliveries(ids).catch((error: unknown) =>
      logger.warn('could not queue new webhook deliveries; the sweeper will', { error: String(error), count: ids.length }));
  };

  const connect = async (): Promise<void> => {
    const next = new Client({ connectionString: options.databaseUrl, connectionTimeoutMillis: 5_000 });
    next.on('notification', (message) => {
      if (message.channel !== NEW_DELIVERY_CHANNEL || message.payload === undefined || !ID.test(message.payload)) return;
      pending.push(message.payload as DeliveryId);
      flushTimer ??= setTimeout(flush, options.batchWindowMs ?? 5);
    });
    next.on('error', (error) => {
      logger.warn('webhook delivery listener lost its connection', { error: error.message });
      reconnectLater(next);
    });
    try {
      await next.connect();
      await next.query(`LISTEN ${NEW_DELIVERY_CHANNEL}`);
    } catch (error) {
      logger.warn('webhook delivery listener could not connect', { error: String(error) });
      reconnectLater(next);
      return;
    }
    if (closed) {
      await next.end().catch(() => undefined);
      return;
    }
    client = next;
    failures = 0;
    markReady();
    await options.onConnected?.().catch((error: unknown) => logger.warn('webhook delivery sweep after connect failed', { error: String(error) }));
  };

  const reconnectLater = (failed: Client): void => {
    if (client === failed) client = null;
    failed.end().catch(() => undefined);
    if (closed || retryTimer !== null) return;
    failures += 1;
    const delay = Math.min(1_000 * 2 ** (failures - 1), 10_000);
    retryTimer = setTimeout(() => {
      retryTimer = null;
      void connect();
    }, delay);
  };

  void connect();
  return {
    ready,
    async close() {
      closed = true;
      if (retryTimer !== null) clearTimeout(retryTimer);
      if (flushTimer !== null) {
        clearTimeout(flushTimer);
        flush();
      }
      const current = client;
      client = null;
      await current?.end().catch(() => undefined);
    },
  };
}
