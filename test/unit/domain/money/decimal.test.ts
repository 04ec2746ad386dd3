import fc from 'fast-check';
import {
  add, compare, decimal, decimalFromNumber, divide, divideIntegers, formatDecimal, multiply, normalize,
  parseDecimal, rescale, subtract, DecimalSyntaxError, type Decimal,
} from '../../../../src/domain/money/decimal';

const parsed = (text: string): Decimal => {
  const value = parseDecimal(text);
  if (value instanceof Error) throw value;
  return value;
};

const arbDecimal = fc
  .record({ units: fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }), scale: fc.integer({ min: 0, max: 20 }) })
  .map(({ units, scale }) => decimal(units, scale));

describe('parseDecimal', () => {
  it.each([
    ['12.50', 1250n, 2],
    ['12.5', 125n, 1],
    ['0.00012', 12n, 5],
    ['-3', -3n, 0],
    ['+7', 7n, 0],
    ['.5', 5n, 1],
    ['5.', 5n, 0],
    ['1e-7', 1n, 7],
    ['1.2E+3', 1200n, 0],
    ['2.50e1', 250n, 1],
    ['  42  ', 42n, 0],
    ['0', 0n, 0],
    ['000123.4500', 1234500n, 4],
  ])('%s → units %s scale %s', (text, units, scale) => {
    expect(parseDecimal(text)).toEqual({ units, scale });
  });

  it.each(['', ' ', 'abc', '1,000.50', '1.2.3', '--1', '1e', 'e5', '0x10', 'NaN', 'Infinity', '1 000', '.', '1e99999', '1e-9999'])(
    'rejects %j',
    (text) => {
      expect(parseDecimal(text)).toBeInstanceOf(DecimalSyntaxError);
    },
  );

  it('rejects absurdly long input without work', () => {
    expect(parseDecimal('1'.repeat(101))).toBeInstanceOf(DecimalSyntaxError);
  });
});

describe('decimalFromNumber', () => {
  it.each([
    [12.5, '12.5'],
    [0.00012, '0.00012'],
    [1e-7, '0.0000001'],
    [100, '100'],
    [0.1, '0.1'],
    [1e21, '1000000000000000000000'],
  ])('%s → %s', (value, text) => {
    const result = decimalFromNumber(value);
    expect(result instanceof Error ? result : formatDecimal(result)).toBe(text);
  });

  it.each([NaN, Infinity, -Infinity, 5e-324])('rejects %s', (value) => {
    expect(decimalFromNumber(value)).toBeInstanceOf(DecimalSyntaxError);
  });

  it('reads back every double of money-like size exactly as JavaScript prints it', () => {
    const moneyLike = fc
      .double({ noNaN: true, noDefaultInfinity: true, min: -1e20, max: 1e20 })
      .filter((value) => value === 0 || Math.abs(value) >= 1e-30);
    fc.assert(
      fc.property(moneyLike, (value) => {
        const result = decimalFromNumber(value);
        if (result instanceof Error) return false;
        return Number(formatDecimal(result)) === value || (value === 0 && Object.is(value, -0));
      }),
    );
  });
});

describe('formatDecimal', () => {
  it.each([
    [decimal(1250n, 2), '12.50'],
    [decimal(5n, 3), '0.005'],
    [decimal(-5n, 3), '-0.005'],
    [decimal(0n, 2), '0.00'],
    [decimal(123n), '123'],
  ])('%o → %s', (value, text) => {
    expect(formatDecimal(value)).toBe(text);
  });

  it('round-trips through parseDecimal, scale included', () => {
    fc.assert(fc.property(arbDecimal, (value) => {
      expect(parseDecimal(formatDecimal(value))).toEqual(value);
    }));
  });
});

describe('arithmetic', () => {
  it('adds and subtracts exactly (no 0.1 + 0.2 drift)', () => {
    expect(formatDecimal(add(parsed('0.1'), parsed('0.2')))).toBe('0.3');
    expect(formatDecimal(subtract(parsed('10'), parsed('0.01')))).toBe('9.99');
    expect(formatDecimal(multiply(parsed('1.5'), parsed('0.2')))).toBe('0.30');
  });

  it('subtract undoes add', () => {
    fc.assert(fc.property(arbDecimal, arbDecimal, (a, b) => compare(subtract(add(a, b), b), a) === 0));
  });

  it('compare agrees with the sign of the difference', () => {
    fc.assert(fc.property(arbDecimal, arbDecimal, (a, b) => {
      const difference = subtract(a, b).units;
      return compare(a, b) === (difference > 0n ? 1 : difference < 0n ? -1 : 0);
    }));
  });

  it('normalize keeps the value and drops trailing zeros', () => {
    expect(normalize(parsed('12.500'))).toEqual(decimal(125n, 1));
    expect(normalize(parsed('3.000'))).toEqual(decimal(3n, 0));
    fc.assert(fc.property(arbDecimal, (a) => compare(normalize(a), a) === 0));
  });
});

describe('rounding', () => {
  it.each([
    ['1.21', 1, 'ceil', '1.3'],
    ['1.21', 1, 'floor', '1.2'],
    ['1.25', 1, 'half-up', '1.3'],
    ['1.24', 1, 'half-up', '1.2'],
    ['-1.21', 1, 'ceil', '-1.2'],
    ['-1.21', 1, 'floor', '-1.3'],
    ['-1.25', 1, 'half-up', '-1.3'],
    ['1.20', 1, 'ceil', '1.2'],
    ['7', 2, 'floor', '7.00'],
  ] as const)('rescale(%s, %s, %s) = %s', (text, scale, rounding, expected) => {
    expect(formatDecimal(rescale(parsed(text), scale, rounding))).toBe(expected);
  });

  it('ceil is the least value at that scale that is not below the input', () => {
    fc.assert(fc.property(arbDecimal, fc.integer({ min: 0, max: 10 }), (a, scale) => {
      const up = rescale(a, scale, 'ceil');
      const step = decimal(1n, scale);
      return compare(up, a) >= 0 && compare(subtract(up, step), a) < 0;
    }));
  });

  it('floor is the greatest value at that scale that is not above the input', () => {
    fc.assert(fc.property(arbDecimal, fc.integer({ min: 0, max: 10 }), (a, scale) => {
      const down = rescale(a, scale, 'floor');
      return compare(down, a) <= 0 && compare(add(down, decimal(1n, scale)), a) > 0;
    }));
  });

  it('divides with the asked rounding', () => {
    expect(formatDecimal(divide(parsed('10'), parsed('3'), 4, 'floor'))).toBe('3.3333');
    expect(formatDecimal(divide(parsed('10'), parsed('3'), 4, 'ceil'))).toBe('3.3334');
    expect(formatDecimal(divide(parsed('1.5'), parsed('0.25'), 0, 'floor'))).toBe('6');
    expect(divideIntegers(-7n, 2n, 'ceil')).toBe(-3n);
    expect(divideIntegers(-7n, 2n, 'floor')).toBe(-4n);
    expect(divideIntegers(7n, -2n, 'half-up')).toBe(-4n);
    expect(() => divideIntegers(1n, 0n, 'ceil')).toThrow(RangeError);
  });

  it('divide then multiply back brackets the dividend', () => {
    const positive = arbDecimal.filter((d) => d.units > 0n);
    fc.assert(fc.property(positive, positive, (a, b) => {
      const low = divide(a, b, 6, 'floor');
      const high = divide(a, b, 6, 'ceil');
      return compare(multiply(low, b), a) <= 0 && compare(multiply(high, b), a) >= 0;
    }));
  });
});
