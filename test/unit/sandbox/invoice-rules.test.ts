import { centsToSats, estimateConversion, expiryMinutes, memoTooLong, satsToCents } from '../../../src/sandbox/invoice-rules';
import { FixedWindowRateLimiter } from '../../../src/sandbox/rate-limit';

describe('expiryMinutes (blink-api.md §6)', () => {
  it.each([
    ['btc', 'BTC', undefined, 240], ['btc', 'BTC', 0, 240], ['btc', 'BTC', 1, 1], ['btc', 'BTC', 1440, 1440], ['btc', 'BTC', 1441, 240],
    ['no-amount', 'BTC', undefined, 120], ['no-amount', 'BTC', 30, 30], ['no-amount', 'BTC', 2000, 240],
    ['usd', 'USD', undefined, 5], ['usd', 'USD', 3, 3], ['usd', 'USD', 6, 5],
    ['no-amount', 'USD', undefined, 5], ['no-amount', 'USD', 60, 5],
  ] as const)('%s invoice into a %s wallet, requested %p → %p min', (kind, currency, requested, expected) => {
    expect(expiryMinutes(kind, currency, requested)).toBe(expected);
  });
});

describe('conversions at 100 000 USD/BTC', () => {
  it('1 USD is 1000 sats and back', () => {
    expect(centsToSats(100, 100_000)).toBe(1000);
    expect(satsToCents(1000, 100_000)).toBe(100);
  });
  it('a positive cent amount is never 0 sats', () => {
    expect(centsToSats(1, 100_000_000)).toBe(1);
  });
  it('estimates a EUR amount through its USD rate', () => {
    expect(estimateConversion(9.2, 0.92, 100_000)).toEqual({ btcSatAmount: 10_000, usdCentAmount: 1000 });
  });
});

describe('memoTooLong', () => {
  it('counts UTF-8 bytes, not characters', () => {
    expect(memoTooLong('a'.repeat(639))).toBe(false);
    expect(memoTooLong('a'.repeat(640))).toBe(true);
    expect(memoTooLong('é'.repeat(320))).toBe(true); // 640 bytes in 320 characters
  });
});

describe('FixedWindowRateLimiter', () => {
  it('allows N per window, then blocks for the block time even across windows', () => {
    const limiter = new FixedWindowRateLimiter({ points: 2, windowMs: 60_000, blockMs: 300_000 });
    expect([limiter.consume('a', 0), limiter.consume('a', 1), limiter.consume('a', 2)]).toEqual([true, true, false]);
    expect(limiter.consume('b', 3)).toBe(true);
    expect(limiter.consume('a', 61_000)).toBe(false);
    expect(limiter.consume('a', 300_003)).toBe(true);
  });
  it('a new window restores the points when never blocked', () => {
    const limiter = new FixedWindowRateLimiter({ points: 1, windowMs: 1000, blockMs: 5000 });
    expect(limiter.consume('a', 0)).toBe(true);
    expect(limiter.consume('a', 1000)).toBe(true);
  });
});
