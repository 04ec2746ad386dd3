import { BlinkError, blinkErrorCodes } from '../../../../src/app/blink-port';
import { BLINK_BLOCK_MS, invoiceBlinkFailure } from '../../../../src/app/invoices/blink-failures';

describe('invoiceBlinkFailure: every Blink error code has one answer for the shop', () => {
  const expected: Record<(typeof blinkErrorCodes)[number], string> = {
    'blink-invalid-key': 'blink-connection-rejected',
    'blink-missing-scope': 'blink-connection-rejected',
    'blink-rate-limited': 'invoice-rate-limited',
    'blink-receive-disabled': 'blink-receive-disabled',
    'blink-invalid-input': 'blink-connection-rejected',
    'blink-unavailable': 'blink-unavailable',
    'blink-protocol-error': 'blink-unavailable',
  };
  it.each(blinkErrorCodes)('%s', (code) => {
    const failure = invoiceBlinkFailure(new BlinkError(code, 'details from Blink'));
    expect(failure.code).toBe(expected[code]);
    expect(failure.message).toMatch(/no invoice was created|Retry-After/);
  });
  it('a rate limit asks the shop to come back when Blink lifts its block', () => {
    const failure = invoiceBlinkFailure(new BlinkError('blink-rate-limited', 'Too many'));
    expect(failure).toMatchObject({ retryAfterSeconds: BLINK_BLOCK_MS / 1000 });
  });
  it('a refused wallet tells the merchant to fix the connection', () => {
    expect(invoiceBlinkFailure(new BlinkError('blink-invalid-input', 'Invalid wallet id')).message).toContain('payment-methods/BTC-LN');
  });
});
