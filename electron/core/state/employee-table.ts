/**
 * The employee directory (`State.employees`) as columns, with no object per employee: the free text of each
 * row (recordId, name, email, employee number, last eventId) in UTF-8 string heaps, the repeated values
 * (integration, department, designation, manager, status) as dictionary codes, the rest in typed arrays, and
 * an id → row hash index. It keeps a Map's API (employeeKey(integrationId, recordId) → EmployeeSummary,
 * materialised on read) plus what the directory's queries need to stay incremental
 * (electron/core/query/employee-*.ts): rows numbered in first-seen order (a row never moves: a purge builds a
 * new State), a version bumped by every `set`, the rows set since a version, per-integration counts, column
 * reads without materialising, and a text search over the searchable fields.
 */
import type { EmployeeSummary } from '../../../shared/api/types';
import { employeeKey } from '../../../shared/api/employee-key';
import type { CodeArray } from './columns/code-column';
import { EmployeeColumns, type EmployeeCodedField, type EmployeeTextField } from './employee-columns';

/** A coded column's rows and values: `codes[row]` (a view of the storage, valid until the next `set`), `value(code)`, `size` codes (0: null). */
export interface CodedColumn {
  codes: CodeArray;
  value(code: number): string | null;
  size: number;
}

/** Active and all employees of one integration. */
interface Counts {
  active: number;
  all: number;
}

/** See the file's comment. */
export class EmployeeTable implements ReadonlyMap<string, EmployeeSummary> {
  /** The version at which each row was last set (this process only: a loaded table's rows are at 1). */
  private stamps = new Int32Array(1024);
  private readonly byIntegration = new Map<number, Counts>();
  /** Bumped by every `set`: a query's cache is current while it holds this version. */
  version = 0;
  /** Employees not deleted. */
  active = 0;

  constructor(readonly columns: EmployeeColumns = new EmployeeColumns()) {
    for (let row = 0; row < columns.size; row++) this.count(row, 1);
    this.stamps = new Int32Array(Math.max(1024, columns.size * 2));
    // A loaded table's rows are all new to a query cache, which starts at version 0.
    if (columns.size > 0) this.stamps.fill(++this.version, 0, columns.size);
  }

  get size(): number {
    return this.columns.size;
  }
  has(key: string): boolean {
    return this.columns.find(key) !== -1;
  }
  get(key: string): EmployeeSummary | undefined {
    const row = this.columns.find(key);
    return row === -1 ? undefined : this.columns.summary(row);
  }

  /** Sets the summary of `key` = employeeKey(summary.integrationId, summary.recordId) (a new key gets the next row). */
  set(key: string, summary: EmployeeSummary): this {
    let row = this.columns.find(key);
    if (row === -1) row = this.columns.add(key, summary);
    else {
      this.count(row, -1);
      this.columns.replace(row, summary);
    }
    this.count(row, 1);
    if (row >= this.stamps.length) {
      const grown = new Int32Array(this.stamps.length * 2);
      grown.set(this.stamps);
      this.stamps = grown;
    }
    this.stamps[row] = ++this.version;
    return this;
  }

  private count(row: number, sign: 1 | -1): void {
    const code = this.columns.integrationCode(row);
    let c = this.byIntegration.get(code);
    if (!c) this.byIntegration.set(code, (c = { active: 0, all: 0 }));
    c.all += sign;
    if (!this.columns.isDeleted(row)) {
      c.active += sign;
      this.active += sign;
    }
  }

  /** The row of `key`, or undefined. */
  rowOf(key: string): number | undefined {
    const row = this.columns.find(key);
    return row === -1 ? undefined : row;
  }
  /** The summary at `row` (0 ≤ row < size), materialised. */
  at(row: number): EmployeeSummary {
    return this.columns.summary(row);
  }
  /** One text field of `row`, without materialising the row. */
  text(row: number, field: EmployeeTextField | EmployeeCodedField | 'updatedAt'): string | null {
    return this.columns.field(row, field);
  }
  /** The codes and values of a coded field, to read a column without a string per row (queries' sorts and counts). */
  coded(field: EmployeeCodedField): CodedColumn {
    const dictionary = this.columns.parts.dictionaries[field];
    return { codes: this.columns.parts.codes[field].view(), value: (code) => dictionary.value(code), size: dictionary.size };
  }
  /** Whether `row` is deleted. */
  isDeleted(row: number): boolean {
    return this.columns.isDeleted(row);
  }
  /** A test of whether a row is of `integrationId` (every integration when null) and deleted or not, on the columns. */
  scope(integrationId: string | null, deleted: boolean): (row: number) => boolean {
    const columns = this.columns;
    if (integrationId === null) return (row) => columns.isDeleted(row) === deleted;
    const code = columns.integrationCodeOf(integrationId);
    return (row) => columns.integrationCode(row) === code && columns.isDeleted(row) === deleted;
  }
  /** Calls `onRow` for each row whose name, email, recordId, department or employee number contains `needle` (case-insensitive). */
  search(needle: string, onRow: (row: number) => void): void {
    this.columns.search(needle, onRow);
  }
  /** The rows set after `version`, ascending. O(size). */
  changedSince(version: number): number[] {
    const out: number[] = [];
    const stamps = this.stamps;
    for (let row = 0; row < this.size; row++) if (stamps[row]! > version) out.push(row);
    return out;
  }
  /** Active and all employees of `integrationId` (of every integration when null). */
  counts(integrationId: string | null): Counts {
    if (integrationId === null) return { active: this.active, all: this.size };
    return this.byIntegration.get(this.columns.integrationCodeOf(integrationId)) ?? { active: 0, all: 0 };
  }
  /** The integrationIds with a stored employee, sorted. */
  integrations(): string[] {
    return [...this.byIntegration]
      .filter(([, c]) => c.all > 0)
      .map(([code]) => this.columns.integrationOf(code))
      .sort();
  }

  /** See EmployeeColumns.withResident: `fn` reads the text `fields` of most rows. */
  withResident<T>(fields: readonly EmployeeTextField[], fn: () => T): T {
    return this.columns.withResident(fields, fn);
  }

  // The iterations read every row: from resident copies of the text, taken when they start (the rows as of then).
  *keys(): MapIterator<string> {
    for (const [key] of this.entries()) yield key;
  }
  *values(): MapIterator<EmployeeSummary> {
    for (const [, e] of this.entries()) yield e;
  }
  *entries(): MapIterator<[string, EmployeeSummary]> {
    const size = this.size;
    const text = this.columns.residentText();
    for (let row = 0; row < size; row++) {
      const e = this.columns.summary(row, text);
      yield [employeeKey(e.integrationId, e.recordId), e];
    }
  }
  [Symbol.iterator](): MapIterator<[string, EmployeeSummary]> {
    return this.entries();
  }
  forEach(fn: (value: EmployeeSummary, key: string, map: ReadonlyMap<string, EmployeeSummary>) => void): void {
    for (const [key, e] of this.entries()) fn(e, key, this);
  }
}
