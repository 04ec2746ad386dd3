import { BlinkError } from '../../../../src/app/blink-port';
import { classifyGraphqlError, errorForGraphqlErrors, errorForTransportFailure } from '../../../../src/adapters/blink/errors';
import { parseResponse } from '../../../../src/adapters/blink/http-transport';

const apiKey = 'blink_k3yK3yK3yK3yK3yK3yK3yK3yK3yK3yK3yK3yK3yK3yK3yK3yK3yK3yK3yK3yK3yK3y';

describe('classifyGraphqlError', () => {
  it.each([
    ['Too many invoices creation, please wait for a while and try again.', 'TOO_MANY_REQUEST', 'blink-rate-limited'],
    ['This account can no longer receive payments.', 'RECEIVE_DISABLED', 'blink-receive-disabled'],
    ['External id for invoice or transaction already exists', 'INVALID_INPUT', 'blink-invalid-input'],
    ['Memo is too long', undefined, 'blink-invalid-input'],
    ['Unexpected error occurred (code: AuthorizationError: not authorized to execute mutations)', 'UNEXPECTED_CLIENT_ERROR', 'blink-missing-scope'],
    ['Not authorized', undefined, 'blink-missing-scope'],
    ['Not Authenticated for subscription', 'NOT_AUTHENTICATED', 'blink-invalid-key'],
    ['Cannot query field "nope" on type "Globals".', 'GRAPHQL_VALIDATION_FAILED', 'blink-protocol-error'],
    ['Query too complex. Value of 240 is over the maximum 200.', undefined, 'blink-protocol-error'],
    ["HTTP fetch failed from 'public': 503: Service Unavailable", undefined, 'blink-unavailable'],
    ["HTTP fetch failed from 'public': 409: Conflict", undefined, 'blink-invalid-input'],
    ['User tried to pay invoice with hash 00, but it does not exist', 'LIGHTNING_PAYMENT_ERROR', 'blink-invalid-input'],
  ])('%s (%s) → %s', (message, code, expected) => {
    expect(classifyGraphqlError(message, code)).toBe(expected);
  });

  it('prefers the most actionable error and keeps Blink\'s messages and code', () => {
    const error = errorForGraphqlErrors([
      { message: 'Memo is too long', code: null },
      { message: 'Too many invoices creation', code: 'TOO_MANY_REQUEST' },
    ]);
    expect(error.code).toBe('blink-rate-limited');
    expect(error.blinkCode).toBe('TOO_MANY_REQUEST');
    expect(error.message).toContain('Memo is too long');
  });

  it('reads the code from extensions (websocket errors)', () => {
    expect(errorForGraphqlErrors([{ message: 'x', extensions: { code: 'NOT_AUTHENTICATED' } }]).code).toBe('blink-invalid-key');
  });

  it('removes the API key from messages, even when a server echoes it', () => {
    const error = errorForGraphqlErrors([{ message: `bad key ${apiKey}`, code: 'INVALID_INPUT' }], apiKey);
    expect(error.message).not.toContain(apiKey);
    expect(errorForTransportFailure(new Error(`socket to ${apiKey}`), apiKey).message).not.toContain(apiKey);
    const odd = 'not-a-blink-shaped-secret';
    expect(errorForGraphqlErrors([{ message: `echo ${odd}` }], odd).message).not.toContain(odd);
  });
});

describe('parseResponse (HTTP status and body → envelope or error)', () => {
  const code = (status: number, body: string) => {
    const result = parseResponse(status, body, apiKey);
    return result instanceof BlinkError ? result.code : 'envelope';
  };

  it.each([
    [401, '{"error":{"code":401,"status":"Unauthorized","message":"Access credentials are invalid"}}', 'blink-invalid-key'],
    [429, 'slow down', 'blink-rate-limited'],
    [502, '<html>bad gateway</html>', 'blink-unavailable'],
    [503, '{"data":null}', 'blink-unavailable'],
    [200, 'not json', 'blink-protocol-error'],
    [200, '[1,2]', 'blink-protocol-error'],
    [200, '{"data":{"globals":{"network":"mainnet"}}}', 'envelope'],
    [200, '{"data":null,"errors":[{"message":"Not authorized"}]}', 'envelope'],
    [400, '{"errors":[{"message":"Cannot query field"}]}', 'envelope'],
    [404, '{"data":null}', 'blink-protocol-error'],
    [404, 'Not Found', 'blink-protocol-error'],
  ])('HTTP %i %s → %s', (status, body, expected) => {
    expect(code(status, body)).toBe(expected);
  });
});
