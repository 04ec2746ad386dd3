/**
 * A Blink failure while creating an invoice, in the terms of whoever must act: the merchant (their
 * key, wallet or account: 400 with what to do), nobody (Blink down: 503, retry), or time (429).
 * Nothing was written in any of these cases.
 */
import { BlinkUnavailableError } from '../stores/errors';
import type { BlinkError } from '../blink-port';
import { InvoiceCreationRefusedError, InvoiceRateLimitedError } from './errors';

/** How long Blink blocks an account that went over its invoice limit (blink-api.md §4). */
export const BLINK_BLOCK_MS = 300_000;

const FIX_CONNECTION = "The merchant must set a working Blink connection on the store's BTC-LN payment method (PUT /api/v1/stores/{storeId}/payment-methods/BTC-LN).";

export type InvoiceBlinkFailure = InvoiceCreationRefusedError | InvoiceRateLimitedError | BlinkUnavailableError;

export function invoiceBlinkFailure(error: BlinkError): InvoiceBlinkFailure {
  switch (error.code) {
    case 'blink-invalid-key':
      return new InvoiceCreationRefusedError('blink-connection-rejected',
        `Blink refused the store's API key (revoked, expired or deleted): no invoice was created. In the Blink dashboard, create a key with the Receive scope. ${FIX_CONNECTION}`);
    case 'blink-missing-scope':
      return new InvoiceCreationRefusedError('blink-connection-rejected',
        `The store's Blink API key may not create invoices (${error.message}): no invoice was created. The key needs the Receive scope. ${FIX_CONNECTION}`);
    case 'blink-receive-disabled':
      return new InvoiceCreationRefusedError('blink-receive-disabled',
        `Blink no longer lets this account receive payments (receiving is disabled on the account): no invoice was created. The merchant must contact Blink or connect another wallet. ${FIX_CONNECTION}`);
    case 'blink-invalid-input':
      return new InvoiceCreationRefusedError('blink-connection-rejected',
        /wallet/i.test(error.message)
          ? `Blink refused the store's wallet (${error.message}): no invoice was created. ${FIX_CONNECTION}`
          : `Blink refused the invoice (${error.message}): no invoice was created.`);
    case 'blink-rate-limited':
      return new InvoiceRateLimitedError(BLINK_BLOCK_MS / 1000,
        'Blink is rate limiting this Blink account (too many invoices in a minute): no invoice was created. Retry after the time in Retry-After.');
    case 'blink-unavailable':
      return new BlinkUnavailableError(`Blink did not answer (${error.message}): no invoice was created. Retry in a moment.`);
    case 'blink-protocol-error':
      return new BlinkUnavailableError(`Blink answered in a way the gateway does not understand (${error.message}): no invoice was created. Retry in a moment.`);
  }
}
