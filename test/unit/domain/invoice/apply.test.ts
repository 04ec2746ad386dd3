import fc from 'fast-check';
import {
  applyInvoiceEvent, availableStatusesForManualMarking, CANNOT_MARK_MESSAGE, INVOICE_TRANSITIONS, invoiceEventSchema,
  InvoiceTransitionError, openInvoice, CAUSE_CLASSES, type AdditionalStatus, type CauseClass, type InvoiceCause,
  type InvoiceEvent, type InvoiceState, type InvoiceStatus, type InvoicePayment,
} from '../../../../src/domain/invoice';
import type { Sats } from '../../../../src/domain/money/units';

const T = new Date('2026-03-01T12:15:00Z'); // the invoice's expirationTime
const T_SECONDS = T.getTime() / 1000;
const DUE = 1000;
const BOLT11 = 'lnbc10u1p…';
const hash = (n: number): string => n.toString(16).padStart(64, '0');
const payment = (sats: number, receivedTime = T_SECONDS - 60, id = hash(sats + 1)): InvoicePayment => ({
  id, receivedTime, sats, destination: BOLT11,
});

/** Every (status, additional status) an invoice can be in, with a paid total consistent with it. */
const STATES: Record<string, number> = {
  'New/None': 0, 'New/PaidPartial': 400, 'Processing/None': 1000, 'Processing/PaidOver': 1200,
  'Settled/None': 1000, 'Settled/PaidOver': 1200, 'Settled/Marked': 0,
  'Expired/None': 0, 'Expired/PaidPartial': 400, 'Expired/PaidLate': 1000,
  'Invalid/Marked': 0, 'Invalid/None': 0,
};

function state(key: string): InvoiceState {
  const [status, additionalStatus] = key.split('/') as [InvoiceStatus, AdditionalStatus];
  const paid = STATES[key] ?? 0;
  return {
    status, additionalStatus, type: 'Standard', dueSats: DUE as Sats, paidSats: paid as Sats,
    paymentIds: paid > 0 ? [hash(999_999)] : [], expirationTime: T,
  };
}

/** The concrete cause of a class for an invoice, or undefined when the class cannot happen from there. */
function causeFor(invoice: InvoiceState, cause: CauseClass): { cause: InvoiceCause; now: Date } | undefined {
  const paid = invoice.paidSats;
  const pay = (sats: number) => ({ cause: { kind: 'payment-settled', payment: payment(sats) } as const, now: T });
  switch (cause) {
    case 'payment-partial':
      return paid < DUE - 1 ? pay(Math.floor((DUE - paid) / 2)) : undefined;
    case 'payment-full':
      return paid <= DUE ? pay(DUE - paid) : undefined;
    case 'payment-over':
      return pay(Math.max(DUE - paid, 0) + 100);
    case 'expiry-due':
      return { cause: { kind: 'expiry-reached' }, now: new Date(T.getTime() + 1000) };
    case 'mark-settled':
      return { cause: { kind: 'mark', status: 'Settled' }, now: T };
    case 'mark-invalid':
      return { cause: { kind: 'mark', status: 'Invalid' }, now: T };
  }
}

const ABBREVIATIONS: Record<string, InvoiceEvent['type']> = {
  RP: 'InvoiceReceivedPayment', PS: 'InvoicePaymentSettled', Pr: 'InvoiceProcessing', St: 'InvoiceSettled',
  In: 'InvoiceInvalid', Ex: 'InvoiceExpired', EP: 'InvoiceExpiredPaidPartial', PL: 'InvoicePaidAfterExpiration',
};

/**
 * The specification: for every state and cause class, the resulting state and events
 * ("=" keeps the state and emits nothing, "n/a" cannot happen, "ERR:code" is refused).
 * Columns: payment-partial | payment-full | payment-over | expiry-due | mark-settled | mark-invalid
 */
const EXPECTED: Record<string, readonly string[]> = {
  'New/None': ['New/PaidPartial RP PS', 'Settled/None RP PS Pr St', 'Settled/PaidOver RP PS Pr St', 'Expired/None Ex', 'Settled/Marked St', 'Invalid/Marked In'],
  'New/PaidPartial': ['New/PaidPartial RP PS', 'Settled/None RP PS Pr St', 'Settled/PaidOver RP PS Pr St', 'Expired/PaidPartial Ex EP', 'Settled/Marked St', 'Invalid/Marked In'],
  'Processing/None': ['n/a', 'Settled/None RP PS St', 'Settled/PaidOver RP PS St', '=', 'Settled/Marked St', 'Invalid/Marked In'],
  'Processing/PaidOver': ['n/a', 'n/a', 'Settled/PaidOver RP PS St', '=', 'Settled/Marked St', 'Invalid/Marked In'],
  'Settled/None': ['n/a', 'Settled/None RP PS', 'Settled/None RP PS', '=', 'ERR:invoice-cannot-be-marked', 'ERR:invoice-cannot-be-marked'],
  'Settled/PaidOver': ['n/a', 'n/a', 'Settled/PaidOver RP PS', '=', 'ERR:invoice-cannot-be-marked', 'ERR:invoice-cannot-be-marked'],
  'Settled/Marked': ['Settled/Marked RP PS', 'Settled/Marked RP PS', 'Settled/Marked RP PS', '=', 'ERR:invoice-cannot-be-marked', 'Invalid/Marked In'],
  'Expired/None': ['Expired/PaidPartial RP PS', 'Expired/PaidLate RP PS PL', 'Expired/PaidLate RP PS PL', '=', 'Settled/Marked St', 'Invalid/Marked In'],
  'Expired/PaidPartial': ['Expired/PaidPartial RP PS', 'Expired/PaidLate RP PS PL', 'Expired/PaidLate RP PS PL', '=', 'Settled/Marked St', 'Invalid/Marked In'],
  'Expired/PaidLate': ['n/a', 'Expired/PaidLate RP PS', 'Expired/PaidLate RP PS', '=', 'Settled/Marked St', 'Invalid/Marked In'],
  'Invalid/Marked': ['Invalid/Marked RP PS', 'Invalid/Marked RP PS', 'Invalid/Marked RP PS', '=', 'Settled/Marked St', 'ERR:invoice-cannot-be-marked'],
  'Invalid/None': ['Invalid/None RP PS', 'Invalid/None RP PS', 'Invalid/None RP PS', '=', 'Settled/Marked St', 'ERR:invoice-cannot-be-marked'],
};

const PAIRS = Object.keys(STATES).flatMap((key) =>
  CAUSE_CLASSES.map((cause, column) => [key, cause, EXPECTED[key]?.[column] ?? 'missing'] as const));

describe('applyInvoiceEvent: every (state, cause) pair', () => {
  it.each(PAIRS)('%s on %s → %s', (key, causeClass, expected) => {
    const before = state(key);
    const concrete = causeFor(before, causeClass);
    if (expected === 'n/a') {
      expect(concrete).toBeUndefined();
      return;
    }
    if (!concrete) throw new Error(`no concrete cause for ${key} ${causeClass}`);
    const result = applyInvoiceEvent(before, concrete.cause, concrete.now);
    if (expected.startsWith('ERR:')) {
      expect(result).toBeInstanceOf(InvoiceTransitionError);
      expect(result).toMatchObject({ code: expected.slice(4) });
      return;
    }
    if (result instanceof Error) throw result;
    if (expected === '=') {
      expect(result).toEqual({ invoice: before, events: [] });
      return;
    }
    const [to, ...events] = expected.split(' ');
    expect(`${result.invoice.status}/${result.invoice.additionalStatus}`).toBe(to);
    expect(result.events.map((event) => event.type)).toEqual(events.map((e) => ABBREVIATIONS[e]));
    for (const event of result.events) expect(invoiceEventSchema.parse(JSON.parse(JSON.stringify(event)))).toEqual(event);
  });

  it('the table covers every cause class and only known events', () => {
    const used = new Set(INVOICE_TRANSITIONS.flatMap((row) => row.on));
    expect([...used].sort()).toEqual([...CAUSE_CLASSES].sort());
  });
});

describe('a Lightning payment', () => {
  const fresh = () => openInvoice({ type: 'Standard', dueSats: DUE as Sats, expirationTime: T });

  it('starts with InvoiceCreated', () => {
    const { invoice, events } = fresh();
    expect(events).toEqual([{ type: 'InvoiceCreated' }]);
    expect(invoice).toMatchObject({ status: 'New', additionalStatus: 'None', paidSats: 0, dueSats: DUE });
  });

  it('paid in time emits BTCPay\'s sequence with its fields', () => {
    const paid = payment(DUE);
    const result = applyInvoiceEvent(fresh().invoice, { kind: 'payment-settled', payment: paid }, T);
    expect(result).toEqual({
      invoice: expect.objectContaining({ status: 'Settled', additionalStatus: 'None', paidSats: DUE, paymentIds: [paid.id] }),
      events: [
        { type: 'InvoiceReceivedPayment', afterExpiration: false, paymentMethodId: 'BTC-LN', payment: paid },
        { type: 'InvoicePaymentSettled', afterExpiration: false, paymentMethodId: 'BTC-LN', payment: paid },
        { type: 'InvoiceProcessing', overPaid: false },
        { type: 'InvoiceSettled', manuallyMarked: false, overPaid: false },
      ],
    });
  });

  it('overpaid sets PaidOver and overPaid on Processing and Settled', () => {
    const result = applyInvoiceEvent(fresh().invoice, { kind: 'payment-settled', payment: payment(DUE + 1) }, T);
    if (result instanceof Error) throw result;
    expect(result.events.slice(2)).toEqual([
      { type: 'InvoiceProcessing', overPaid: true },
      { type: 'InvoiceSettled', manuallyMarked: false, overPaid: true },
    ]);
  });

  it('settled after the expiry time is paid late: expired first, then PaidLate', () => {
    const late = payment(DUE, T_SECONDS);
    const result = applyInvoiceEvent(fresh().invoice, { kind: 'payment-settled', payment: late }, new Date(T.getTime() + 5000));
    expect(result).toEqual({
      invoice: expect.objectContaining({ status: 'Expired', additionalStatus: 'PaidLate', paidSats: DUE }),
      events: [
        { type: 'InvoiceExpired', partiallyPaid: false },
        { type: 'InvoiceReceivedPayment', afterExpiration: true, paymentMethodId: 'BTC-LN', payment: late },
        { type: 'InvoicePaymentSettled', afterExpiration: true, paymentMethodId: 'BTC-LN', payment: late },
        { type: 'InvoicePaidAfterExpiration' },
      ],
    });
  });

  it('settled in time but noticed after the expiry is paid in time (the evidence\'s time counts)', () => {
    const result = applyInvoiceEvent(fresh().invoice, { kind: 'payment-settled', payment: payment(DUE, T_SECONDS - 1) }, new Date(T.getTime() + 60_000));
    expect(result).toMatchObject({ invoice: { status: 'Settled', additionalStatus: 'None' } });
  });

  it('is counted once however often it is reported', () => {
    const cause = { kind: 'payment-settled', payment: payment(DUE) } as const;
    const first = applyInvoiceEvent(fresh().invoice, cause, T);
    if (first instanceof Error) throw first;
    expect(applyInvoiceEvent(first.invoice, cause, T)).toEqual({ invoice: first.invoice, events: [] });
  });
});

describe('top-up invoices', () => {
  const topUp = () => openInvoice({ type: 'TopUp', expirationTime: T }).invoice;

  it('any amount pays, and is never PaidOver', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 10 ** 12 }), (sats) => {
      const result = applyInvoiceEvent(topUp(), { kind: 'payment-settled', payment: payment(sats) }, T);
      return !(result instanceof Error) && result.invoice.status === 'Settled' && result.invoice.additionalStatus === 'None'
        && result.invoice.dueSats === null && result.invoice.paidSats === sats;
    }));
  });

  it('paid after expiry is PaidLate', () => {
    const result = applyInvoiceEvent(topUp(), { kind: 'payment-settled', payment: payment(5, T_SECONDS + 10) }, T);
    expect(result).toMatchObject({ invoice: { status: 'Expired', additionalStatus: 'PaidLate' } });
  });
});

describe('expiry and marking', () => {
  it('refuses to expire an open invoice early and says when to come back', () => {
    const result = applyInvoiceEvent(state('New/None'), { kind: 'expiry-reached' }, new Date(T.getTime() - 1));
    expect(result).toBeInstanceOf(InvoiceTransitionError);
    expect(result).toMatchObject({ code: 'invoice-not-expired-yet', expirationTime: T });
    expect(applyInvoiceEvent(state('New/None'), { kind: 'expiry-reached' }, T)).toMatchObject({ invoice: { status: 'Expired' } });
  });

  it('refuses a marking with Greenfield\'s message', () => {
    expect(applyInvoiceEvent(state('Settled/None'), { kind: 'mark', status: 'Settled' }, T)).toMatchObject({
      code: 'invoice-cannot-be-marked', message: CANNOT_MARK_MESSAGE,
    });
  });

  it('marks with manuallyMarked and without overPaid', () => {
    expect(applyInvoiceEvent(state('Processing/PaidOver'), { kind: 'mark', status: 'Settled' }, T)).toMatchObject({
      events: [{ type: 'InvoiceSettled', manuallyMarked: true, overPaid: false }],
    });
    expect(applyInvoiceEvent(state('Expired/None'), { kind: 'mark', status: 'Invalid' }, T)).toMatchObject({
      events: [{ type: 'InvoiceInvalid', manuallyMarked: true }],
    });
  });

  it.each([
    ['New/None', ['Settled', 'Invalid']],
    ['New/PaidPartial', ['Settled', 'Invalid']],
    ['Processing/None', ['Settled', 'Invalid']],
    ['Expired/PaidLate', ['Settled', 'Invalid']],
    ['Settled/None', []],
    ['Settled/PaidOver', []],
    ['Settled/Marked', ['Invalid']],
    ['Invalid/Marked', ['Settled']],
    ['Invalid/None', ['Settled']],
  ])('availableStatusesForManualMarking(%s) = %j', (key, statuses) => {
    expect(availableStatusesForManualMarking(state(key))).toEqual(statuses);
  });
});

describe('any sequence of causes', () => {
  const arbCause: fc.Arbitrary<{ cause: InvoiceCause; now: Date }> = fc.oneof(
    fc.record({ id: fc.integer({ min: 1, max: 6 }), sats: fc.integer({ min: 0, max: 1500 }), offset: fc.integer({ min: -900, max: 900 }) })
      .map(({ id, sats, offset }) => ({
        // The same id always carries the same amount and time, as a real payment does.
        cause: { kind: 'payment-settled' as const, payment: payment(sats, T_SECONDS + offset, hash(id)) },
        now: new Date(T.getTime() + offset * 1000),
      })),
    fc.integer({ min: -600, max: 600 }).map((offset) => ({ cause: { kind: 'expiry-reached' } as const, now: new Date(T.getTime() + offset * 1000) })),
    fc.constantFrom('Settled', 'Invalid').map((status) => ({ cause: { kind: 'mark', status } as const, now: T })),
  );

  it('keeps the invariants: one count per payment, one expiry, one PaidAfterExpiration, never back to New', () => {
    fc.assert(fc.property(fc.array(arbCause, { maxLength: 12 }), (steps) => {
      let invoice = openInvoice({ type: 'Standard', dueSats: DUE as Sats, expirationTime: T }).invoice;
      const seen = new Map<string, number>();
      const events: InvoiceEvent[] = [];
      for (const { cause, now } of steps) {
        const normalized = cause.kind === 'payment-settled'
          ? { ...cause, payment: { ...cause.payment, sats: seen.get(cause.payment.id) ?? cause.payment.sats } }
          : cause;
        const result = applyInvoiceEvent(invoice, normalized, now);
        if (result instanceof Error) {
          expect(['invoice-not-expired-yet', 'invoice-cannot-be-marked']).toContain(result.code);
          continue;
        }
        if (invoice.status !== 'New') expect(result.invoice.status).not.toBe('New');
        if (normalized.kind === 'payment-settled') seen.set(normalized.payment.id, normalized.payment.sats);
        invoice = result.invoice;
        events.push(...result.events);
      }
      const total = [...seen.values()].reduce((sum, sats) => sum + sats, 0);
      expect(invoice.paidSats).toBe(total);
      expect(events.filter((e) => e.type === 'InvoiceExpired').length).toBeLessThanOrEqual(1);
      expect(events.filter((e) => e.type === 'InvoicePaidAfterExpiration').length).toBeLessThanOrEqual(1);
      expect(events.filter((e) => e.type === 'InvoiceReceivedPayment')).toHaveLength(seen.size);
    }));
  });

  it('repeating a payment or an expiry right away changes nothing', () => {
    fc.assert(fc.property(fc.array(arbCause, { maxLength: 8 }), arbCause, (prefix, last) => {
      let invoice = openInvoice({ type: 'Standard', dueSats: DUE as Sats, expirationTime: T }).invoice;
      for (const { cause, now } of prefix) {
        const result = applyInvoiceEvent(invoice, cause, now);
        if (!(result instanceof Error)) invoice = result.invoice;
      }
      if (last.cause.kind === 'mark') return true; // BTCPay refuses a repeated marking (tested above)
      const once = applyInvoiceEvent(invoice, last.cause, last.now);
      if (once instanceof Error) return true;
      return JSON.stringify(applyInvoiceEvent(once.invoice, last.cause, last.now)) === JSON.stringify({ invoice: once.invoice, events: [] });
    }));
  });
});
