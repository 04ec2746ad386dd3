import fc from 'fast-check';
import { EXTERNAL_ID_PATTERN, deriveExternalId, retryExternalId } from '../../../../src/adapters/blink/external-id';

describe('deriveExternalId', () => {
  it.each([
    ['abc-123', 'abc-123'],
    ['K3yR7', '_k3y_r7'],
    ['a_b', 'a__b'],
    ['a.b', 'a_-2e-b'],
  ])('%s → %s', (id, expected) => {
    expect(deriveExternalId(id)).toBe(expected);
  });

  it('hashes ids that would start like a hash or exceed 100 characters', () => {
    expect(deriveExternalId('h-1')).toMatch(/^h-[0-9a-f]{64}$/);
    expect(deriveExternalId('X'.repeat(60))).toMatch(/^h-[0-9a-f]{64}$/);
  });

  it('always matches Blink\'s external id pattern (lower case)', () => {
    fc.assert(fc.property(fc.string({ minLength: 1, maxLength: 120, unit: 'grapheme' }), (id) => {
      expect(deriveExternalId(id)).toMatch(EXTERNAL_ID_PATTERN);
    }));
  });

  it('never gives two different ids the same external id', () => {
    fc.assert(fc.property(fc.string({ minLength: 1, maxLength: 40 }), fc.string({ minLength: 1, maxLength: 40 }), (a, b) => {
      fc.pre(a !== b);
      expect(deriveExternalId(a)).not.toBe(deriveExternalId(b));
    }));
    expect(deriveExternalId('Ab')).not.toBe(deriveExternalId('ab'));
  });

  it('is stable (a retry of the same invoice sends the same external id)', () => {
    expect(deriveExternalId('Inv_42')).toBe(deriveExternalId('Inv_42'));
  });
});

describe('retryExternalId', () => {
  it('adds a suffix within the pattern that no derived id can end with', () => {
    const base = deriveExternalId('order-1');
    expect(retryExternalId(base, 1)).toBe('order-1_1');
    expect(retryExternalId(deriveExternalId('x'.repeat(100)), 2)).toMatch(EXTERNAL_ID_PATTERN);
    expect(retryExternalId(base, 1)).not.toBe(deriveExternalId('order-1_1'));
  });
});
