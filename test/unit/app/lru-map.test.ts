import fc from 'fast-check';
import { createLruMap } from '../../../src/app/lru-map';

describe('createLruMap', () => {
  it('drops the least recently used entry, counting reads as uses', () => {
    const map = createLruMap<string, number>(2);
    map.set('a', 1);
    map.set('b', 2);
    expect(map.get('a')).toBe(1); // now b is the least recent
    map.set('c', 3);
    expect(map.get('b')).toBeUndefined();
    expect(map.get('a')).toBe(1);
    expect(map.get('c')).toBe(3);
    expect(map.size).toBe(2);
  });

  it('replaces a value without growing, and forgets a deleted key', () => {
    const map = createLruMap<string, number>(2);
    map.set('a', 1);
    map.set('a', 2);
    expect(map.size).toBe(1);
    expect(map.get('a')).toBe(2);
    map.delete('a');
    expect(map.get('a')).toBeUndefined();
    expect(map.size).toBe(0);
  });

  it('returns the falsy values it holds', () => {
    const map = createLruMap<string, number>(1);
    map.set('zero', 0);
    expect(map.get('zero')).toBe(0);
  });

  it('never holds more than its bound, and always holds the most recent writes', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 8 }), fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 60 }), (bound, keys) => {
      const map = createLruMap<number, number>(bound);
      keys.forEach((key, index) => map.set(key, index));
      expect(map.size).toBeLessThanOrEqual(bound);
      const recent = [...new Set([...keys].reverse())].slice(0, bound);
      for (const key of recent) expect(map.get(key)).toBe(keys.lastIndexOf(key));
    }));
  });

  it('refuses a bound below one', () => {
    expect(() => createLruMap(0)).toThrow('at least one entry');
  });
});
