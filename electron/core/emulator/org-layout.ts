/**
 * Where employee `i` of a generated company sits, computed from the seed and `i` alone (no list of everyone):
 * index 0 is the root (CEO), 1..H the heads of the first H departments (H = min(departments, size - 1)), every
 * later index a member of a department drawn from a seeded pattern (Engineering about 37 %, each other
 * department about 7 %). Within a department, member `rank` (the head is rank 0) reports to rank
 * `floor((rank - 1) / B)`, B the department's span of control (4 to 8): a tree whose parents and children are
 * arithmetic. Ids are an invertible scramble of the index, so an id leads back to its employee.
 */
import { DEPARTMENTS } from './locales';
import { Prng } from './prng';

/** Pattern slots per department: Engineering (the first) is the largest, as in most software companies. */
const WEIGHT_FIRST = 37;
const WEIGHT_OTHER = 7;

/** The org chart of a generated company of `size` employees: departments, ranks, managers, by index. */
export class OrgLayout {
  /** Department heads: indexes 1..heads. */
  readonly heads: number;
  /** The department of each pattern slot; `size - 1 - heads` members fill the pattern cycle after cycle. */
  private readonly pattern: number[] = [];
  /** For each slot, how many earlier slots have its department (the member's place within the cycle). */
  private readonly occurrence: number[] = [];
  /** For each department, its slots in order. */
  private readonly slots: number[][];
  /** Span of control per department. */
  private readonly span: number[];

  constructor(
    seed: number,
    readonly size: number,
  ) {
    this.heads = Math.min(DEPARTMENTS.length, size - 1);
    const rng = new Prng(mix(seed, 0x5eed));
    this.slots = Array.from({ length: this.heads }, () => []);
    this.span = Array.from({ length: this.heads }, () => rng.int(4, 8));
    for (let d = 0; d < this.heads; d++) for (let n = 0; n < (d === 0 ? WEIGHT_FIRST : WEIGHT_OTHER); n++) this.pattern.push(d);
    for (let s = this.pattern.length - 1; s > 0; s--) {
      const t = rng.int(0, s);
      [this.pattern[s], this.pattern[t]] = [this.pattern[t]!, this.pattern[s]!];
    }
    for (const d of this.pattern) {
      this.occurrence.push(this.slots[d]!.length);
      this.slots[d]!.push(this.occurrence.length - 1);
    }
  }

  /** The department index of employee `i` (-1 for the root). */
  department(i: number): number {
    if (i === 0 || this.heads === 0) return -1;
    if (i <= this.heads) return i - 1;
    return this.pattern[(i - this.heads - 1) % this.pattern.length]!;
  }

  /** The rank of employee `i` in its department (0: the head). */
  rank(i: number): number {
    if (i <= this.heads) return 0;
    const p = i - this.heads - 1;
    const d = this.pattern[p % this.pattern.length]!;
    return Math.floor(p / this.pattern.length) * this.slots[d]!.length + this.occurrence[p % this.pattern.length]! + 1;
  }

  /** The index of the member of department `d` at `rank` (may be past the company's size). */
  indexAt(d: number, rank: number): number {
    if (rank === 0) return d + 1;
    const perCycle = this.slots[d]!.length;
    return this.heads + 1 + Math.floor((rank - 1) / perCycle) * this.pattern.length + this.slots[d]![(rank - 1) % perCycle]!;
  }

  /** The index of the manager `i` was generated under (-1 for the root). */
  parent(i: number): number {
    if (i === 0) return -1;
    if (i <= this.heads || this.heads === 0) return 0;
    const d = this.department(i);
    return this.indexAt(d, Math.floor((this.rank(i) - 1) / this.span[d]!));
  }

  /** The indexes generated under `i` (its direct reports before any change). */
  children(i: number): number[] {
    if (i === 0) return Array.from({ length: this.heads }, (_, d) => d + 1);
    const d = this.department(i);
    const first = this.rank(i) * this.span[d]! + 1;
    const out: number[] = [];
    for (let r = first; r < first + this.span[d]!; r++) {
      const at = this.indexAt(d, r);
      if (at < this.size) out.push(at);
    }
    return out;
  }

  /** How many members (head excluded) department `d` has before any change. */
  members(d: number): number {
    if (this.size <= this.heads + 1) return 0;
    const total = this.size - this.heads - 1;
    const cycles = Math.floor(total / this.pattern.length);
    const rest = total % this.pattern.length;
    return cycles * this.slots[d]!.length + this.slots[d]!.filter((s) => s < rest).length;
  }
}

/** A 32-bit hash of a seed and a number (murmur3's finalizer): the seed of employee `n`'s own PRNG. */
export function mix(seed: number, n: number): number {
  let h = (seed ^ Math.imul(n + 1, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const M1 = 0x2c1b3c6d;
const M2 = 0x297a2d39;
const inverse = (m: number): number => {
  let x = m;
  for (let n = 0; n < 5; n++) x = Math.imul(x, 2 - Math.imul(m, x));
  return x >>> 0;
};
const M1_INV = inverse(M1);
const M2_INV = inverse(M2);

/** The first 6 characters of employee `i`'s id: a keyed, invertible scramble of `i` in base62 (62^6 > 2^32). */
export function indexCode(seed: number, i: number): string {
  let x = Math.imul((i ^ seed) >>> 0, M1) >>> 0;
  x = (x ^ (x >>> 16)) >>> 0;
  x = Math.imul(x ^ 0x5bd1e995, M2) >>> 0;
  x = (x ^ (x >>> 16)) >>> 0;
  let out = '';
  for (let n = 0; n < 6; n++) {
    out = BASE62[x % 62] + out;
    x = Math.floor(x / 62);
  }
  return out;
}

/** The index whose indexCode starts `id`, or -1 when `id` cannot be one. */
export function indexOfCode(seed: number, id: string): number {
  let x = 0;
  for (let n = 0; n < 6; n++) {
    const digit = BASE62.indexOf(id.charAt(n));
    if (digit === -1) return -1;
    x = x * 62 + digit;
  }
  if (x > 0xffffffff) return -1;
  x = (x ^ (x >>> 16)) >>> 0;
  x = (Math.imul(x, M2_INV) ^ 0x5bd1e995) >>> 0;
  x = (x ^ (x >>> 16)) >>> 0;
  return (Math.imul(x, M1_INV) ^ seed) >>> 0;
}
