/**
 * Integer money units. A `Sats` is never a `UsdCents`: the brands make mixing them a compile error.
 * Both are JS numbers (safe integers): every sat that can exist (2.1e15) fits exactly below 2^53.
 */
import type { Brand } from '../ids';

export type Sats = Brand<number, 'Sats'>;
export type UsdCents = Brand<number, 'UsdCents'>;

/** All bitcoin that will ever exist, in sats: nothing larger is a meaningful amount. */
export const MAX_SATS = 2_100_000_000_000_000;
/** Blink's `SatAmount` and `CentAmount` scalars accept at most 10^13 (blink-api.md §6). */
export const MAX_BLINK_SATS = 10_000_000_000_000;
export const MAX_BLINK_CENTS = 10_000_000_000_000;
export const SATS_PER_BTC = 100_000_000n;

export class InvalidUnitAmountError extends Error {
  override readonly name = 'InvalidUnitAmountError';
  readonly code = 'invalid-unit-amount';
}

function parseUnits(value: number | bigint, max: number, unit: string): number | InvalidUnitAmountError {
  const n = typeof value === 'bigint' ? Number(value) : value;
  if (typeof value === 'bigint' && BigInt(n) !== value) return new InvalidUnitAmountError(`${unit} out of range`);
  if (!Number.isSafeInteger(n)) return new InvalidUnitAmountError(`${unit} must be a whole number`);
  if (n < 0) return new InvalidUnitAmountError(`${unit} must be 0 or more`);
  if (n > max) return new InvalidUnitAmountError(`${unit} must be at most ${max}`);
  return n;
}

export function parseSats(value: number | bigint): Sats | InvalidUnitAmountError {
  return parseUnits(value, MAX_SATS, 'Sats') as Sats | InvalidUnitAmountError;
}

export function parseUsdCents(value: number | bigint): UsdCents | InvalidUnitAmountError {
  return parseUnits(value, MAX_BLINK_CENTS, 'Cents') as UsdCents | InvalidUnitAmountError;
}

/** Sum of sats; stays a `Sats` because both inputs are bounded well below 2^53 / 2. */
export const addSats = (a: Sats, b: Sats): Sats => (a + b) as Sats;

export const ZERO_SATS = 0 as Sats;
