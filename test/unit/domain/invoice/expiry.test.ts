import fc from 'fast-check';
import {
  EXPIRATION_TOO_SHORT, expirationFrom, InvalidExpirationError, planInvoiceExpiry,
} from '../../../../src/domain/invoice/expiry';

const NOW = new Date('2026-03-01T12:00:00.750Z');
const NOW_SECOND = Date.parse('2026-03-01T12:00:00Z');
const minutesLater = (minutes: number) => new Date(NOW_SECOND + minutes * 60_000);

describe('planInvoiceExpiry', () => {
  it.each([
    [undefined, 'BTC', 15, false],
    [null, 'BTC', 15, false],
    [15, 'BTC', 15, false],
    [0.5, 'BTC', 1, false], // 30 s, the minimum, asks Blink for its minimum minute
    [1.5, 'BTC', 2, false], // rounded up: never less time than asked
    [60, 'BTC', 60, false],
    [1440, 'BTC', 1440, false],
    [1441, 'BTC', 1440, true],
    [1e9, 'BTC', 1440, true],
    [undefined, 'USD', 5, true], // the default 15 min is capped at Blink's 5 on USD wallets
    [5, 'USD', 5, false],
    [3, 'USD', 3, false],
    [0.1 + 0.2 + 0.7, 'BTC', 1, false], // float noise does not add a minute
  ] as const)('%s min on a %s wallet → expiresIn %d (capped: %s)', (expirationMinutes, walletCurrency, expiresIn, capped) => {
    expect(planInvoiceExpiry({ expirationMinutes, walletCurrency, now: NOW })).toEqual({
      expiresInMinutes: expiresIn, expirationTime: minutesLater(expiresIn), capped,
    });
  });

  it.each([0, 0.49, -1, NaN, Infinity, -Infinity])('refuses %s minutes with Greenfield\'s message', (expirationMinutes) => {
    const result = planInvoiceExpiry({ expirationMinutes, walletCurrency: 'BTC', now: NOW });
    expect(result).toBeInstanceOf(InvalidExpirationError);
    expect(result).toMatchObject({ message: EXPIRATION_TOO_SHORT, code: 'invalid-expiration' });
  });

  it('expiresIn and expirationTime always agree, within Blink\'s range, never shorter than asked unless capped', () => {
    fc.assert(fc.property(
      fc.double({ min: 0.5, max: 5000, noNaN: true }),
      fc.constantFrom('BTC' as const, 'USD' as const),
      fc.date({ min: new Date(0), max: new Date(4e12), noInvalidDate: true }),
      (expirationMinutes, walletCurrency, now) => {
        const plan = planInvoiceExpiry({ expirationMinutes, walletCurrency, now });
        if (plan instanceof Error) return false;
        const max = walletCurrency === 'USD' ? 5 : 1440;
        const agrees = plan.expirationTime.getTime() === expirationFrom(now, plan.expiresInMinutes).getTime();
        const inRange = Number.isInteger(plan.expiresInMinutes) && plan.expiresInMinutes >= 1 && plan.expiresInMinutes <= max;
        const longEnough = plan.capped || plan.expiresInMinutes * 60_000 >= Math.round(expirationMinutes * 60_000);
        return agrees && inRange && longEnough && plan.capped === (Math.ceil(Math.round(expirationMinutes * 60_000) / 60_000) > max);
      },
    ));
  });
});

describe('expirationFrom', () => {
  it('counts from the BOLT11\'s whole-second timestamp', () => {
    expect(expirationFrom(new Date('2026-03-01T12:00:00.999Z'), 5)).toEqual(new Date('2026-03-01T12:05:00Z'));
  });
});
