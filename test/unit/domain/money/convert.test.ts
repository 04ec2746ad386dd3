import fc from 'fast-check';
import {
  amountToSats, btcPriceFromQuote, btcToSats, ConversionError, fiatToSats, satsAmountToSats, satsToAmount,
  satsToBtc, usdToCents, centsToUsd,
} from '../../../../src/domain/money/convert';
import { compare, decimal, formatDecimal, multiply, parseDecimal, subtract, type Decimal } from '../../../../src/domain/money/decimal';
import { BTC, SATS, USD, parseCurrencyCode, type CurrencyCode } from '../../../../src/domain/money/currency';
import { MAX_BLINK_SATS, type Sats, type UsdCents } from '../../../../src/domain/money/units';

const d = (text: string): Decimal => {
  const value = parseDecimal(text);
  if (value instanceof Error) throw value;
  return value;
};
const EUR = parseCurrencyCode('EUR') as CurrencyCode;
const JPY = parseCurrencyCode('JPY') as CurrencyCode;
const ONE_SAT_IN_BTC = decimal(1n, 8);

/** Non-negative amounts with up to 12 decimals, as a shop might send. */
const arbAmount = fc
  .record({ units: fc.bigInt({ min: 0n, max: 10n ** 16n }), scale: fc.integer({ min: 0, max: 12 }) })
  .map(({ units, scale }) => decimal(units, scale));
/** BTC prices from 0.01 to 10^9 with 2-8 decimals (VND to KWD territory). */
const arbPrice = fc
  .record({ units: fc.bigInt({ min: 1n, max: 10n ** 11n }), scale: fc.integer({ min: 2, max: 8 }) })
  .map(({ units, scale }) => decimal(units, scale));

describe('to sats (rounded up: the merchant is never underpaid)', () => {
  it.each([
    ['0.00012', 12000],
    ['1', 100_000_000],
    ['0.000000015', 2],
    ['0.00000001', 1],
    ['0', 0],
  ])('%s BTC → %d sats', (btc, sats) => {
    expect(btcToSats(d(btc))).toBe(sats);
  });

  it.each([
    ['1500', 1500],
    ['10.4', 11],
    ['10.0', 10],
  ])('%s SATS → %d sats', (amount, sats) => {
    expect(satsAmountToSats(d(amount))).toBe(sats);
  });

  it.each([
    ['12.50', '50000', 25000],
    ['10', '30000', 33334], // 33 333.33… rounds up
    ['1', '60000.12', 1667],
    ['100000', '1000', 10_000_000_000],
  ])('%s fiat at %s per BTC → %d sats', (amount, price, sats) => {
    expect(fiatToSats(d(amount), d(price))).toBe(sats);
  });

  it('refuses amounts Blink would refuse, negative amounts and non-positive prices', () => {
    expect(btcToSats(d('100001'))).toMatchObject({ code: 'amount-too-large' });
    expect(btcToSats(d('100000'))).toBe(MAX_BLINK_SATS);
    expect(btcToSats(d('-1'))).toMatchObject({ code: 'negative-amount' });
    expect(fiatToSats(d('1'), d('0'))).toMatchObject({ code: 'invalid-rate' });
    expect(fiatToSats(d('1'), d('-5'))).toBeInstanceOf(ConversionError);
  });

  it('dispatches on the currency and needs a price for fiat', () => {
    expect(amountToSats(d('0.001'), BTC)).toBe(100_000);
    expect(amountToSats(d('42'), SATS)).toBe(42);
    expect(amountToSats(d('5'), EUR, d('50000'))).toBe(10_000);
    expect(amountToSats(d('5'), EUR)).toMatchObject({ code: 'rate-required' });
  });

  it('BTC → sats covers the amount, and one sat fewer would not', () => {
    fc.assert(fc.property(arbAmount, (amount) => {
      const sats = btcToSats(amount);
      if (sats instanceof Error) return sats.code === 'amount-too-large';
      const paid = satsToBtc(sats);
      return compare(paid, amount) >= 0 && (sats === 0 || compare(subtract(paid, ONE_SAT_IN_BTC), amount) < 0);
    }));
  });

  it('fiat → sats covers the amount at the price, and one sat fewer would not', () => {
    fc.assert(fc.property(arbAmount, arbPrice, (amount, price) => {
      const sats = fiatToSats(amount, price);
      if (sats instanceof Error) return sats.code === 'amount-too-large';
      const worth = (s: number) => multiply(satsToBtc(s as Sats), price);
      return compare(worth(sats), amount) >= 0 && (sats === 0 || compare(worth(sats - 1), amount) < 0);
    }));
  });

  it('sats → BTC → sats is the identity', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: MAX_BLINK_SATS }), (sats) => btcToSats(satsToBtc(sats as Sats)) === sats));
  });
});

describe('USD → cents (rounded up to the next cent)', () => {
  it.each([
    ['12.50', 1250],
    ['12.345', 1235],
    ['0.001', 1],
    ['7', 700],
  ])('%s USD → %d cents', (usd, cents) => {
    expect(usdToCents(d(usd))).toBe(cents);
  });

  it('covers the amount and is minimal; whole cents round-trip', () => {
    fc.assert(fc.property(arbAmount, (amount) => {
      const cents = usdToCents(amount);
      if (cents instanceof Error) return cents.code === 'amount-too-large';
      const back = centsToUsd(cents);
      return compare(back, amount) >= 0 && (cents === 0 || compare(subtract(back, decimal(1n, 2)), amount) < 0);
    }));
    fc.assert(fc.property(fc.integer({ min: 0, max: 10 ** 12 }), (cents) => usdToCents(centsToUsd(cents as UsdCents)) === cents));
  });
});

describe('prices from Blink quotes (rounded down)', () => {
  it('derives the BTC price of a quote', () => {
    const price = btcPriceFromQuote(d('12.50'), 25000 as Sats);
    expect(price instanceof Error ? price : formatDecimal(price)).toBe('50000');
    const thirds = btcPriceFromQuote(d('1'), 3 as Sats);
    expect(thirds instanceof Error ? thirds : formatDecimal(thirds)).toBe('33333333.3333333333');
    expect(btcPriceFromQuote(d('1'), 0 as Sats)).toMatchObject({ code: 'invalid-rate' });
  });

  it('re-converting at the derived price asks for the quoted sats or one more, never fewer', () => {
    fc.assert(fc.property(
      arbAmount.filter((a) => a.units > 0n && compare(a, d('1000000')) < 0),
      fc.integer({ min: 1, max: 10 ** 9 }),
      (amount, quoted) => {
        const price = btcPriceFromQuote(amount, quoted as Sats);
        if (price instanceof Error) return false;
        const sats = fiatToSats(amount, price);
        return !(sats instanceof Error) && sats >= quoted && sats <= quoted + 1;
      },
    ));
  });
});

describe('sats → invoice currency (rounded down: never claim more was paid)', () => {
  it.each([
    [12000, BTC, undefined, '0.00012000'],
    [1500, SATS, undefined, '1500'],
    [33334, USD, '30000', '10.00'],
    [33333, USD, '30000', '9.99'],
    [100000, JPY, '15000000.5', '15000'],
  ] as const)('%d sats in %s at %s → %s', (sats, currency, price, expected) => {
    const value = satsToAmount(sats as Sats, currency, price === undefined ? undefined : d(price));
    expect(value instanceof Error ? value : formatDecimal(value)).toBe(expected);
  });

  it('needs a price for fiat', () => {
    expect(satsToAmount(1 as Sats, EUR)).toMatchObject({ code: 'rate-required' });
  });
});
