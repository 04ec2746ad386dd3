import type { WalletId } from '../../../../connection-string/types';
import type { InvoiceStatusFeed } from '../../../../src/app/checkout/ports';
import type { StoredInvoice } from '../../../../src/app/ports';
import type { InvoiceId, PaymentHash } from '../../../../src/domain/ids';
import { parseDecimal, type CurrencyCode, type Decimal, type Sats } from '../../../../src/domain/money';
import type { Store } from '../../../../src/domain/store/store-settings';
import type { StoreId } from '../../../../src/domain/store/store-id';

const decimal = (text: string): Decimal => {
  const parsed = parseDecimal(text);
  if (parsed instanceof Error) throw parsed;
  return parsed;
};

export const T0 = new Date('2026-05-01T12:00:00Z');

export function storedInvoice(overrides: Partial<StoredInvoice> = {}): StoredInvoice {
  return {
    id: 'Inv1nvoice1d' as InvoiceId, storeId: 'St0reSecretId' as StoreId, type: 'Standard', status: 'New', additionalStatus: 'None',
    currency: 'EUR' as CurrencyCode, amount: decimal('12.5'), rate: decimal('92000'), orderId: 'order-secret',
    metadata: { buyerEmail: 'buyer@example.com' },
    checkout: {
      speedPolicy: 'MediumSpeed', paymentMethods: ['BTC-LN'], defaultPaymentMethod: null, expirationMinutes: 15, monitoringMinutes: 1440,
      paymentTolerance: 0, redirectURL: null, redirectAutomatically: false, requiresRefundEmail: null, defaultLanguage: null,
      checkoutType: null, lazyPaymentMethods: false,
    },
    receipt: {}, additionalSearchTerms: [], archived: false, walletId: 'wallet-secret' as WalletId, walletCurrency: 'BTC',
    dueSats: 13588 as Sats, dueCents: null, paidSats: 0 as Sats, bolt11: 'lnbcrt135880n1ptest', paymentHash: 'ab'.repeat(32) as PaymentHash,
    blinkExternalId: 'blink-external', memo: 'memo', createdTime: T0, expirationTime: new Date(T0.getTime() + 15 * 60_000),
    monitoringExpiration: new Date(T0.getTime() + 24 * 3600_000), payments: [],
    ...overrides,
  };
}

export const store = (name = 'Corner Café'): Store => ({
  id: 'St0reSecretId' as StoreId, name, website: null, defaultCurrency: 'EUR', invoiceExpirationSeconds: 900,
  monitoringExpirationSeconds: 86400, speedPolicy: 'MediumSpeed', lightningDescriptionTemplate: '', paymentTolerance: 0,
  createdAt: T0, updatedAt: T0,
});

/** In-memory invoices and stores, and a feed the test rings by hand. */
export function memoryCheckout(invoice: StoredInvoice, now: () => Date = () => T0) {
  let current = invoice;
  const subscribers = new Map<string, Set<() => void>>();
  const feed: InvoiceStatusFeed & { ring(id: string): void; count(): number } = {
    subscribe(id, onSignal) {
      const set = subscribers.get(id) ?? new Set();
      set.add(onSignal);
      subscribers.set(id, set);
      return () => { set.delete(onSignal); };
    },
    ring: (id) => { for (const listener of subscribers.get(id) ?? []) listener(); },
    count: () => [...subscribers.values()].reduce((sum, set) => sum + set.size, 0),
  };
  let reads = 0;
  return {
    feed,
    get reads() { return reads; },
    deps: {
      invoices: { findById: async (id: InvoiceId) => { reads += 1; return id === current.id ? current : null; } },
      stores: { findById: async (id: StoreId) => (id === current.storeId ? store() : null) },
      clock: { now },
      feed,
    },
    update(change: Partial<StoredInvoice>) { current = { ...current, ...change }; },
  };
}
