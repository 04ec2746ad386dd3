import fc from 'fast-check';
import {
  MAX_DELIVERY_ATTEMPTS, MAX_RETRY_AFTER_MS, nextAttemptAt, parseRetryAfter, RETRY_DELAYS_MS,
} from '../../../../src/domain/webhook/retry';
import { classifyAttempt, deliveryErrorMessage, deliveryRecordStatus } from '../../../../src/domain/webhook/outcome';

const NOW = new Date('2026-03-01T12:00:00Z');
const after = (ms: number) => new Date(NOW.getTime() + ms);
const H = 3_600_000;

describe('nextAttemptAt', () => {
  it.each([
    [1, 5_000], [2, 5 * 60_000], [3, 30 * 60_000], [4, 2 * H], [5, 5 * H], [6, 10 * H], [7, 14 * H], [8, 20 * H], [9, 24 * H],
  ])('after attempt %d fails, waits %d ms (no jitter at random = 0.5)', (attempt, delay) => {
    expect(nextAttemptAt(attempt, NOW, 0.5)).toEqual(after(delay));
  });

  it('gives up after the tenth attempt, retrying for more than three days in all', () => {
    expect(MAX_DELIVERY_ATTEMPTS).toBe(10);
    expect(nextAttemptAt(10, NOW, 0.5)).toBeNull();
    expect(RETRY_DELAYS_MS.reduce((a, b) => a + b, 0)).toBe(75 * H + 35 * 60_000 + 5_000);
  });

  it('jitters by ±10 %', () => {
    expect(nextAttemptAt(4, NOW, 0)).toEqual(after(1.8 * H));
    expect(nextAttemptAt(4, NOW, 1)).toEqual(after(2.2 * H));
    fc.assert(fc.property(fc.integer({ min: 1, max: 9 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (attempt, random) => {
      const base = RETRY_DELAYS_MS[attempt - 1]!;
      const delay = (nextAttemptAt(attempt, NOW, random)?.getTime() ?? 0) - NOW.getTime();
      return delay >= Math.round(base * 0.9) && delay <= Math.round(base * 1.1);
    }));
  });

  it('never retries before Retry-After, capped at an hour', () => {
    expect(nextAttemptAt(1, NOW, 0.5, { retryAfterMs: 120_000 })).toEqual(after(120_000));
    expect(nextAttemptAt(1, NOW, 0.5, { retryAfterMs: 5 * H })).toEqual(after(MAX_RETRY_AFTER_MS));
    expect(nextAttemptAt(5, NOW, 0.5, { retryAfterMs: 60_000 })).toEqual(after(5 * H));
    expect(nextAttemptAt(1, NOW, 0.5, { retryAfterMs: -5 })).toEqual(after(5_000));
  });

  it('takes a shorter schedule for tests', () => {
    expect(nextAttemptAt(1, NOW, 0.5, { schedule: [10, 20] })).toEqual(after(10));
    expect(nextAttemptAt(3, NOW, 0.5, { schedule: [10, 20] })).toBeNull();
  });

  it.each([0, -1, 1.5])('refuses attempt number %s (a bug)', (attempt) => {
    expect(() => nextAttemptAt(attempt, NOW, 0.5)).toThrow(RangeError);
  });
});

describe('parseRetryAfter', () => {
  it.each([
    ['120', 120_000],
    [' 0 ', 0],
    ['Sun, 01 Mar 2026 12:01:00 GMT', 60_000],
    ['Sun, 01 Mar 2026 11:00:00 GMT', 0],
    ['1.5', null],
    ['-3', null],
    ['soon', null],
    ['', null],
    [undefined, null],
    [null, null],
  ])('%j → %s', (value, expected) => {
    expect(parseRetryAfter(value, NOW)).toBe(expected);
  });
});

describe('attempt outcomes', () => {
  it.each([
    [200, 'delivered', 'HttpSuccess', null],
    [204, 'delivered', 'HttpSuccess', null],
    [301, 'failed', 'HttpError', 'HTTP Error Code 301'],
    [302, 'failed', 'HttpError', 'HTTP Error Code 302'],
    [400, 'failed', 'HttpError', 'HTTP Error Code 400'],
    [404, 'failed', 'HttpError', 'HTTP Error Code 404'],
    [408, 'retry', 'HttpError', 'HTTP Error Code 408'],
    [410, 'disable-webhook', 'HttpError', 'HTTP Error Code 410'],
    [429, 'retry', 'HttpError', 'HTTP Error Code 429'],
    [500, 'retry', 'HttpError', 'HTTP Error Code 500'],
    [503, 'retry', 'HttpError', 'HTTP Error Code 503'],
  ] as const)('HTTP %d → %s (%s)', (status, outcome, record, message) => {
    const result = { kind: 'response', status } as const;
    expect(classifyAttempt(result)).toBe(outcome);
    expect(deliveryRecordStatus(result)).toBe(record);
    expect(deliveryErrorMessage(result)).toBe(message);
  });

  it.each(['network-error', 'timeout'] as const)('%s is retried and recorded as Failed', (kind) => {
    expect(classifyAttempt({ kind })).toBe('retry');
    expect(deliveryRecordStatus({ kind })).toBe('Failed');
    expect(deliveryErrorMessage({ kind })).toMatch(/.+/);
  });
});
