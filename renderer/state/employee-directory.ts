/**
 * The employee directory (including deleted employees) in first-seen order, as versions that apply upserts
 * lazily: `upsert` costs O(incoming) and the array is built only when a screen reads it (`toArray`), once per
 * version. While events stream in, every batch upserts employees but no screen showing them may be open, and
 * copying 100,000 references per frame (plus the garbage it leaves) cost more than the frame.
 *
 * Each version holds its parent and its own upserts until it is read; reading builds the array from the
 * nearest built ancestor and drops the chain. The chain is built eagerly once its upserts outnumber the
 * directory (so memory stays O(directory) however long nobody reads). Successive versions share one
 * key → position index; upserting an older version (a fork) builds its own.
 */
import type { EmployeeSummary } from '../../shared/api/types';

import { employeeKey } from '../../shared/api/employee-key';

const keyOf = (e: { integrationId: string; recordId: string }): string => employeeKey(e.integrationId, e.recordId);

/** What the versions of one directory share: the key → position index and the newest version. */
interface Shared {
  index: Map<string, number>;
  head: EmployeeDirectory | null;
}

export class EmployeeDirectory {
  private constructor(
    /** The built array, or null while this version's upserts are pending. */
    private items: readonly EmployeeSummary[] | null,
    /** The previous version while `items` is null. */
    private parent: EmployeeDirectory | null,
    /** This version's upserts, applied over `parent` when built. */
    private changes: readonly EmployeeSummary[],
    /** Upserts pending from here back to the nearest built version. */
    private readonly pendingCount: number,
    private readonly shared: Shared,
    /** How many employees this version holds. */
    readonly length: number,
  ) {
    shared.head = this;
  }

  /** A directory of `items` (taken over, not copied), with a new index. */
  static of(items: readonly EmployeeSummary[]): EmployeeDirectory {
    const index = new Map<string, number>();
    items.forEach((e, i) => index.set(keyOf(e), i));
    return new EmployeeDirectory(items, null, [], 0, { index, head: null }, items.length);
  }

  static empty(): EmployeeDirectory {
    return EmployeeDirectory.of([]);
  }

  /** A new version with `incoming` upserted by key, in order (new employees appended). O(incoming). */
  upsert(incoming: readonly EmployeeSummary[]): EmployeeDirectory {
    if (incoming.length === 0) return this;
    if (this.shared.head !== this) return EmployeeDirectory.of(this.toArray()).upsert(incoming);
    const { index } = this.shared;
    let length = this.length;
    for (const e of incoming) {
      const key = keyOf(e);
      if (!index.has(key)) index.set(key, length++);
    }
    const next = new EmployeeDirectory(null, this, incoming, this.pendingCount + incoming.length, this.shared, length);
    if (next.pendingCount > Math.max(1_000, length)) next.toArray();
    return next;
  }

  /** The employee with this key in this version, or undefined. */
  get(key: { integrationId: string; recordId: string }): EmployeeSummary | undefined {
    const at = this.shared.index.get(keyOf(key));
    return at === undefined || at >= this.length ? undefined : this.toArray()[at];
  }

  /** Every employee of this version, first seen first; the same array for every call on this version. */
  toArray(): readonly EmployeeSummary[] {
    if (this.items) return this.items;
    const chain: EmployeeDirectory[] = [];
    let built: EmployeeDirectory = this;
    while (!built.items) {
      chain.push(built);
      built = built.parent!;
    }
    const out = built.items.slice();
    const { index } = this.shared;
    for (let i = chain.length - 1; i >= 0; i--) for (const e of chain[i]!.changes) out[index.get(keyOf(e))!] = e;
    this.items = out;
    this.parent = null;
    this.changes = [];
    return out;
  }
}
