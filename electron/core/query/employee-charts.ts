/**
 * `employeeDepartments` and `employeeOrgTree`: the Employees screen's chart and tree, computed in the core
 * per integration and kept per directory version, within a budget of bytes (kept.ts). The headcount is
 * counted over the department and integration code columns (no string per row, nothing kept per row); the
 * org tree takes its people from the directory's rows of the same scope sorted by name (EmployeeWindows, kept
 * there and patched with each live batch), so that building it sorts nothing, and then answers each level
 * from two integers per person (shared/api/org-index.ts).
 */
import { departmentCounts, NO_DEPARTMENT, type DepartmentCounts, type OrgLevel, type OrgTreeQuery } from '../../../shared/api/employee-query';
import { buildOrgIndex, orgLevel, type OrgIndex, type OrgLinks } from '../../../shared/api/org-index';
import { employeeKey } from '../../../shared/api/employee-key';
import type { EmployeeTable } from '../state/employee-table';
import { keptCache, keptSize, type KeptLimits } from './kept';
import { EmployeeWindows } from './employee-windows';

/** A result as of `version` of `table`. */
interface Kept<T> {
  table: EmployeeTable;
  version: number;
  value: T;
}

/** Scopes whose headcount is kept (a few hundred bytes each). */
const KEPT_HEADCOUNTS: KeptLimits = { entries: 8, bytes: 2 ** 20 };
/** Scopes whose tree is kept, and their bytes in all (the tree of a million people takes 8 MB). */
const KEPT_TREES: KeptLimits = { entries: 4, bytes: 24 * 2 ** 20 };

/** Active employees per department code of `integrationId` (all when null), read from the code columns. */
function countDepartments(table: EmployeeTable, integrationId: string | null): Map<string, number> {
  const department = table.coded('department');
  const perCode = new Float64Array(department.size);
  const matches = table.scope(integrationId, false);
  for (let row = 0; row < table.size; row++) if (matches(row)) perCode[department.codes[row]!]!++;
  const counts = new Map<string, number>();
  perCode.forEach((count, code) => {
    if (count === 0) return;
    const name = department.value(code) ?? NO_DEPARTMENT;
    counts.set(name, (counts.get(name) ?? 0) + count);
  });
  return counts;
}

/** The people of a tree: `rows` (the scope's active rows in name order), person i being `rows[i]`. */
function peopleIn(table: EmployeeTable, rows: Int32Array): OrgLinks {
  const person = numbersOf(rows, Math.max(table.size, rows.length + 2));
  return {
    count: rows.length,
    employee: (i) => table.at(rows[i]!),
    positionOf: (integrationId, recordId) => {
      const row = table.rowOf(employeeKey(integrationId, recordId));
      return row === undefined ? -1 : rows.indexOf(row);
    },
    managerOf: managersOf(table, rows, person),
    spare: person,
  };
}

/**
 * Each row's person number (-1: none) in `length` entries. Its own function: a closure over the numbers in
 * peopleIn would keep them alive with the tree's people.
 */
function numbersOf(rows: Int32Array, length: number): Int32Array {
  const person = new Int32Array(length).fill(-1);
  rows.forEach((row, i) => (person[row] = i));
  return person;
}

/**
 * Each person's manager (OrgLinks.managerOf), looked up once per distinct (integration, managerId) from the
 * code columns; `person` numbers each row (-1: not in the tree). Its own function, so that what it holds goes
 * once the tree is built.
 */
function managersOf(table: EmployeeTable, rows: Int32Array, person: Int32Array): (i: number) => number {
  const manager = table.coded('managerId');
  const integration = table.coded('integrationId');
  const found = new Map<number, number>();
  return (i) => {
    const row = rows[i]!;
    const m = manager.codes[row]!;
    const managerId = manager.value(m);
    if (!managerId) return -1;
    const key = m * integration.size + integration.codes[row]!;
    let at = found.get(key);
    if (at === undefined) found.set(key, (at = table.rowOf(employeeKey(integration.value(integration.codes[row]!) ?? '', managerId)) ?? -1));
    if (at === row) return -1;
    return at === -1 || person[at] === -1 ? -2 : person[at]!;
  };
}

/** The department chart and org tree of one Companion's directory; see the file's comment. */
export class EmployeeCharts {
  private readonly headcounts = keptCache<Kept<Map<string, number>>>(KEPT_HEADCOUNTS, (h) => 64 * h.value.size);
  private readonly trees;

  /** `windows`: the directory's windows (the Companion's own, to share their kept rows), whose rows sorted by name the trees are built from. */
  constructor(
    private readonly windows: EmployeeWindows = new EmployeeWindows(),
    treeLimits: KeptLimits = KEPT_TREES,
  ) {
    this.trees = keptCache<Kept<OrgIndex>>(treeLimits, (t) => t.value.order.byteLength + t.value.size.byteLength);
  }

  /** Active employees per department of `integrationId` (all when null). */
  departments(table: EmployeeTable, integrationId: string | null): DepartmentCounts {
    const key = JSON.stringify(integrationId);
    let h = this.headcounts.get(key);
    if (!h || h.table !== table || h.version !== table.version) {
      h = { table, version: table.version, value: countDepartments(table, integrationId) };
      this.headcounts.set(key, h);
    }
    return departmentCounts(h.value);
  }

  /** One level of the org tree of `query.integrationId` (all when null). */
  orgTree(table: EmployeeTable, query: OrgTreeQuery): OrgLevel {
    const key = JSON.stringify(query.integrationId);
    let t = this.trees.get(key);
    if (!t || t.table !== table || t.version !== table.version) {
      // A tree of an older directory is of no use (each is built anew): it goes before the new one is built.
      const stale = [...this.trees.entries()].filter(([, kept]) => kept.table !== table || kept.version !== table.version);
      for (const [old] of stale) this.trees.delete(old);
      const rows = this.windows.rows(table, { integrationId: query.integrationId, deleted: false, text: '' }, { key: 'name', desc: false });
      t = { table, version: table.version, value: buildOrgIndex(peopleIn(table, rows)) };
      this.trees.set(key, t);
    }
    return orgLevel(t.value, query);
  }

  /** What is kept now: trees and their bytes. */
  keptTrees(): KeptLimits {
    return keptSize(this.trees);
  }
}
