/**
 * The checkout page's `InvoiceStatusFeed`: one dedicated connection per process listens on
 * `invoice_status` (the trigger of migrations/005 notifies it at the commit of every status change)
 * and signals the subscribers of that invoice. The connection opens with the first subscriber and
 * comes back by itself after a failure; once (re)connected every subscriber is signalled, because
 * notifications sent while nobody listened are gone, and a re-read is cheap.
 */
import type { InvoiceStatusFeed } from '../../app/checkout/ports';
import type { InvoiceId } from '../../domain/ids';
import type { Logger } from '../log';
import { listenToChannel, type ChannelListener } from './pg-listener';

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

export function createInvoiceStatusFeed(options: InvoiceStatusFeedOptions): ClosableInvoiceStatusFeed {
  const subscribers = new Map<string, Set<() => void>>();
  let closed = false;
  let listener: ChannelListener | null = null;

  const signal = (listeners: Iterable<() => void>): void => {
    for (const onSignal of [...listeners]) onSignal();
  };

  const start = (): ChannelListener | null => {
    if (listener === null && !closed) {
      listener = listenToChannel({
        databaseUrl: options.databaseUrl, logger: options.logger, channel: INVOICE_STATUS_CHANNEL,
        purpose: 'invoice status listener (checkout pages fall back to periodic reads)',
        onId: (id) => signal(subscribers.get(id) ?? []),
        onConnected: () => signal([...subscribers.values()].flatMap((set) => [...set])),
      });
    }
    return listener;
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
      return start()?.ready ?? Promise.resolve();
    },
    async close() {
      closed = true;
      subscribers.clear();
      await listener?.close();
    },
  };
}
