/**
 * The bound of the query caches (event-windows.ts, employee-windows.ts, employee-charts.ts): the results of
 * the last few questions, kept so that scrolling and the re-query after each live batch cost the changes,
 * not the work again. An LRU (lru-cache) of at most `entries` results taking at most `bytes` in all: an
 * answer at a million rows takes megabytes, so a count alone would let a few of them hold the process's
 * memory. A result larger than `bytes` is not kept (answered, then computed again the next time).
 */
import { LRUCache } from 'lru-cache';

/** How much a cache may keep: results, and their bytes in all. */
export interface KeptLimits {
  entries: number;
  bytes: number;
}

/** An LRU of string key → result within `limits`, `bytesOf` giving a result's size (typed arrays' byteLength). */
export function keptCache<V extends object>(limits: KeptLimits, bytesOf: (value: V) => number): LRUCache<string, V> {
  return new LRUCache<string, V>({ max: limits.entries, maxSize: limits.bytes, sizeCalculation: (value) => Math.max(1, bytesOf(value)) });
}

/** What a cache holds now: results and their bytes, for tests and figures. */
export function keptSize<V extends object>(cache: LRUCache<string, V>): KeptLimits {
  return { entries: cache.size, bytes: cache.calculatedSize };
}
