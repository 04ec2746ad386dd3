/**
 * `POST /api/v1/stores/{storeId}/invoices`. Everything Blink needs is already stored with the
 * store's connection (wallet id, wallet currency, mode), so an invoice costs exactly one Blink call,
 * two when a currency conversion is needed (price-invoice.ts).
 *
 * Order of work: validate → claim the Idempotency-Key → rate guard → (quote) → Blink creates the
 * BOLT11 → ONE transaction writes the invoice, its InvoiceCreated event (and outbox rows, through the
 * repository's hooks) and completes the key. The row is written only once Blink has answered, so no
 * invoice ever exists without its BOLT11. If the process dies between Blink's answer and the commit,
 * Blink holds a BOLT11 nobody was shown; it expires unpaid and costs nothing.
 */
import { expirationFrom, planInvoiceExpiry, InvalidExpirationError } from '../../domain/invoice/expiry';
import { LIGHTNING_PAYMENT_METHOD } from '../../domain/invoice/events';
import { openInvoice } from '../../domain/invoice/state';
import type { InvoiceId } from '../../domain/ids';
import { btcPriceFromQuote, ConversionError, parseCurrencyCode, USD, type CurrencyCode, type Decimal, type Sats } from '../../domain/money';
import { renderMemo } from '../../domain/invoice/memo';
import type { StoreId } from '../../domain/store/store-id';
import type { Store } from '../../domain/store/store-settings';
import { BlinkError, type BlinkPort } from '../blink-port';
import { ValidationError, validationError } from '../errors';
import type { Clock, InvoiceCheckout, InvoiceRateGuard, InvoiceRepository, SecretSealer, StoreRepository, StoredInvoice } from '../ports';
import { BlinkUnavailableError, PaymentMethodNotFoundError, StoredConnectionUnreadableError, StoreNotFoundError } from '../stores/errors';
import { loadStoreWithConnection, type loadStoreConnection, type OpenedConnections } from '../stores/store-connection';
import { blinkAccountRef } from './blink-account';
import { BLINK_BLOCK_MS, invoiceBlinkFailure, type InvoiceBlinkFailure } from './blink-failures';
import { IdempotencyKeyInUseError, InvoiceCreationRefusedError, InvoiceRateLimitedError } from './errors';
import { claimIdempotencyKey } from './idempotency';
import { priceInvoice } from './price-invoice';
import type { InvoiceWatchScheduler } from '../settlement/ports';

export interface CheckoutRequest {
  readonly speedPolicy?: string | null;
  /** Canonical ids (`BTC-LN`), as the route normalized them. */
  readonly paymentMethods?: readonly string[] | null;
  readonly defaultPaymentMethod?: string | null;
  readonly expirationMinutes?: number | null;
  readonly monitoringMinutes?: number | null;
  readonly paymentTolerance?: number | null;
  readonly redirectURL?: string | null;
  readonly redirectAutomatically?: boolean | null;
  readonly requiresRefundEmail?: boolean | null;
  readonly defaultLanguage?: string | null;
  readonly checkoutType?: string | null;
  readonly lazyPaymentMethods?: boolean | null;
}

export interface CreateInvoiceInput {
  readonly storeId: StoreId;
  readonly amount: Decimal | null;
  /** `null`: the store's default currency. */
  readonly currency: CurrencyCode | null;
  readonly metadata: Readonly<Record<string, unknown>>;
  readonly checkout: CheckoutRequest;
  readonly receipt: Readonly<Record<string, unknown>>;
  readonly additionalSearchTerms: readonly string[];
  readonly idempotency?: { readonly key: string; readonly requestHash: string };
}

export interface CreateInvoiceDeps {
  readonly stores: StoreRepository;
  readonly sealer: SecretSealer;
  /** Stores' connections already unsealed in this process (see store-connection.ts). */
  readonly openedConnections?: OpenedConnections;
  readonly invoices: InvoiceRepository;
  readonly blink: Pick<BlinkPort, 'createInvoice' | 'convert'>;
  readonly rateGuard: InvoiceRateGuard;
  readonly clock: Clock;
  readonly newInvoiceId: () => InvoiceId;
  readonly sleep?: (ms: number) => Promise<void>;
  /** Issue 6: gives the new invoice its watch job (and its store a subscription) once committed. */
  readonly watchScheduler?: InvoiceWatchScheduler;
}

export interface CreatedInvoice {
  readonly invoice: StoredInvoice;
  /** True when an Idempotency-Key replay returned the invoice its first request created. */
  readonly replayed: boolean;
}

export type CreateInvoiceFailure =
  | ValidationError | StoreNotFoundError | StoredConnectionUnreadableError | InvoiceBlinkFailure
  | InvoiceCreationRefusedError | InvoiceRateLimitedError | BlinkUnavailableError | IdempotencyKeyInUseError;

export async function createInvoice(deps: CreateInvoiceDeps, input: CreateInvoiceInput): Promise<CreatedInvoice | CreateInvoiceFailure> {
  // One read for both: invoice creation is the hot path.
  const found = await loadStoreWithConnection(deps, input.storeId);
  if (found instanceof StoreNotFoundError) return found;
  const { store, loaded } = found;
  const methods = input.checkout.paymentMethods;
  if (methods && methods.length > 0 && !methods.includes(LIGHTNING_PAYMENT_METHOD)) {
    return new InvoiceCreationRefusedError('payment-method-unavailable',
      `None of the requested payment methods (${methods.join(', ')}) is available: this gateway offers BTC-LN (Lightning) only`);
  }
  if (input.idempotency === undefined) return createNew(deps, store, loaded, input);
  const scope = { storeId: store.id, key: input.idempotency.key };
  const claim = await claimIdempotencyKey(deps, scope, input.idempotency.requestHash);
  if (claim !== 'claimed') return claim instanceof Error ? claim : { invoice: claim, replayed: true };
  let created: CreatedInvoice | CreateInvoiceFailure | undefined;
  try {
    created = await createNew(deps, store, loaded, input);
    return created;
  } finally {
    // A failed creation frees the key, so the shop can retry with it.
    if (created === undefined || created instanceof Error) await deps.invoices.releaseIdempotencyKey(scope);
  }
}

async function createNew(
  deps: CreateInvoiceDeps,
  store: Store,
  loaded: Awaited<ReturnType<typeof loadStoreConnection>>,
  input: CreateInvoiceInput,
): Promise<CreatedInvoice | CreateInvoiceFailure> {
  if (loaded instanceof StoredConnectionUnreadableError) return loaded;
  if (loaded instanceof PaymentMethodNotFoundError || !loaded.stored.enabled) {
    return new InvoiceCreationRefusedError('payment-method-unavailable',
      `The store has no enabled Lightning payment method: the merchant sets the Blink connection with PUT /api/v1/stores/${store.id}/payment-methods/BTC-LN`);
  }
  if (input.amount === null && !loaded.stored.scopes.includes('READ')) {
    // Blink tells the amount of a payment to a no-amount invoice only to a key that can read the wallet:
    // without it the gateway could learn that the invoice was paid, never how much.
    return new InvoiceCreationRefusedError('payment-method-unavailable',
      'Top-up invoices (no amount) need a Blink connection whose API key has the Read scope, so the gateway can learn how much was paid: '
      + `give the invoice an amount, or set a Read + Receive key with PUT /api/v1/stores/${store.id}/payment-methods/BTC-LN`);
  }
  const now = deps.clock.now();
  const currency = input.currency ?? defaultCurrency(store);
  const walletCurrency = loaded.stored.walletCurrency;
  const expiry = planInvoiceExpiry({
    expirationMinutes: input.checkout.expirationMinutes ?? store.invoiceExpirationSeconds / 60, walletCurrency, now,
  });
  if (expiry instanceof InvalidExpirationError) return validationError(expiry.path, expiry.message);

  // Before any Blink call, so a burst never reaches Blink's limit (and its 5-minute block).
  const account = blinkAccountRef(loaded);
  const slot = await deps.rateGuard.take(account);
  if (!slot.allowed) {
    return new InvoiceRateLimitedError(Math.ceil(slot.retryAfterMs / 1000),
      "This store's Blink account is at its invoice limit for the minute (Blink blocks an account for 5 minutes beyond it): no invoice was created. Retry after the time in Retry-After.");
  }
  const plan = await priceInvoice(deps.blink, loaded.connection, { amount: input.amount, currency, walletCurrency });
  if (plan instanceof ValidationError) return plan;
  if (plan instanceof BlinkError) return blinkFailed(deps, account, plan);

  const invoiceId = deps.newInvoiceId();
  const orderId = orderIdOf(input.metadata);
  const itemDesc = input.metadata.itemDesc;
  const memo = renderMemo(store.lightningDescriptionTemplate, {
    storeName: store.name, orderId, itemDescription: typeof itemDesc === 'string' ? itemDesc : null,
  });
  const bolt11 = await deps.blink.createInvoice(loaded.connection, {
    invoiceId, walletId: loaded.stored.walletId, amount: plan.blinkAmount, memo, expiresInMinutes: expiry.expiresInMinutes,
  });
  if (bolt11 instanceof BlinkError) return blinkFailed(deps, account, bolt11);
  if (plan.blinkAmount !== null && bolt11.satoshis === null) {
    return invoiceBlinkFailure(new BlinkError('blink-protocol-error', 'Blink returned an invoice without an amount'));
  }

  const rate = plan.rate === 'from-bolt11' ? priceFromBolt11(input.amount, bolt11.satoshis) : plan.rate;
  const expirationTime = expirationFrom(bolt11.createdAt, expiry.expiresInMinutes);
  const checkout = checkoutOf(store, input.checkout, expiry.expiresInMinutes);
  const opened = plan.blinkAmount === null
    ? openInvoice({ type: 'TopUp', expirationTime })
    : openInvoice({ type: 'Standard', dueSats: bolt11.satoshis as Sats, expirationTime });
  const invoice: StoredInvoice = {
    id: invoiceId, storeId: store.id, type: opened.invoice.type, status: opened.invoice.status,
    additionalStatus: opened.invoice.additionalStatus, currency, amount: input.amount, rate, orderId,
    metadata: input.metadata, checkout, receipt: input.receipt, additionalSearchTerms: input.additionalSearchTerms,
    archived: false, walletId: loaded.stored.walletId, walletCurrency, dueSats: opened.invoice.dueSats,
    dueCents: plan.dueCents, paidSats: opened.invoice.paidSats, bolt11: bolt11.paymentRequest, paymentHash: bolt11.paymentHash,
    blinkExternalId: bolt11.externalId, memo, createdTime: now, expirationTime,
    monitoringExpiration: new Date(expirationTime.getTime() + checkout.monitoringMinutes * 60_000), payments: [],
  };
  await deps.invoices.insert(invoice, opened.events, {
    now, ...(input.idempotency === undefined ? {} : { idempotency: { storeId: store.id, key: input.idempotency.key } }),
  });
  // Committed: the jobs are queued once the response is on its way (setImmediate runs after the
  // promise chain that writes it), so the shop never waits on Redis or on BullMQ's own work. If Redis
  // is away or the process stops first, the sweeper re-creates them from Postgres; the store's
  // subscription sees a payment meanwhile.
  const scheduler = deps.watchScheduler;
  if (scheduler !== undefined) setImmediate(() => void scheduler.invoiceCreated(invoice).catch(() => undefined));
  return { invoice, replayed: false };
}

async function blinkFailed(deps: CreateInvoiceDeps, account: string, error: BlinkError): Promise<InvoiceBlinkFailure> {
  // Blink blocks the whole account now: stop asking it, for every process, until the block ends.
  if (error.code === 'blink-rate-limited') await deps.rateGuard.block(account, BLINK_BLOCK_MS);
  return invoiceBlinkFailure(error);
}

function defaultCurrency(store: Store): CurrencyCode {
  const parsed = parseCurrencyCode(store.defaultCurrency);
  return parsed instanceof Error ? USD : parsed;
}

/** Greenfield indexes `metadata.orderId`; shops send it as a string or a number. */
export function orderIdOf(metadata: Readonly<Record<string, unknown>>): string | null {
  const value = metadata.orderId;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

/** USD on a USD wallet: the BOLT11's sats are Blink's own quote for the cents. */
function priceFromBolt11(amount: Decimal | null, sats: Sats | null): Decimal | null {
  if (amount === null || sats === null || sats <= 0) return null;
  const price = btcPriceFromQuote(amount, sats);
  return price instanceof ConversionError ? null : price;
}

function checkoutOf(store: Store, request: CheckoutRequest, expirationMinutes: number): InvoiceCheckout {
  return {
    speedPolicy: request.speedPolicy ?? store.speedPolicy,
    paymentMethods: request.paymentMethods && request.paymentMethods.length > 0 ? [...request.paymentMethods] : [LIGHTNING_PAYMENT_METHOD],
    defaultPaymentMethod: request.defaultPaymentMethod ?? null,
    expirationMinutes,
    monitoringMinutes: request.monitoringMinutes ?? Math.round(store.monitoringExpirationSeconds / 60),
    paymentTolerance: request.paymentTolerance ?? store.paymentTolerance,
    redirectURL: request.redirectURL ?? null,
    redirectAutomatically: request.redirectAutomatically ?? false,
    requiresRefundEmail: request.requiresRefundEmail ?? null,
    defaultLanguage: request.defaultLanguage ?? null,
    checkoutType: request.checkoutType ?? null,
    lazyPaymentMethods: request.lazyPaymentMethods ?? false,
  };
}

