import bolt11 from 'bolt11';
import { deriveExternalId } from '../../../src/adapters/blink';
import { BlinkError, isBlinkError, type BlinkInvoice, type PaymentHash } from '../../../src/app/blink-port';
import type { InvoiceId } from '../../../src/domain/ids';
import type { Sats, UsdCents } from '../../../src/domain/money/units';
import { startFixture, type Fixture, type Stats } from './sandbox-fixture';

let fixture: Fixture;
let serial = 0;
const invoiceId = () => `Op${process.pid}x${serial++}` as InvoiceId;
const sats = (n: number) => ({ currency: 'BTC', sats: n as Sats }) as const;

beforeAll(async () => { fixture = await startFixture(); });
afterAll(async () => { await fixture.close(); });

function expectInvoice(result: BlinkInvoice | BlinkError): BlinkInvoice {
  if (isBlinkError(result)) throw new Error(`expected an invoice, got ${result.code}: ${result.message}`);
  return result;
}

describe('invoice creation against the sandbox', () => {
  it('creates a BTC invoice (sats) whose BOLT11 carries the amount, hash and memo', async () => {
    const id = invoiceId();
    const invoice = expectInvoice(await fixture.client.createInvoice(fixture.keyed('READ+RECEIVE'), {
      invoiceId: id, walletId: fixture.walletId('BTC'), amount: sats(1_234), memo: 'Order 7', expiresInMinutes: 30,
    }));
    const decoded = bolt11.decode(invoice.paymentRequest);
    expect(decoded.satoshis).toBe(1_234);
    expect(decoded.tagsObject.payment_hash).toBe(invoice.paymentHash);
    expect(decoded.tagsObject.description).toBe('Order 7');
    expect(invoice).toMatchObject({ satoshis: 1_234, status: 'PENDING', externalId: deriveExternalId(id) });
  });

  it('creates a USD invoice (cents) in the USD wallet', async () => {
    const invoice = expectInvoice(await fixture.client.createInvoice(fixture.keyed('READ+RECEIVE', 'USD'), {
      invoiceId: invoiceId(), walletId: fixture.walletId('USD'), amount: { currency: 'USD', cents: 250 as UsdCents },
    }));
    expect(invoice.satoshis).toBeGreaterThan(0);
  });

  it('creates a no-amount invoice', async () => {
    const invoice = expectInvoice(await fixture.client.createInvoice(fixture.keyed('RECEIVE'), {
      invoiceId: invoiceId(), walletId: fixture.walletId('BTC'), amount: null,
    }));
    expect(invoice.satoshis).toBeNull();
    expect(bolt11.decode(invoice.paymentRequest).satoshis ?? null).toBeNull();
  });

  it.each([
    ['BTC', sats(500)],
    ['USD', { currency: 'USD', cents: 100 as UsdCents } as const],
    ['BTC', null],
  ] as const)('creates a keyless (OnBehalfOfRecipient) invoice into the %s wallet', async (currency, amount) => {
    const before = (await fixture.control('stats')) as Stats;
    const invoice = expectInvoice(await fixture.client.createInvoice(fixture.keyless(currency), {
      invoiceId: invoiceId(), walletId: fixture.walletId(currency), amount,
    }));
    expect(invoice.paymentHash).toMatch(/^[0-9a-f]{64}$/);
    const after = (await fixture.control('stats')) as Stats;
    const field = amount === null ? 'lnNoAmountInvoiceCreateOnBehalfOfRecipient'
      : currency === 'USD' ? 'lnUsdInvoiceCreateOnBehalfOfRecipient' : 'lnInvoiceCreateOnBehalfOfRecipient';
    expect((after.byOperation[field] ?? 0) - (before.byOperation[field] ?? 0)).toBe(1);
  });

  it('never leaves two invoices for one order: a second creation gets a fresh external id only when it must', async () => {
    const id = invoiceId();
    const request = { invoiceId: id, walletId: fixture.walletId('BTC'), amount: sats(10) };
    const first = expectInvoice(await fixture.client.createInvoice(fixture.keyed('RECEIVE'), request));
    const second = expectInvoice(await fixture.client.createInvoice(fixture.keyed('RECEIVE'), request));
    // A RECEIVE-only key cannot read the first invoice back, so Blink's refusal leads to a fresh id.
    expect(second.externalId).toBe(`${first.externalId}_1`);
    expect(second.paymentHash).not.toBe(first.paymentHash);
  });
});

describe('status checks', () => {
  const create = async () => expectInvoice(await fixture.client.createInvoice(fixture.keyed('READ+RECEIVE'), {
    invoiceId: invoiceId(), walletId: fixture.walletId('BTC'), amount: sats(21),
  }));

  it('reports PENDING, PAID and EXPIRED, and an unknown hash on its own', async () => {
    const [pending, paid, expired] = [await create(), await create(), await create()];
    await fixture.control('pay', { paymentHash: paid.paymentHash });
    await fixture.control('expire', { paymentHash: expired.paymentHash });
    const unknown = 'f'.repeat(64) as PaymentHash;
    const results = await fixture.client.paymentStatuses(fixture.keyless(), [pending.paymentHash, paid.paymentHash, unknown, expired.paymentHash]);
    if (isBlinkError(results)) throw results;
    expect(results.get(pending.paymentHash)).toMatchObject({ status: 'PENDING' });
    expect(results.get(paid.paymentHash)).toMatchObject({ status: 'PAID' });
    expect(results.get(expired.paymentHash)).toMatchObject({ status: 'EXPIRED' });
    expect(results.get(unknown)).toBeInstanceOf(BlinkError);
    expect((results.get(unknown) as BlinkError).code).toBe('blink-invalid-input');
  });

  it('checks 150 invoices in 2 requests (batches of at most 99 aliases)', async () => {
    const invoices = await Promise.all(Array.from({ length: 150 }, () => create()));
    const before = (await fixture.control('stats')) as Stats;
    const results = await fixture.client.paymentStatuses(fixture.keyed('READ+RECEIVE'), invoices.map((invoice) => invoice.paymentHash));
    const after = (await fixture.control('stats')) as Stats;
    expect(isBlinkError(results) ? results.message : results.size).toBe(150);
    expect(after.requests - before.requests).toBe(2);
  });
});

describe('other operations', () => {
  it('converts fiat to sats and cents', async () => {
    const conversion = await fixture.client.convert(fixture.keyless(), 10, 'USD');
    if (isBlinkError(conversion)) throw conversion;
    expect(conversion.cents).toBe(1_000);
    expect(conversion.sats).toBeGreaterThan(0);
  });
});
