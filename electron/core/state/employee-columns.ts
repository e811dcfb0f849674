/**
 * The storage of the employee table (employee-table.ts), one column per EmployeeSummary field and no object
 * per row: recordId, name, email, employee number and last eventId in string heaps; integration, department,
 * designation, manager id and name, and employment status as dictionary codes; deleted, versions and the two
 * times in typed arrays (a time as epoch ms; one that an ISO round trip would not give back byte for byte is
 * kept aside as text); an id → row hash index; and the lower-cased search text of the searchable fields.
 */
import type { EmployeeSummary } from '../../../shared/api/types';
import { employeeKey } from '../../../shared/api/employee-key';
import { CodeColumn } from './columns/code-column';
import { Dictionary } from './columns/dictionary';
import { IdIndex } from './columns/id-index';
import { NumberColumn } from './columns/number-column';
import { SearchText } from './columns/search-text';
import { StringHeap } from './columns/string-heap';

export const TEXT_FIELDS = ['recordId', 'name', 'email', 'employeeNumber', 'lastEventId'] as const;
export const CODED_FIELDS = ['integrationId', 'department', 'designation', 'managerId', 'managerName', 'employmentStatus'] as const;
export const TIME_FIELDS = ['updatedAt', 'deletedAt'] as const;
export type EmployeeTextField = (typeof TEXT_FIELDS)[number];
export type EmployeeCodedField = (typeof CODED_FIELDS)[number];
type TimeField = (typeof TIME_FIELDS)[number];

/** The fields the directory's text search looks in (shared/api/employee-query.ts). */
const SEARCHED = ['name', 'email', 'recordId', 'department', 'employeeNumber'] as const;
const searchable = (e: EmployeeSummary): Array<string | null> => SEARCHED.map((f) => e[f]);

/** Every column of the table; built empty, or from a snapshot's columns (employee-section.ts). */
export interface EmployeeColumnParts {
  text: Record<EmployeeTextField, StringHeap>;
  dictionaries: Record<EmployeeCodedField, Dictionary>;
  codes: Record<EmployeeCodedField, CodeColumn>;
  times: Record<TimeField, NumberColumn<Float64Array>>;
  /** Times that are not canonical ISO strings, by `row:field`. */
  oddTimes: Map<string, string>;
  deleted: NumberColumn<Uint8Array>;
  versions: NumberColumn<Uint32Array>;
  search: SearchText;
  /** The key hashes in row order, to rebuild the index (empty for a new table). */
  hashes: ArrayLike<number>;
}

/** An object with `make(k)` under each key `k`. */
export const record = <K extends string, V>(keys: readonly K[], make: (k: K) => V): Record<K, V> =>
  Object.fromEntries(keys.map((k) => [k, make(k)])) as Record<K, V>;

/** Empty columns. */
export function emptyParts(): EmployeeColumnParts {
  return {
    text: record(TEXT_FIELDS, () => StringHeap.empty()),
    dictionaries: record(CODED_FIELDS, () => new Dictionary()),
    codes: record(CODED_FIELDS, () => new CodeColumn()),
    times: record(TIME_FIELDS, () => new NumberColumn(Float64Array)),
    oddTimes: new Map(),
    deleted: new NumberColumn(Uint8Array),
    versions: new NumberColumn(Uint32Array),
    search: new SearchText(),
    hashes: [],
  };
}

/** See the file's comment. */
export class EmployeeColumns {
  readonly parts: EmployeeColumnParts;
  private readonly ids: IdIndex;

  constructor(parts: EmployeeColumnParts = emptyParts()) {
    this.parts = parts;
    this.ids = new IdIndex((row, key) => this.keyOf(row) === key, parts.hashes.length);
    for (let row = 0; row < parts.hashes.length; row++) this.ids.addHash(parts.hashes[row]!);
  }

  get size(): number {
    return this.parts.deleted.length;
  }
  /** The key hashes in row order (a view), for a snapshot. */
  hashBytes(): Uint8Array {
    return this.ids.hashBytes();
  }

  /** The row of `key`, or -1. */
  find(key: string): number {
    return this.ids.find(key);
  }
  private keyOf(row: number): string {
    return employeeKey(this.integrationOf(this.integrationCode(row)), this.parts.text.recordId.get(row)!);
  }

  /** Appends `e` under `key`; returns its row. */
  add(key: string, e: EmployeeSummary): number {
    const p = this.parts;
    const row = p.deleted.push(e.deleted ? 1 : 0);
    for (const f of TEXT_FIELDS) p.text[f].push(e[f]);
    for (const f of CODED_FIELDS) p.codes[f].push(p.dictionaries[f].code(e[f]));
    for (const f of TIME_FIELDS) p.times[f].push(this.timeOf(row, f, e[f]));
    p.versions.push(e.versions);
    p.search.set(row, searchable(e));
    this.ids.add(key);
    return row;
  }

  /** Replaces row `row` with `e` (same key). */
  replace(row: number, e: EmployeeSummary): void {
    const p = this.parts;
    const searchChanged = searchable(e).some((v, i) => v !== this.field(row, SEARCHED[i]!));
    p.deleted.set(row, e.deleted ? 1 : 0);
    for (const f of TEXT_FIELDS) if (p.text[f].get(row) !== e[f]) p.text[f].set(row, e[f]);
    for (const f of CODED_FIELDS) p.codes[f].set(row, p.dictionaries[f].code(e[f]));
    for (const f of TIME_FIELDS) p.times[f].set(row, this.timeOf(row, f, e[f]));
    p.versions.set(row, e.versions);
    if (searchChanged) p.search.set(row, searchable(e));
  }

  /** A time as stored: epoch ms, or NaN for null and for a text that is kept aside. */
  private timeOf(row: number, f: TimeField, iso: string | null): number {
    this.parts.oddTimes.delete(`${row}:${f}`);
    if (iso === null) return Number.NaN;
    const ms = Date.parse(iso);
    if (Number.isFinite(ms) && new Date(ms).toISOString() === iso) return ms;
    this.parts.oddTimes.set(`${row}:${f}`, iso);
    return Number.NaN;
  }

  /**
   * Runs `fn` (synchronous, reading only) with the text fields `fields` all in memory: one read of the file
   * each instead of one per row, for a scan of most rows (a sort, the org tree).
   */
  withResident<T>(fields: readonly EmployeeTextField[], fn: () => T): T {
    const text = this.parts.text;
    const saved = fields.map((f) => text[f]);
    for (const f of fields) text[f] = text[f].resident();
    try {
      return fn();
    } finally {
      fields.forEach((f, i) => (text[f] = saved[i]!));
    }
  }

  /** One field of `row` as the summary has it (text from `text`: the table's heaps unless given resident copies). */
  field(row: number, f: EmployeeTextField | EmployeeCodedField | TimeField, text: Record<EmployeeTextField, StringHeap> = this.parts.text): string | null {
    const p = this.parts;
    if (f === 'updatedAt' || f === 'deletedAt') {
      const ms = p.times[f].get(row)!;
      return Number.isNaN(ms) ? (p.oddTimes.get(`${row}:${f}`) ?? null) : new Date(ms).toISOString();
    }
    if (f in text) return text[f as EmployeeTextField].get(row) ?? null;
    return p.dictionaries[f as EmployeeCodedField].value(p.codes[f as EmployeeCodedField].get(row)!);
  }

  isDeleted(row: number): boolean {
    return this.parts.deleted.get(row) === 1;
  }
  integrationCode(row: number): number {
    return this.parts.codes.integrationId.get(row)!;
  }
  /** The code of `integrationId` (-1 when no employee has it). */
  integrationCodeOf(integrationId: string): number {
    return this.parts.dictionaries.integrationId.find(integrationId);
  }
  integrationOf(code: number): string {
    return this.parts.dictionaries.integrationId.value(code) ?? '';
  }
  search(needle: string, onRow: (row: number) => void): void {
    this.parts.search.find(needle, onRow);
  }

  /** The text heaps with all their bytes in memory (StringHeap.resident), for reading every row; do not keep them. */
  residentText(): Record<EmployeeTextField, StringHeap> {
    return record(TEXT_FIELDS, (f) => this.parts.text[f].resident());
  }

  /** Row `row` as an EmployeeSummary (a new object, the fields in the order apply.ts writes them); text as `field` reads it. */
  summary(row: number, text: Record<EmployeeTextField, StringHeap> = this.parts.text): EmployeeSummary {
    return {
      integrationId: this.integrationOf(this.integrationCode(row)),
      recordId: this.field(row, 'recordId', text)!,
      deleted: this.isDeleted(row),
      name: this.field(row, 'name', text),
      email: this.field(row, 'email', text),
      employeeNumber: this.field(row, 'employeeNumber', text),
      department: this.field(row, 'department'),
      designation: this.field(row, 'designation'),
      managerId: this.field(row, 'managerId'),
      managerName: this.field(row, 'managerName'),
      employmentStatus: this.field(row, 'employmentStatus'),
      updatedAt: this.field(row, 'updatedAt')!,
      lastEventId: this.field(row, 'lastEventId', text)!,
      deletedAt: this.field(row, 'deletedAt'),
      versions: this.parts.versions.get(row)!,
    };
  }
}
