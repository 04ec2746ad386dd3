/**
 * One batched status check of a store's watched invoices (Blink answers up to 99 per request):
 * every invoice Blink reports PAID is settled, the other answers are remembered so the watch jobs
 * of that store that come due next need not ask again. It is also the reconciliation a
 * subscription runs on every (re)connect.
 */
import type { InvoiceId } from '../../domain/ids';
import type { StoreId } from '../../domain/store/store-id';
import { BlinkError, type BlinkInvoiceStatus } from '../blink-port';
import { loadStoreConnection } from '../stores/store-connection';
import type { SettlementDeps } from './deps';
import { BlinkPausedError, WatchConnectionUnavailableError } from './errors';
import { settlePaidInvoice } from './settle-paid';
import type { WatchedInvoice } from './ports';

/**
 * How many watched invoices one check covers: all of a store's, so every watch job of the store can
 * reuse it (a store past this many has jobs run checks of their own). Its cost in requests is what
 * `statusRequestsPerMinute` budgets.
 */
export const MAX_INVOICES_PER_CHECK = 50_000;

export interface StoreCheck {
  readonly at: Date;
  /** Blink's answer per invoice; PAID ones are settled already. */
  readonly statuses: ReadonlyMap<InvoiceId, BlinkInvoiceStatus>;
  /** Invoices Blink could not answer for (e.g. a hash it does not know). */
  readonly failures: ReadonlyMap<InvoiceId, BlinkError>;
  readonly settled: readonly InvoiceId[];
  /** How many invoices it covered. */
  readonly watched: number;
}

export type StoreCheckFailure = BlinkError | WatchConnectionUnavailableError | BlinkPausedError;

export async function checkStoreInvoices(
  deps: SettlementDeps,
  storeId: StoreId,
  options: { readonly include?: WatchedInvoice } = {},
): Promise<StoreCheck | StoreCheckFailure> {
  const inflight = deps.inflight;
  const running = inflight?.get(storeId) as Promise<StoreCheck | StoreCheckFailure> | undefined;
  if (running) {
    // A check already under way answers for every invoice it covers; an invoice created after it
    // started gets a check of its own.
    const shared = await running;
    const id = options.include?.id;
    if (id === undefined || shared instanceof Error || shared.statuses.has(id) || shared.failures.has(id)) return shared;
  }
  const started = runCheck(deps, storeId, options.include).finally(() => {
    if (inflight?.get(storeId) === started) inflight.delete(storeId);
  });
  inflight?.set(storeId, started);
  return started;
}

async function runCheck(deps: SettlementDeps, storeId: StoreId, include: WatchedInvoice | undefined): Promise<StoreCheck | StoreCheckFailure> {
  const loaded = await loadStoreConnection(deps, storeId);
  if (loaded instanceof Error) return new WatchConnectionUnavailableError(loaded.message);
  const at = deps.clock.now();
  const watched = await deps.watch.watchedOfStore(storeId, new Date(at.getTime() - deps.timing.graceMs), MAX_INVOICES_PER_CHECK);
  if (include && !watched.some((invoice) => invoice.id === include.id)) watched.push(include);
  if (watched.length === 0) return { at, statuses: new Map(), failures: new Map(), settled: [], watched: 0 };

  const server = loaded.connection.server;
  const pausedUntil = await deps.state.blinkPausedUntil(server);
  if (pausedUntil !== null && pausedUntil.getTime() > at.getTime()) return new BlinkPausedError(server, pausedUntil);
  const answers = await deps.blink.paymentStatuses(loaded.connection, watched.map((invoice) => invoice.paymentHash));
  if (answers instanceof BlinkError && answers.code === 'blink-rate-limited') {
    const paused = new BlinkPausedError(server, new Date(at.getTime() + deps.timing.rateLimitPauseMs));
    await deps.state.pauseBlink(server, paused.until);
    deps.log.warn('Blink is rate limiting status checks: this server is paused, other servers carry on', { storeId, until: paused.until.toISOString() });
    return paused;
  }
  if (answers instanceof BlinkError) return answers;
  const statuses = new Map<InvoiceId, BlinkInvoiceStatus>();
  const failures = new Map<InvoiceId, BlinkError>();
  const settled: InvoiceId[] = [];
  for (const invoice of watched) {
    const answer = answers.get(invoice.paymentHash);
    if (answer === undefined) continue;
    if (answer instanceof BlinkError) {
      failures.set(invoice.id, answer);
      continue;
    }
    statuses.set(invoice.id, answer.status);
    if (answer.status === 'PAID') {
      const outcome = await settlePaidInvoice(deps, invoice, { connection: loaded.connection });
      if (outcome === 'settled' || outcome === 'already-recorded') settled.push(invoice.id);
    }
  }
  const unpaid = new Map([...statuses].filter(([, status]) => status !== 'PAID'));
  if (unpaid.size > 0) await deps.state.recordChecks(storeId, unpaid, at, watched.length);
  return { at, statuses, failures, settled, watched: watched.length };
}
