/**
 * The employee directory (`State.employees`): employeeKey(integrationId, recordId) → summary, with a Map's
 * read API plus what the directory's queries need to stay incremental (electron/core/query/employee-*.ts):
 * rows numbered in first-seen order (a row never moves: a purge builds a new State), a version bumped by
 * every `set`, the rows set since a version, and per-integration counts kept as employees change.
 */
import type { EmployeeSummary } from '../../../shared/api/types';

/** Active and all employees of one integration. */
interface Counts {
  active: number;
  all: number;
}

/** See the file's comment. Summaries are replaced, never mutated (State's rule). */
export class EmployeeTable implements ReadonlyMap<string, EmployeeSummary> {
  private readonly rows = new Map<string, number>();
  private readonly summaries: EmployeeSummary[] = [];
  /** The version at which each row was last set. */
  private stamps = new Int32Array(1024);
  private readonly byIntegration = new Map<string, Counts>();
  /** Bumped by every `set`: a query's cache is current while it holds this version. */
  version = 0;
  /** Employees not deleted. */
  active = 0;

  get size(): number {
    return this.summaries.length;
  }
  has(key: string): boolean {
    return this.rows.has(key);
  }
  get(key: string): EmployeeSummary | undefined {
    const row = this.rows.get(key);
    return row === undefined ? undefined : this.summaries[row];
  }

  /** Sets the summary of `key` (a new key gets the next row). */
  set(key: string, summary: EmployeeSummary): this {
    let row = this.rows.get(key);
    const prev = row === undefined ? undefined : this.summaries[row];
    if (row === undefined) {
      row = this.summaries.length;
      this.rows.set(key, row);
      if (row === this.stamps.length) {
        const grown = new Int32Array(row * 2);
        grown.set(this.stamps);
        this.stamps = grown;
      }
    }
    this.summaries[row] = summary;
    this.stamps[row] = ++this.version;
    this.count(prev, -1);
    this.count(summary, 1);
    return this;
  }

  private count(e: EmployeeSummary | undefined, sign: 1 | -1): void {
    if (!e) return;
    let c = this.byIntegration.get(e.integrationId);
    if (!c) this.byIntegration.set(e.integrationId, (c = { active: 0, all: 0 }));
    c.all += sign;
    if (!e.deleted) {
      c.active += sign;
      this.active += sign;
    }
  }

  /** The row of `key`, or undefined. */
  rowOf(key: string): number | undefined {
    return this.rows.get(key);
  }
  /** The summary at `row` (0 ≤ row < size). */
  at(row: number): EmployeeSummary {
    return this.summaries[row]!;
  }
  /** The rows set after `version`, ascending. O(size). */
  changedSince(version: number): number[] {
    const out: number[] = [];
    const stamps = this.stamps;
    for (let row = 0; row < this.summaries.length; row++) if (stamps[row]! > version) out.push(row);
    return out;
  }
  /** Active and all employees of `integrationId` (of every integration when null). */
  counts(integrationId: string | null): Counts {
    if (integrationId === null) return { active: this.active, all: this.size };
    return this.byIntegration.get(integrationId) ?? { active: 0, all: 0 };
  }
  /** The integrationIds with a stored employee, sorted. */
  integrations(): string[] {
    return [...this.byIntegration]
      .filter(([, c]) => c.all > 0)
      .map(([id]) => id)
      .sort();
  }

  keys(): MapIterator<string> {
    return this.rows.keys();
  }
  values(): MapIterator<EmployeeSummary> {
    return this.summaries.values() as MapIterator<EmployeeSummary>;
  }
  *entries(): MapIterator<[string, EmployeeSummary]> {
    for (const [key, row] of this.rows) yield [key, this.summaries[row]!];
  }
  [Symbol.iterator](): MapIterator<[string, EmployeeSummary]> {
    return this.entries();
  }
  forEach(fn: (value: EmployeeSummary, key: string, map: ReadonlyMap<string, EmployeeSummary>) => void): void {
    for (const [key, row] of this.rows) fn(this.summaries[row]!, key, this);
  }
}
