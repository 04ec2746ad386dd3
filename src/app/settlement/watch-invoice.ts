/**
 * One look at one invoice, for its watch job: settle it if Blink reports it PAID, expire it at its
 * expiration if Blink does not, and say when to look again (or that watching is over). The answer
 * comes from a batched check of the whole store, or from one another job of the store made since
 * this job last looked, so many invoices cost one Blink request.
 */
import { InvoiceTransitionError } from '../../domain/invoice/apply';
import type { InvoiceId } from '../../domain/ids';
import type { StoreId } from '../../domain/store/store-id';
import type { BlinkInvoiceStatus } from '../blink-port';
import { expireInvoice } from '../invoices/expire-invoice';
import { bolt11ExpiryOf } from './bolt11-expiry';
import { checkStoreInvoices, type StoreCheckFailure } from './check-store-invoices';
import type { SettlementDeps } from './deps';
import type { SettlementRefusedError } from './errors';
import { isStillWatched, nextCheck, watchHorizon } from './policy';
import type { WatchedInvoice } from './ports';
import { settlePaidInvoice } from './settle-paid';

export interface WatchInput {
  readonly invoiceId: InvoiceId;
  readonly storeId: StoreId;
  /** When the status this job last acted on was asked; a check recorded after it is news. */
  readonly since: Date;
  /** Fast checks in a row so far. */
  readonly fastStep: number;
}

export type WatchOutcome =
  | { readonly kind: 'finished'; readonly reason: 'settled' | 'closed' | 'horizon-reached' | 'invoice-gone' }
  | { readonly kind: 'check-again'; readonly at: Date; readonly since: Date; readonly fastStep: number };

export type WatchFailure = StoreCheckFailure | SettlementRefusedError;

interface Answer {
  readonly at: Date;
  /** `null`: Blink does not know the hash (it cannot be PAID). */
  readonly status: BlinkInvoiceStatus | null;
  readonly settledByCheck: boolean;
  /** How many invoices the store's check covered. */
  readonly watched: number;
}

export async function watchInvoice(deps: SettlementDeps, input: WatchInput): Promise<WatchOutcome | WatchFailure> {
  const invoice = await deps.watch.findById(input.invoiceId);
  if (invoice === null) return { kind: 'finished', reason: 'invoice-gone' };
  const now = deps.clock.now();
  const horizon = watchHorizon(invoice, bolt11ExpiryOf(invoice.bolt11), deps.timing.graceMs);
  if (!isStillWatched(invoice, now, horizon)) return finish(deps, invoice, 'closed');

  const answer = await statusOf(deps, invoice, input, now);
  if (answer instanceof Error) return answer;
  if (answer.status === 'PAID') {
    if (!answer.settledByCheck) {
      const settled = await settlePaidInvoice(deps, invoice);
      if (settled instanceof Error) return settled;
    }
    return finish(deps, invoice, 'settled');
  }
  if (invoice.status === 'New' && now.getTime() >= invoice.expirationTime.getTime()) {
    // Blink answered after the expiration and not PAID: the invoice expires (once, whoever races).
    const expired = await expireInvoice(deps, invoice.id);
    if (expired instanceof InvoiceTransitionError && expired.code !== 'invoice-not-expired-yet') {
      deps.log.warn('invoice could not be expired', { invoiceId: invoice.id, code: expired.code });
    }
  }
  if (now.getTime() >= horizon.getTime()) return finish(deps, invoice, 'horizon-reached');
  const healthy = await deps.state.isSubscriptionHealthy(invoice.storeId);
  const next = nextCheck({
    now, healthy, fastStep: input.fastStep, expirationTime: invoice.expirationTime, horizon, watchedInStore: answer.watched,
  }, deps.timing);
  return { kind: 'check-again', at: next.at, since: answer.at, fastStep: next.fastStep };
}

async function statusOf(deps: SettlementDeps, invoice: WatchedInvoice, input: WatchInput, now: Date): Promise<Answer | StoreCheckFailure> {
  const known = await deps.state.lastCheck(invoice.storeId, invoice.id);
  const expiring = invoice.status === 'New' && now.getTime() >= invoice.expirationTime.getTime();
  // A check made since this job last looked is news; expiring needs one made after the expiration,
  // so a payment just before it is never expired over.
  const fresh = known !== null && known.at.getTime() > input.since.getTime() &&
    (!expiring || known.at.getTime() >= invoice.expirationTime.getTime());
  if (fresh) return { at: known.at, status: known.status, settledByCheck: false, watched: known.watched };

  const check = await checkStoreInvoices(deps, invoice.storeId, { include: invoice });
  if (check instanceof Error) return check;
  const failure = check.failures.get(invoice.id);
  if (failure && failure.code !== 'blink-invalid-input') return failure;
  return {
    at: check.at,
    status: check.statuses.get(invoice.id) ?? null,
    settledByCheck: check.settled.includes(invoice.id),
    watched: check.watched,
  };
}

async function finish(deps: SettlementDeps, invoice: WatchedInvoice, reason: 'settled' | 'closed' | 'horizon-reached'): Promise<WatchOutcome> {
  await deps.state.forgetCheck(invoice.storeId, invoice.id);
  return { kind: 'finished', reason };
}

