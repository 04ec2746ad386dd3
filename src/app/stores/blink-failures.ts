/**
 * A failed `verifyConnection`, in the merchant's terms. Blink answering "no" is the merchant's to fix
 * (422 on `config`, BTCPay's wording where it has one); Blink not answering is nobody's input error
 * (503, try again). Nothing is saved in either case.
 */
import type { BlinkConnection } from '../../../connection-string/types';
import { refusalMessages } from '../../domain/store/connection-messages';
import type { BlinkError } from '../blink-port';
import { ValidationError, validationError } from '../errors';
import { BlinkUnavailableError } from './errors';

export function blinkFailure(connection: BlinkConnection, error: BlinkError): ValidationError | BlinkUnavailableError {
  const where = connection.mode === 'ln-address' ? 'Blink' : `Blink at ${connection.server}`;
  switch (error.code) {
    case 'blink-invalid-key':
      return validationError('config', refusalMessages.invalidKey);
    case 'blink-missing-scope':
      return validationError('config', `This Blink API key cannot do what the gateway needs (${error.message}). In the Blink dashboard (https://dashboard.blink.sv, API Keys), create a key with the Read and Receive scopes only.`);
    case 'blink-receive-disabled':
      return validationError('config', refusalMessages.receiveDisabled);
    case 'blink-invalid-input':
      return validationError('config', `Blink refused the connection: ${error.message}`);
    case 'blink-protocol-error':
      return validationError('config', `${refusalMessages.invalidKey} (${where} does not answer like Blink's GraphQL API: check the server in the connection string)`);
    case 'blink-unavailable':
      return new BlinkUnavailableError(`Could not reach ${where} (${error.message}). Nothing was saved: try again, or check the server in the connection string.`);
    case 'blink-rate-limited':
      return new BlinkUnavailableError(`${where} is rate limiting the gateway. Nothing was saved: try again in a few minutes.`);
  }
}
