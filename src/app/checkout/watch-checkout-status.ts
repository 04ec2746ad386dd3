/**
 * Follows one invoice's public status for a live checkout page: reports the current status at once,
 * then every change, until it is final or the watcher is stopped.
 *
 * It re-reads the invoice when the feed signals (a NOTIFY at the commit of any status change), when
 * the expiry passes (an unpaid invoice then shows as expired without any write), and every
 * `safetyIntervalMs` anyway: a notification lost while the listening connection was down costs at
 * most one interval.
 */
import { InvalidIdError, parseInvoiceId } from '../../domain/ids';
import { InvoiceNotFoundError } from '../invoices/errors';
import { statusUpdateOf, type CheckoutStatusUpdate, type CheckoutView } from './checkout-view';
import { getCheckoutView, type CheckoutViewDeps } from './get-checkout-view';
import type { InvoiceStatusFeed } from './ports';

export interface WatchCheckoutDeps extends CheckoutViewDeps {
  readonly feed: InvoiceStatusFeed;
}

export interface WatchOptions {
  readonly signal: AbortSignal;
  readonly onStatus: (update: CheckoutStatusUpdate) => void;
  readonly safetyIntervalMs: number;
  /** After this long the watcher stops (`timeout`); a browser reconnects and starts a new one. */
  readonly maxDurationMs: number;
}

export type WatchEnd = 'final' | 'stopped' | 'timeout' | InvoiceNotFoundError;

/**
 * An unpaid invoice just past its expiry is not final yet: a payment Blink accepted a moment before
 * the expiry may still settle.
 */
export const EXPIRED_GRACE_MS = 60_000;

export function isFinal(view: Pick<CheckoutView, 'status' | 'expirationTime'>, now: Date): boolean {
  if (view.status === 'paid' || view.status === 'invalid') return true;
  return view.status === 'expired' && now.getTime() >= view.expirationTime.getTime() + EXPIRED_GRACE_MS;
}

/** A latch: a signal that arrives while nobody waits is kept for the next wait. */
function createWakeup(): { ring(): void; wait(ms: number, signal: AbortSignal): Promise<void> } {
  let pending = false;
  let wake: (() => void) | null = null;
  return {
    ring() {
      pending = true;
      wake?.();
    },
    wait(ms, signal) {
      if (pending || signal.aborted) {
        pending = false;
        return Promise.resolve();
      }
      return new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          signal.removeEventListener('abort', done);
          wake = null;
          pending = false;
          resolve();
        };
        const timer = setTimeout(done, Math.max(0, ms));
        signal.addEventListener('abort', done);
        wake = done;
      });
    },
  };
}

export async function watchCheckoutStatus(deps: WatchCheckoutDeps, rawInvoiceId: string, options: WatchOptions): Promise<WatchEnd> {
  const { signal } = options;
  const wakeup = createWakeup();
  const started = deps.clock.now().getTime();
  const invoiceId = parseInvoiceId(rawInvoiceId);
  if (invoiceId instanceof InvalidIdError) return new InvoiceNotFoundError();
  // Subscribed before the first read, so a change committed in between is not missed.
  const unsubscribe = deps.feed.subscribe(invoiceId, () => wakeup.ring());
  let last: string | null = null;
  try {
    while (!signal.aborted) {
      const view = await getCheckoutView(deps, invoiceId);
      if (view instanceof InvoiceNotFoundError) return view;
      if (signal.aborted) break;
      const update = statusUpdateOf(view);
      if (update.status !== last) {
        last = update.status;
        options.onStatus(update);
      }
      const now = deps.clock.now().getTime();
      if (isFinal(view, new Date(now))) return 'final';
      const left = started + options.maxDurationMs - now;
      if (left <= 0) return 'timeout';
      const untilExpiry = view.expirationTime.getTime() - now;
      const untilGraceEnd = untilExpiry + EXPIRED_GRACE_MS;
      const nextCheck = [options.safetyIntervalMs, left, untilExpiry > 0 ? untilExpiry : untilGraceEnd].filter((ms) => ms > 0);
      await wakeup.wait(Math.min(...nextCheck), signal);
    }
    return 'stopped';
  } finally {
    unsubscribe();
  }
}
