/**
 * A Map that keeps at most `maxEntries` entries: reading or writing an entry makes it the most
 * recent, and the least recently used one leaves when a new one would exceed the bound. For the small
 * in-process caches on hot paths, so none of them grows with the number of stores.
 */
export interface LruMap<K, V> {
  get(key: K): V | undefined;
  set(key: K, value: V): void;
  delete(key: K): void;
  readonly size: number;
}

export function createLruMap<K, V>(maxEntries: number): LruMap<K, V> {
  if (!Number.isInteger(maxEntries) || maxEntries < 1) throw new Error('an LRU map holds at least one entry');
  // A Map iterates in insertion order: re-inserting on each use keeps the least recent first.
  const entries = new Map<K, V>();
  return {
    get(key) {
      if (!entries.has(key)) return undefined;
      const value = entries.get(key) as V;
      entries.delete(key);
      entries.set(key, value);
      return value;
    },
    set(key, value) {
      entries.delete(key);
      entries.set(key, value);
      if (entries.size > maxEntries) entries.delete(entries.keys().next().value as K);
    },
    delete(key) {
      entries.delete(key);
    },
    get size() {
      return entries.size;
    },
  };
}
