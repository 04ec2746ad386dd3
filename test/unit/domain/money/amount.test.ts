import fc from 'fast-check';
import {
  AMOUNT_NEGATIVE, AMOUNT_NOT_A_NUMBER, AMOUNT_TOO_LARGE, InvalidAmountError, parseGreenfieldAmount,
} from '../../../../src/domain/money/amount';
import { formatDecimal } from '../../../../src/domain/money/decimal';
import { currencyDecimals, currencyKind, parseCurrencyCode, InvalidCurrencyError, type CurrencyCode } from '../../../../src/domain/money/currency';
import { formatAmount, formatInCurrency, formatSatsAsBtc, formatSatsAsBtcFixed } from '../../../../src/domain/money/format';
import { parseSats, parseUsdCents, InvalidUnitAmountError, MAX_SATS, type Sats } from '../../../../src/domain/money/units';

const text = (value: unknown): string => {
  const amount = parseGreenfieldAmount(value);
  if (amount === null || amount instanceof Error) throw new Error(`not an amount: ${String(value)}`);
  return formatAmount(amount);
};

describe('parseGreenfieldAmount', () => {
  it.each([
    ['12.50', '12.50'],
    [12.5, '12.5'],
    ['0.00012', '0.00012'],
    [0.00012, '0.00012'],
    [100, '100'],
    ['0', '0'],
    [' 3.10 ', '3.10'],
    ['18446744073709551615', '18446744073709551615'],
  ])('%j → %s', (value, expected) => {
    expect(text(value)).toBe(expected);
  });

  it.each([undefined, null])('%s means a top-up invoice', (value) => {
    expect(parseGreenfieldAmount(value)).toBeNull();
  });

  it.each([
    ['-1', AMOUNT_NEGATIVE],
    [-0.01, AMOUNT_NEGATIVE],
    ['18446744073709551616', AMOUNT_TOO_LARGE],
    [1e20, AMOUNT_TOO_LARGE],
    ['abc', AMOUNT_NOT_A_NUMBER],
    ['', AMOUNT_NOT_A_NUMBER],
    [true, AMOUNT_NOT_A_NUMBER],
    [{}, AMOUNT_NOT_A_NUMBER],
    [NaN, AMOUNT_NOT_A_NUMBER],
  ])('%j → %s', (value, message) => {
    const result = parseGreenfieldAmount(value);
    expect(result).toBeInstanceOf(InvalidAmountError);
    expect(result).toMatchObject({ message, path: 'amount', code: 'invalid-amount' });
  });

  it('a number and its string form parse to the same value', () => {
    fc.assert(fc.property(fc.double({ min: 0, max: 1e15, noNaN: true }).filter((n) => n === 0 || n >= 1e-12), (n) => {
      const fromNumber = parseGreenfieldAmount(n);
      const fromString = parseGreenfieldAmount(String(n));
      return fromNumber !== null && !(fromNumber instanceof Error) && formatDecimal(fromNumber) === text(String(n)) && fromString !== null;
    }));
  });
});

describe('currencies', () => {
  it.each([
    [' usd ', 'USD', 'fiat', 2],
    ['btc', 'BTC', 'btc', 8],
    ['SATS', 'SATS', 'sats', 0],
    ['jpy', 'JPY', 'fiat', 0],
    ['KWD', 'KWD', 'fiat', 3],
    ['EUR', 'EUR', 'fiat', 2],
  ])('%j → %s (%s, %d decimals)', (input, code, kind, decimals) => {
    const parsed = parseCurrencyCode(input) as CurrencyCode;
    expect(parsed).toBe(code);
    expect(currencyKind(parsed)).toBe(kind);
    expect(currencyDecimals(parsed)).toBe(decimals);
  });

  it.each(['', 'US', 'EURO', 'U$D', '123', 'SATOSHI'])('rejects %j', (input) => {
    expect(parseCurrencyCode(input)).toBeInstanceOf(InvalidCurrencyError);
  });
});

describe('formatting', () => {
  const usd = parseCurrencyCode('USD') as CurrencyCode;
  it('writes Greenfield decimal strings', () => {
    expect(formatInCurrency(parseGreenfieldAmount('12.5') as never, usd)).toBe('12.50');
    expect(formatInCurrency(parseGreenfieldAmount('12.509') as never, usd)).toBe('12.50');
    expect(formatInCurrency(parseGreenfieldAmount('12.501') as never, usd, 'ceil')).toBe('12.51');
    expect(formatSatsAsBtc(12000 as Sats)).toBe('0.00012');
    expect(formatSatsAsBtc(100_000_000 as Sats)).toBe('1');
    expect(formatSatsAsBtcFixed(12000 as Sats)).toBe('0.00012000');
    expect(text(1e-7)).toBe('0.0000001');
  });
});

describe('integer units', () => {
  it.each([0, 1, 21e14, 10n ** 13n])('accepts %s sats', (value) => {
    expect(parseSats(value)).toBe(Number(value));
  });
  it.each([-1, 1.5, MAX_SATS + 1, NaN, 2n ** 64n])('rejects %s sats', (value) => {
    expect(parseSats(value)).toBeInstanceOf(InvalidUnitAmountError);
  });
  it('bounds cents by Blink\'s CentAmount', () => {
    expect(parseUsdCents(1250)).toBe(1250);
    expect(parseUsdCents(10 ** 13 + 1)).toBeInstanceOf(InvalidUnitAmountError);
  });
});
