import { memoizeOpen } from '../../../../src/adapters/crypto/memoized-sealer';
import { countingSealer } from '../../../support/counting-sealer';

describe('memoizeOpen', () => {
  it('decrypts a sealed value once, then answers from memory', () => {
    const inner = countingSealer();
    const sealer = memoizeOpen(inner);
    const sealed = sealer.seal('whsec_first', 'webhook:1');
    expect(sealer.open(sealed, 'webhook:1')).toBe('whsec_first');
    expect(sealer.open(sealed, 'webhook:1')).toBe('whsec_first');
    expect(inner.opens).toBe(1);
  });

  it('opens a re-sealed secret afresh: a new sealed text is a new entry', () => {
    const inner = countingSealer();
    const sealer = memoizeOpen(inner);
    sealer.open(sealer.seal('whsec_first', 'webhook:1'), 'webhook:1');
    expect(sealer.open(sealer.seal('whsec_second', 'webhook:1'), 'webhook:1')).toBe('whsec_second');
    expect(inner.opens).toBe(2);
  });

  it('still refuses a sealed text under another context after opening it under its own', () => {
    const sealer = memoizeOpen(countingSealer());
    const sealed = sealer.seal('whsec_first', 'webhook:1');
    sealer.open(sealed, 'webhook:1');
    expect(sealer.open(sealed, 'webhook:2')).toMatchObject({ code: expect.any(String) });
  });

  it('remembers no failure', () => {
    const inner = countingSealer();
    const sealer = memoizeOpen(inner);
    expect(typeof sealer.open('v1.bad', 'webhook:1')).not.toBe('string');
    expect(typeof sealer.open('v1.bad', 'webhook:1')).not.toBe('string');
    expect(inner.opens).toBe(2);
  });
});
