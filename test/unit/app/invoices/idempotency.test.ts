import { ValidationError } from '../../../../src/app/errors';
import { IdempotencyKeyInUseError } from '../../../../src/app/invoices/errors';
import { claimIdempotencyKey, IDEMPOTENCY_WAIT_MS, parseIdempotencyKey, requestHash } from '../../../../src/app/invoices/idempotency';
import type { StoredInvoice } from '../../../../src/app/ports';
import type { InvoiceId } from '../../../../src/domain/ids';
import { parseDecimal } from '../../../../src/domain/money/decimal';
import type { StoreId } from '../../../../src/domain/store/store-id';
import { fakeInvoices } from './fakes';

const scope = { storeId: 'store' as StoreId, key: 'k-1' };
const clock = { now: () => new Date(0) };
const invoice = { id: 'inv-1' as InvoiceId } as StoredInvoice;

describe('requestHash', () => {
  it('is the same for the same JSON laid out differently, and differs for another value', () => {
    expect(requestHash({ a: 1, b: { c: [1, 2], d: 'x' } })).toBe(requestHash({ b: { d: 'x', c: [1, 2] }, a: 1 }));
    expect(requestHash({ a: 1, b: undefined })).toBe(requestHash({ a: 1 }));
    expect(requestHash({ a: [1, 2] })).not.toBe(requestHash({ a: [2, 1] }));
    expect(requestHash({ a: '1' })).not.toBe(requestHash({ a: 1 }));
  });
  it('hashes exact decimals: "5" and 5 parse to the same amount, "5.0" to another scale', () => {
    expect(requestHash({ amount: parseDecimal('5') })).toBe(requestHash({ amount: parseDecimal(String(5)) }));
    expect(requestHash({ amount: parseDecimal('5') })).not.toBe(requestHash({ amount: parseDecimal('6') }));
  });
});

describe('parseIdempotencyKey', () => {
  it.each([['550e8400-e29b-41d4-a716-446655440000', true], ['order-42:try-1', true], ['', false], ['has space', false], ['é', false], ['x'.repeat(256), false]])(
    '%j → valid %s', (key, valid) => {
      const parsed = parseIdempotencyKey(key);
      expect(parsed instanceof ValidationError).toBe(!valid);
    });
  it('an absent header is no key', () => expect(parseIdempotencyKey(undefined)).toBeUndefined());
});

describe('claimIdempotencyKey', () => {
  const sleeps: number[] = [];
  const sleep = async (ms: number) => { sleeps.push(ms); };
  beforeEach(() => { sleeps.length = 0; });

  it('a free key is claimed', async () => {
    const { repository } = fakeInvoices([{ kind: 'claimed' }]);
    expect(await claimIdempotencyKey({ invoices: repository, clock, sleep }, scope, 'h')).toBe('claimed');
  });
  it('a finished key with the same body returns its invoice', async () => {
    const { repository } = fakeInvoices([{ kind: 'taken', requestHash: 'h', invoiceId: invoice.id }], [invoice]);
    expect(await claimIdempotencyKey({ invoices: repository, clock, sleep }, scope, 'h')).toBe(invoice);
  });
  it('another body is a 422 on the header, at once', async () => {
    const { repository } = fakeInvoices([{ kind: 'taken', requestHash: 'other', invoiceId: null }]);
    const result = await claimIdempotencyKey({ invoices: repository, clock, sleep }, scope, 'h');
    expect(result).toBeInstanceOf(ValidationError);
    expect((result as ValidationError).problems[0]?.path).toBe('Idempotency-Key');
    expect(sleeps).toEqual([]);
  });
  it('a key still in progress is waited for (backing off) until its invoice exists', async () => {
    const pending = { kind: 'taken' as const, requestHash: 'h', invoiceId: null };
    const { repository } = fakeInvoices([pending, pending, pending, { kind: 'taken', requestHash: 'h', invoiceId: invoice.id }], [invoice]);
    expect(await claimIdempotencyKey({ invoices: repository, clock, sleep }, scope, 'h')).toBe(invoice);
    expect(sleeps).toEqual([20, 40, 80]);
  });
  it('a key whose first request failed meanwhile is claimed by the replay', async () => {
    const { repository } = fakeInvoices([{ kind: 'taken', requestHash: 'h', invoiceId: null }, { kind: 'claimed' }]);
    expect(await claimIdempotencyKey({ invoices: repository, clock, sleep }, scope, 'h')).toBe('claimed');
  });
  it('gives up with 409 after waiting IDEMPOTENCY_WAIT_MS', async () => {
    const { repository } = fakeInvoices([{ kind: 'taken', requestHash: 'h', invoiceId: null }]);
    expect(await claimIdempotencyKey({ invoices: repository, clock, sleep }, scope, 'h')).toBeInstanceOf(IdempotencyKeyInUseError);
    expect(sleeps.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(IDEMPOTENCY_WAIT_MS);
    expect(Math.max(...sleeps)).toBe(250);
  });
});
