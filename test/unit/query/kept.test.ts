/**
 * The bound of the query caches (electron/core/query/kept.ts): at most so many results and so many bytes,
 * the oldest going first, and a result over the byte budget not kept at all.
 */
import { describe, expect, it } from 'vitest';
import { keptCache, keptSize } from '../../../electron/core/query/kept';

describe('keptCache', () => {
  it('keeps the most recently used results within a count and a byte budget', () => {
    const cache = keptCache<Int32Array>({ entries: 3, bytes: 1_000 }, (a) => a.byteLength);
    cache.set('a', new Int32Array(100)); // 400 bytes
    cache.set('b', new Int32Array(100));
    cache.get('a');
    cache.set('c', new Int32Array(100)); // 1,200 bytes in all: the least recently used ('b') goes
    expect([...cache.keys()].sort()).toEqual(['a', 'c']);
    expect(keptSize(cache)).toEqual({ entries: 2, bytes: 800 });
    cache.set('d', new Int32Array(10));
    cache.set('e', new Int32Array(10)); // four results: one too many
    expect(keptSize(cache)).toEqual({ entries: 3, bytes: 480 });
    expect(cache.has('a')).toBe(false);
  });

  it('does not keep a result larger than the whole budget, and drops none for it', () => {
    const cache = keptCache<Int32Array>({ entries: 3, bytes: 1_000 }, (a) => a.byteLength);
    cache.set('small', new Int32Array(10));
    cache.set('huge', new Int32Array(1_000));
    expect([...cache.keys()]).toEqual(['small']);
  });
});
