/**
 * Greenfield's `amount` as a shop sends it: a JSON number (`12.5`) or a string (`"12.50"`, which the
 * PHP client sends), or absent/null for a top-up invoice. Messages are BTCPay's where it has one.
 */
import { compare, decimal, decimalFromNumber, isNegative, parseDecimal, type Decimal } from './decimal';

/** BTCPay refuses amounts above the largest 64-bit unsigned value (GreenfieldInvoiceController). */
export const GREENFIELD_MAX_AMOUNT = decimal(18446744073709551615n);

export class InvalidAmountError extends Error {
  override readonly name = 'InvalidAmountError';
  readonly code = 'invalid-amount';
  /** The request field, for Greenfield's 422 `[{path, message}]`. */
  readonly path = 'amount';
}

export const AMOUNT_NOT_A_NUMBER = 'The amount should be a decimal number.';
export const AMOUNT_NEGATIVE = 'The amount should be 0 or more.';
export const AMOUNT_TOO_LARGE = 'The amount should less than 18446744073709551615.';

/** `null` means a top-up invoice (the payer chooses the amount). */
export function parseGreenfieldAmount(value: unknown): Decimal | null | InvalidAmountError {
  if (value === undefined || value === null) return null;
  let parsed: Decimal | Error;
  if (typeof value === 'number') parsed = decimalFromNumber(value);
  else if (typeof value === 'string') parsed = parseDecimal(value);
  else return new InvalidAmountError(AMOUNT_NOT_A_NUMBER);
  if (parsed instanceof Error) return new InvalidAmountError(AMOUNT_NOT_A_NUMBER);
  if (isNegative(parsed)) return new InvalidAmountError(AMOUNT_NEGATIVE);
  if (compare(parsed, GREENFIELD_MAX_AMOUNT) > 0) return new InvalidAmountError(AMOUNT_TOO_LARGE);
  return parsed;
}
