import fc from 'fast-check';
import { defaultWatchTiming, isStillWatched, nextCheck, paymentTimeFor, watchHorizon } from '../../../../src/app/settlement/policy';
import type { Sats } from '../../../../src/domain/money/units';

const at = (ms: number) => new Date(ms);
const T0 = Date.UTC(2026, 0, 1);
const timing = defaultWatchTiming;

describe('nextCheck', () => {
  const base = { now: at(T0), expirationTime: at(T0 + 3_600_000), horizon: at(T0 + 3_720_000) };

  it('checks slowly while the subscription is healthy and resets the fast ladder', () => {
    expect(nextCheck({ ...base, healthy: true, fastStep: 4 }, timing)).toEqual({ at: at(T0 + 60_000), fastStep: 0 });
  });

  it('starts at 1 s and doubles up to 10 s while it is not', () => {
    const delays = [0, 1, 2, 3, 4, 5].map((fastStep) => nextCheck({ ...base, healthy: false, fastStep }, timing).at.getTime() - T0);
    expect(delays).toEqual([1_000, 2_000, 4_000, 8_000, 10_000, 10_000]);
  });

  it('polls a store with many open invoices less often, within its Blink request budget', () => {
    // 10,000 invoices: 102 requests per check; 60 requests a minute allow one check every 102 s.
    expect(nextCheck({ ...base, healthy: true, fastStep: 0, watchedInStore: 10_000 }, timing).at).toEqual(at(T0 + 102_000));
    expect(nextCheck({ ...base, healthy: false, fastStep: 0, watchedInStore: 10_000 }, timing).at).toEqual(at(T0 + 102_000));
    expect(nextCheck({ ...base, healthy: false, fastStep: 0, watchedInStore: 99 }, timing).at).toEqual(at(T0 + 1_000));
  });

  it('wakes exactly at the expiration, and never after the horizon', () => {
    expect(nextCheck({ ...base, healthy: true, fastStep: 0, expirationTime: at(T0 + 5_000) }, timing).at).toEqual(at(T0 + 5_000));
    const afterExpiry = { now: at(T0 + 10_000), expirationTime: at(T0), horizon: at(T0 + 12_000), healthy: true, fastStep: 0 };
    expect(nextCheck(afterExpiry, timing).at).toEqual(at(T0 + 12_000));
  });

  it('is always in [now, horizon] once the horizon is ahead, whatever the inputs', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 0, max: 10_000_000 }),
      fc.boolean(), fc.integer({ min: 0, max: 100 }), (expiration, horizonExtra, now, healthy, fastStep) => {
        const horizon = expiration + horizonExtra;
        const next = nextCheck({ now: at(now), expirationTime: at(expiration), horizon: at(horizon), healthy, fastStep }, timing);
        expect(next.at.getTime()).toBeGreaterThanOrEqual(Math.min(now, Math.max(horizon, now)));
        expect(next.at.getTime()).toBeLessThanOrEqual(Math.max(horizon, now));
        if (now < expiration) expect(next.at.getTime()).toBeLessThanOrEqual(expiration);
      }));
  });
});

describe('watchHorizon and isStillWatched', () => {
  it('watches until the later of the two expiries plus the grace', () => {
    expect(watchHorizon({ expirationTime: at(T0) }, at(T0 + 30_000), 120_000)).toEqual(at(T0 + 150_000));
    expect(watchHorizon({ expirationTime: at(T0) }, null, 120_000)).toEqual(at(T0 + 120_000));
  });

  it('watches open invoices, and expired unpaid ones until the horizon only', () => {
    const horizon = at(T0 + 1_000);
    const unpaid = { paidSats: 0 as Sats, additionalStatus: 'None' as const };
    expect(isStillWatched({ ...unpaid, status: 'New' }, at(T0 + 5_000), horizon)).toBe(true);
    expect(isStillWatched({ ...unpaid, status: 'Expired' }, at(T0), horizon)).toBe(true);
    expect(isStillWatched({ ...unpaid, status: 'Expired' }, at(T0 + 1_000), horizon)).toBe(false);
    expect(isStillWatched({ ...unpaid, status: 'Settled' }, at(T0), horizon)).toBe(false);
    expect(isStillWatched({ paidSats: 5 as Sats, additionalStatus: 'PaidLate', status: 'Expired' }, at(T0), horizon)).toBe(false);
  });
});

describe('paymentTimeFor', () => {
  it('is the moment seen, but never after the BOLT11 could still be paid', () => {
    const invoice = { expirationTime: at(T0) };
    expect(paymentTimeFor(at(T0 - 5_000), invoice, at(T0))).toEqual(at(T0 - 5_000));
    // Seen late, paid in time: a BOLT11 cannot be paid after its expiry.
    expect(paymentTimeFor(at(T0 + 60_000), invoice, at(T0))).toEqual(at(T0 - 1_000));
    // A BOLT11 that outlives the invoice: paid after the invoice's expiration (paid late).
    expect(paymentTimeFor(at(T0 + 60_000), invoice, at(T0 + 120_000))).toEqual(at(T0 + 60_000));
  });
});
