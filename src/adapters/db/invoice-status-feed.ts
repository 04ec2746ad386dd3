/**
 * The checkout page's `InvoiceStatusFeed`: one dedicated connection per process listens on
 * `invoice_status` (the trigger of migrations/005 notifies it at the commit of every status change)
 * and signals the subscribers of that invoice. The connection opens with the first subscriber and
 * comes back by itself after a failure; once (re)connected every subscriber is signalled, because
 * notifications sent while nobody listened are gone, and a re-read is cheap.
 */
import { Client } from 'pg';
import type { InvoiceStatusFeed } from '../../app/checkout/ports';
import type { InvoiceId } from '../../domain/ids';
import type { Logger } from '../log';

export const INVOICE_STATUS_CHANNEL = 'invoice_status';

export interface InvoiceStatusFeedOptions {
  readonly databaseUrl: string;
  readonly logger: Logger;
}

export interface ClosableInvoiceStatusFeed extends InvoiceStatusFeed {
  /** Resolves once LISTEN is in place (opening the connection if nobody subscribed yet). */
  ready(): Promise<void>;
  close(): Promise<void>;
}

const ID = /^[A-Za-z0-9_-]{1,64}$/;

export function createInvoiceStatusFeed(options: InvoiceStatusFeedOptions): ClosableInvoiceStatusFeed {
  const { logger } = options;
  const subscribers = new Map<string, Set<() => void>>();
  let closed = false;
  let started = false;
  let client: Client | null = null;
  let retryTimer: NodeJS.Timeout | null = null;
  let failures = 0;
  let markReady: () => void = () => undefined;
  const listening = new Promise<void>((resolve) => { markReady = resolve; });

  const signal = (listeners: Iterable<() => void>): void => {
    for (const listener of [...listeners]) listener();
  };

  const connect = async (): Promise<void> => {
    const next = new Client({ connectionString: options.databaseUrl, connectionTimeoutMillis: 5_000 });
    next.on('notification', (message) => {
      if (message.channel !== INVOICE_STATUS_CHANNEL || message.payload === undefined || !ID.test(message.payload)) return;
      signal(subscribers.get(message.payload) ?? []);
    });
    next.on('error', (error) => {
      logger.warn('invoice status listener lost its connection', { error: error.message });
      reconnectLater(next);
    });
    try {
      await next.connect();
      await next.query(`LISTEN ${INVOICE_STATUS_CHANNEL}`);
    } catch (error) {
      logger.warn('invoice status listener could not connect; checkout pages fall back to periodic reads', { error: String(error) });
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
    signal([...subscribers.values()].flatMap((set) => [...set]));
  };

  const reconnectLater = (failed: Client): void => {
    if (client === failed) client = null;
    failed.end().catch(() => undefined);
    if (closed || retryTimer !== null) return;
    failures += 1;
    retryTimer = setTimeout(() => {
      retryTimer = null;
      void connect();
    }, Math.min(1_000 * 2 ** (failures - 1), 10_000));
  };

  const start = (): void => {
    if (started || closed) return;
    started = true;
    void connect();
  };

  return {
    subscribe(invoiceId: InvoiceId, onSignal: () => void) {
      start();
      const set = subscribers.get(invoiceId) ?? new Set<() => void>();
      set.add(onSignal);
      subscribers.set(invoiceId, set);
      return () => {
        set.delete(onSignal);
        if (set.size === 0 && subscribers.get(invoiceId) === set) subscribers.delete(invoiceId);
      };
    },
    ready() {
      start();
      return listening;
    },
    async close() {
      closed = true;
      if (retryTimer !== null) clearTimeout(retryTimer);
      subscribers.clear();
      const current = client;
      client = null;
      await current?.end().catch(() => undefined);
    },
  };
}
