import fc from 'fast-check';
import { backoffDelay } from '../../../../src/adapters/blink/backoff';

const policy = { baseMs: 100, capMs: 2_000 };

describe('backoffDelay (capped exponential, full jitter)', () => {
  it.each([
    [0, 0.999, 99],
    [1, 0.999, 199],
    [3, 0.5, 400],
    [10, 0.999, 1_998],
    [0, 0, 0],
  ])('retry %i with random %f waits %i ms', (retry, random, expected) => {
    expect(backoffDelay(policy, retry, () => random)).toBe(expected);
  });

  it('stays within [0, min(cap, base·2ⁿ))', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 60 }), fc.double({ min: 0, max: 0.9999999, noNaN: true }), (retry, random) => {
      const delay = backoffDelay(policy, retry, () => random);
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThan(Math.min(policy.capMs, policy.baseMs * 2 ** retry));
    }));
  });
});
