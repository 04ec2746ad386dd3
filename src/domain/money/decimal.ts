/**
 * Exact decimal numbers for money: a bigint of units and a decimal scale (value = units / 10^scale).
 * Floating point cannot hold 0.1 or 12.345 exactly, and a payment gateway must never round by
 * accident; every rounding here is explicit and names its direction.
 */

export interface Decimal {
  /** The value times 10^scale. */
  readonly units: bigint;
  /** Digits after the decimal point (≥ 0). `12.50` is `{ units: 1250n, scale: 2 }`. */
  readonly scale: number;
}

/** `ceil` rounds toward +∞, `floor` toward −∞, `half-up` to nearest with ties away from zero. */
export type Rounding = 'ceil' | 'floor' | 'half-up';

export class DecimalSyntaxError extends Error {
  override readonly name = 'DecimalSyntaxError';
  readonly code = 'invalid-decimal';
}

/** Bounds that keep a hostile input ("1e999999999") from allocating huge bigints. */
const MAX_TEXT_LENGTH = 100;
const MAX_SCALE = 60;
const MAX_INTEGER_DIGITS = 60;
const DECIMAL_TEXT = /^([+-])?(?:(\d+)(?:\.(\d*))?|\.(\d+))(?:[eE]([+-]?\d{1,4}))?$/;

export function decimal(units: bigint, scale = 0): Decimal {
  if (!Number.isInteger(scale) || scale < 0) throw new RangeError(`invalid decimal scale ${scale}`);
  return { units, scale };
}

export const ZERO: Decimal = decimal(0n);

/**
 * Parses `12.50`, `-3`, `.5`, `5.`, `1e-7`, `1.2E+3` (surrounding blanks ignored). The scale is the
 * number of fraction digits written, so `12.50` keeps its two decimals (as C#'s decimal does).
 */
export function parseDecimal(text: string): Decimal | DecimalSyntaxError {
  const trimmed = text.trim();
  if (trimmed.length === 0 || trimmed.length > MAX_TEXT_LENGTH) return new DecimalSyntaxError('Not a decimal number');
  const match = DECIMAL_TEXT.exec(trimmed);
  if (!match) return new DecimalSyntaxError('Not a decimal number');
  const [, sign, integerPart = '', fractionPart = '', fractionOnly, exponentText] = match;
  const fraction = fractionOnly ?? fractionPart;
  const digits = `${integerPart}${fraction}`;
  let scale = fraction.length - Number(exponentText ?? '0');
  let units = BigInt(digits === '' ? '0' : digits);
  if (scale < 0) {
    units *= 10n ** BigInt(-scale);
    scale = 0;
  }
  if (scale > MAX_SCALE) return new DecimalSyntaxError('Too many decimal places');
  if (units.toString().length - scale > MAX_INTEGER_DIGITS) return new DecimalSyntaxError('Number too large');
  return decimal(sign === '-' ? -units : units, scale);
}

/**
 * A JSON number reaches us as a double; its shortest round-trip text (`String(n)`) is the literal the
 * sender most likely wrote (12.5 → "12.5", 0.00012 → "0.00012", 1e-7 → "1e-7").
 */
export function decimalFromNumber(value: number): Decimal | DecimalSyntaxError {
  if (!Number.isFinite(value)) return new DecimalSyntaxError('Not a finite number');
  return parseDecimal(String(value));
}

export const decimalFromBigInt = (value: bigint): Decimal => decimal(value, 0);

/** The same value at a larger scale (exact). */
function widen(value: Decimal, scale: number): bigint {
  return value.units * 10n ** BigInt(scale - value.scale);
}

export function add(a: Decimal, b: Decimal): Decimal {
  const scale = Math.max(a.scale, b.scale);
  return decimal(widen(a, scale) + widen(b, scale), scale);
}

export function subtract(a: Decimal, b: Decimal): Decimal {
  return add(a, negate(b));
}

export const negate = (a: Decimal): Decimal => decimal(-a.units, a.scale);

export function multiply(a: Decimal, b: Decimal): Decimal {
  return decimal(a.units * b.units, a.scale + b.scale);
}

export function compare(a: Decimal, b: Decimal): -1 | 0 | 1 {
  const scale = Math.max(a.scale, b.scale);
  const left = widen(a, scale);
  const right = widen(b, scale);
  return left < right ? -1 : left > right ? 1 : 0;
}

export const isZero = (a: Decimal): boolean => a.units === 0n;
export const isNegative = (a: Decimal): boolean => a.units < 0n;
export const equals = (a: Decimal, b: Decimal): boolean => compare(a, b) === 0;

/** `numerator / denominator` rounded as asked; the caller guarantees a non-zero denominator. */
export function divideIntegers(numerator: bigint, denominator: bigint, rounding: Rounding): bigint {
  if (denominator === 0n) throw new RangeError('division by zero');
  const sign = (numerator < 0n) !== (denominator < 0n) ? -1n : 1n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const quotient = n / d;
  const remainder = n % d;
  if (remainder === 0n) return sign * quotient;
  switch (rounding) {
    case 'ceil':
      return sign > 0n ? quotient + 1n : -quotient;
    case 'floor':
      return sign > 0n ? quotient : -(quotient + 1n);
    case 'half-up':
      return sign * (remainder * 2n >= d ? quotient + 1n : quotient);
  }
}

/** The value with exactly `scale` decimals, rounded as asked when digits are dropped. */
export function rescale(value: Decimal, scale: number, rounding: Rounding): Decimal {
  if (scale >= value.scale) return decimal(widen(value, scale), scale);
  const dropped = 10n ** BigInt(value.scale - scale);
  return decimal(divideIntegers(value.units, dropped, rounding), scale);
}

/** `a / b` with `scale` decimals; the caller guarantees b ≠ 0. */
export function divide(a: Decimal, b: Decimal, scale: number, rounding: Rounding): Decimal {
  // a/b = (a.units / 10^a.scale) / (b.units / 10^b.scale); scaled by 10^scale to keep `scale` digits.
  const numerator = a.units * 10n ** BigInt(scale + b.scale);
  const denominator = b.units * 10n ** BigInt(a.scale);
  return decimal(divideIntegers(numerator, denominator, rounding), scale);
}

/** The value rounded to a whole number. */
export const toInteger = (value: Decimal, rounding: Rounding): bigint => rescale(value, 0, rounding).units;

/** Drops trailing fraction zeros: `12.50` → `12.5`, `3.000` → `3`. */
export function normalize(value: Decimal): Decimal {
  let { units, scale } = value;
  while (scale > 0 && units % 10n === 0n) {
    units /= 10n;
    scale -= 1;
  }
  return decimal(units, scale);
}

/** Plain decimal text with the value's own scale: `{1250n, 2}` → `"12.50"`; never exponent form. */
export function formatDecimal(value: Decimal): string {
  const negative = value.units < 0n;
  const digits = (negative ? -value.units : value.units).toString().padStart(value.scale + 1, '0');
  const integer = digits.slice(0, digits.length - value.scale);
  const fraction = digits.slice(digits.length - value.scale);
  return `${negative ? '-' : ''}${integer}${value.scale > 0 ? `.${fraction}` : ''}`;
}
