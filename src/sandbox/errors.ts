import { GraphQLError } from 'graphql';

/**
 * Blink's error shapes and messages (blink-api.md §2-§3). Payload errors are values in a mutation's
 * `errors`; top-level errors are thrown GraphQLErrors.
 */
export interface PayloadError {
  __typename: 'GraphQLApplicationError';
  message: string;
  code: string | null;
  path: string[] | null;
}

export function payloadError(message: string, code: string | null = null): PayloadError {
  return { __typename: 'GraphQLApplicationError', message, code, path: null };
}

/** What a scalar returns (not throws) for a bad value: the resolver turns it into a payload error. */
export class InputValidationError extends Error {
  override readonly name = 'InputValidationError';
}

export function unexpected(detail: string): string {
  return `Unexpected error occurred, please try again or contact support if it persists (code: ${detail})`;
}

export const MESSAGES = {
  notAuthorized: 'Not authorized',
  notAuthorizedToRead: unexpected('AuthorizationError: not authorized to read data'),
  notAuthorizedToMutate: unexpected('AuthorizationError: not authorized to execute mutations'),
  invalidWalletForAccount: unexpected('InvalidWalletForAccountError'),
  unsupportedCurrency: "Unsupported operation for wallet's currency.",
  tooManyInvoices: 'Too many invoices creation, please wait for a while and try again.',
  duplicateExternalId: 'External id for invoice or transaction already exists',
  invalidExternalId: "Invalid external id string passed. ID should be either alphanumeric or contain the characters '_' or '-'. It should not be more than 100 characters long as well.",
  receiveDisabled: 'This account can no longer receive payments. If this is your account, please update the Blink app to migrate your funds.',
  usdAmountTooLow: "Amount sent was too low for recipient's usd wallet.",
  invalidSatAmount: 'A valid satoshi amount is required',
  invalidUsdAmount: 'A valid usd amount is required',
  notAuthenticatedForSubscription: 'Not Authenticated for subscription',
  onlySubscriptions: 'Only subscription operations are supported',
  memoTooLong: 'Memo is too long',
} as const;

export function invoiceNotFoundMessage(paymentHash: string): string {
  return `User tried to pay invoice with hash ${paymentHash}, but it does not exist`;
}

/** A top-level error; `code` travels in `extensions` (HTTP responses drop it, as Blink's router does). */
export function topLevelError(message: string, code?: string): GraphQLError {
  return new GraphQLError(message, code === undefined ? {} : { extensions: { code } });
}

/** The body Oathkeeper answers with (HTTP 401) for an unknown, revoked or expired API key. */
export const OATHKEEPER_401_BODY = {
  error: { code: 401, status: 'Unauthorized', message: 'Access credentials are invalid' },
} as const;
