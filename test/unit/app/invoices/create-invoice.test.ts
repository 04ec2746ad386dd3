import { BlinkError } from '../../../../src/app/blink-port';
import { createInvoice, orderIdOf, type CreateInvoiceInput } from '../../../../src/app/invoices/create-invoice';
import type { SecretSealer, StoreRepository, StoredStoreConnection } from '../../../../src/app/ports';
import type { InvoiceId } from '../../../../src/domain/ids';
import { parseCurrencyCode, parseDecimal, type CurrencyCode, type Decimal } from '../../../../src/domain/money';
import type { StoreId } from '../../../../src/domain/store/store-id';
import { storeDefaults, type Store } from '../../../../src/domain/store/store-settings';
import type { WalletId } from '../../../../connection-string/types';
import { allowingGuard, fakeBlink, fakeInvoices } from './fakes';

const storeId = 'store-1' as StoreId;
const now = new Date('2026-01-01T00:00:00Z');
const store: Store = { ...storeDefaults, id: storeId, name: 'Corner Shop', createdAt: now, updatedAt: now };
const connectionText = 'type=blink;server=https://api.blink.sv/graphql;api-key=blink_abc;wallet-id=wallet-1';

function stores(options: { enabled?: boolean; walletCurrency?: 'BTC' | 'USD' } = {}): StoreRepository {
  const connection = {
    storeId, enabled: options.enabled ?? true, mode: 'api-key', access: 'read-receive', server: 'https://api.blink.sv/graphql',
    sealedConnection: connectionText, redactedConnection: '', walletId: 'wallet-1' as WalletId, walletCurrency: options.walletCurrency ?? 'BTC',
    scopes: ['READ', 'RECEIVE'], scopesSource: 'reported', network: 'mainnet', notes: [], warnings: [], verifiedAt: now, updatedAt: now,
  } satisfies StoredStoreConnection;
  return {
    insert: async () => undefined, findById: async (id) => (id === storeId ? store : null), list: async () => [store],
    update: async () => true, delete: async () => true, saveConnection: async () => true,
    findConnection: async () => connection, deleteConnection: async () => true,
    findWithConnection: async (id) => (id === storeId ? { store, connection } : null),
  };
}
const sealer: SecretSealer = { seal: (text) => text, open: (text) => text };
const input = (overrides: Partial<CreateInvoiceInput> = {}): CreateInvoiceInput => ({
  storeId, amount: parseDecimal('1000') as Decimal, currency: parseCurrencyCode('SATS') as CurrencyCode,
  metadata: { orderId: 'A-1' }, checkout: {}, receipt: {}, additionalSearchTerms: [], ...overrides,
});

function deps(options: { blinkFails?: BlinkError; guardAllows?: boolean; walletCurrency?: 'BTC' | 'USD'; enabled?: boolean } = {}) {
  const blink = fakeBlink(options.blinkFails ? { fail: options.blinkFails } : {});
  const invoices = fakeInvoices();
  const rateGuard = allowingGuard(options.guardAllows ?? true);
  let serial = 0;
  return {
    blink, invoices, rateGuard,
    deps: {
      stores: stores(options), sealer, invoices: invoices.repository, blink: blink.blink, rateGuard,
      clock: { now: () => now }, newInvoiceId: () => `inv${(serial += 1)}` as InvoiceId,
    },
  };
}

describe('createInvoice', () => {
  it('one Blink call, then one insert with the BOLT11, state New and the InvoiceCreated event', async () => {
    const { deps: d, blink, invoices } = deps();
    const result = await createInvoice(d, input());
    if (result instanceof Error) throw result;
    expect(blink.calls).toEqual([{ op: 'create', request: {
      invoiceId: 'inv1', walletId: 'wallet-1', amount: { currency: 'BTC', sats: 1000 }, memo: 'Paid to Corner Shop (Order ID: A-1)', expiresInMinutes: 15,
    } }]);
    expect(invoices.state.inserted).toHaveLength(1);
    expect(result.invoice).toMatchObject({
      id: 'inv1', status: 'New', additionalStatus: 'None', type: 'Standard', dueSats: 1000, orderId: 'A-1', bolt11: 'lnbcrt1fake',
      expirationTime: new Date('2026-01-01T00:15:00Z'),
    });
  });

  it('the rate guard refusing: a 429 value and no Blink call', async () => {
    const { deps: d, blink, invoices } = deps({ guardAllows: false });
    const result = await createInvoice(d, input());
    expect(result).toMatchObject({ code: 'invoice-rate-limited', retryAfterSeconds: 5 });
    expect(blink.calls).toEqual([]);
    expect(invoices.state.inserted).toEqual([]);
  });

  it('Blink rate limiting: the account is blocked for 5 minutes for every process', async () => {
    const { deps: d, rateGuard } = deps({ blinkFails: new BlinkError('blink-rate-limited', 'Too many') });
    expect(await createInvoice(d, input())).toMatchObject({ code: 'invoice-rate-limited', retryAfterSeconds: 300 });
    expect(rateGuard.blocks).toEqual([300_000]);
  });

  it('Blink failing: nothing inserted, and the Idempotency-Key released for a retry', async () => {
    const { deps: d, invoices } = deps({ blinkFails: new BlinkError('blink-unavailable', 'timeout') });
    const result = await createInvoice(d, input({ idempotency: { key: 'k', requestHash: 'h' } }));
    expect(result).toMatchObject({ code: 'blink-unavailable' });
    expect(invoices.state.inserted).toEqual([]);
    expect(invoices.state.released).toBe(1);
  });

  it('a USD wallet caps the expiry at 5 minutes and keeps the cents', async () => {
    const { deps: d, blink } = deps({ walletCurrency: 'USD' });
    const result = await createInvoice(d, input({ amount: parseDecimal('2.50') as Decimal, currency: parseCurrencyCode('USD') as CurrencyCode, checkout: { expirationMinutes: 30 } }));
    if (result instanceof Error) throw result;
    expect(blink.calls[0]).toMatchObject({ request: { amount: { currency: 'USD', cents: 250 }, expiresInMinutes: 5 } });
    expect(result.invoice.checkout.expirationMinutes).toBe(5);
    expect(result.invoice.dueCents).toBe(250);
  });

  it('a disabled payment method or only foreign payment methods: refused before any Blink call', async () => {
    const disabled = deps({ enabled: false });
    expect(await createInvoice(disabled.deps, input())).toMatchObject({ code: 'payment-method-unavailable' });
    const chainOnly = deps();
    expect(await createInvoice(chainOnly.deps, input({ checkout: { paymentMethods: ['BTC-CHAIN'] } }))).toMatchObject({ code: 'payment-method-unavailable' });
    expect([...disabled.blink.calls, ...chainOnly.blink.calls]).toEqual([]);
  });

  it('an unknown store is store-not-found', async () => {
    const { deps: d } = deps();
    expect(await createInvoice(d, input({ storeId: 'nope' as StoreId }))).toMatchObject({ code: 'store-not-found' });
  });
});

describe('orderIdOf', () => {
  it.each([[{ orderId: 'A' }, 'A'], [{ orderId: 42 }, '42'], [{ orderId: null }, null], [{ orderId: { a: 1 } }, null], [{}, null]])('%j → %j', (metadata, expected) => {
    expect(orderIdOf(metadata)).toBe(expected);
  });
});
