/**
 * `employeeDepartments` and `employeeOrgTree`: the Employees screen's chart and tree, computed in the core
 * per integration and kept per directory version. The headcount is kept up to date from the rows set since
 * (EmployeeTable.changedSince), so a live batch costs its changes; the org tree is built again when the
 * directory changed (O(n log n) in the integration's size) and then answers each level from flat arrays.
 */
import { departmentCounts, NO_DEPARTMENT, type DepartmentCounts, type OrgLevel, type OrgTreeQuery } from '../../../shared/api/employee-query';
import { buildOrgIndex, orgLevel, type OrgIndex, type OrgPeople } from '../../../shared/api/org-index';
import { employeeKey } from '../../../shared/api/employee-key';
import type { EmployeeTable } from '../state/employee-table';

/** The headcount of one scope as of `version`: which department each row is counted in. */
interface Headcount {
  table: EmployeeTable;
  version: number;
  counted: Array<string | undefined>;
  counts: Map<string, number>;
}

interface Tree {
  table: EmployeeTable;
  version: number;
  index: OrgIndex;
}

/** Scopes whose chart and tree are kept. */
const KEPT = 4;

/** The active employees of `integrationId` (all when null) as the org tree reads them: from the columns. */
function peopleIn(table: EmployeeTable, integrationId: string | null): OrgPeople {
  const matches = table.scope(integrationId, false);
  const rows: number[] = [];
  for (let row = 0; row < table.size; row++) if (matches(row)) rows.push(row);
  const position = new Int32Array(table.size).fill(-1);
  rows.forEach((row, i) => (position[row] = i));
  const positionOf = (integration: string, recordId: string): number => {
    const row = table.rowOf(employeeKey(integration, recordId));
    return row === undefined ? -1 : position[row]!;
  };
  return {
    count: rows.length,
    managerOf: (i) => {
      const managerId = table.text(rows[i]!, 'managerId');
      if (!managerId || managerId === table.text(rows[i]!, 'recordId')) return -1;
      const at = positionOf(table.text(rows[i]!, 'integrationId')!, managerId);
      return at === -1 ? -2 : at;
    },
    name: (i) => table.text(rows[i]!, 'name'),
    employee: (i) => table.at(rows[i]!),
    positionOf,
  };
}

/** Keeps `value` under `key` as the newest of at most KEPT. */
function keep<T>(kept: Map<string, T>, key: string, value: T): T {
  kept.delete(key);
  kept.set(key, value);
  if (kept.size > KEPT) kept.delete(kept.keys().next().value!);
  return value;
}

/** The department chart and org tree of one Companion's directory; see the file's comment. */
export class EmployeeCharts {
  private readonly headcounts = new Map<string, Headcount>();
  private readonly trees = new Map<string, Tree>();

  /** Active employees per department of `integrationId` (all when null). */
  departments(table: EmployeeTable, integrationId: string | null): DepartmentCounts {
    const key = JSON.stringify(integrationId);
    let h = this.headcounts.get(key);
    if (!h || h.table !== table) h = { table, version: 0, counted: [], counts: new Map() };
    if (h.version !== table.version) {
      const counts = h.counts;
      const matches = table.scope(integrationId, false);
      for (const row of table.changedSince(h.version)) {
        const was = h.counted[row];
        if (was !== undefined) counts.set(was, counts.get(was)! - 1);
        const now = matches(row) ? (table.text(row, 'department') ?? NO_DEPARTMENT) : undefined;
        h.counted[row] = now;
        if (now !== undefined) counts.set(now, (counts.get(now) ?? 0) + 1);
      }
      h.version = table.version;
    }
    return departmentCounts(keep(this.headcounts, key, h).counts);
  }

  /** One level of the org tree of `query.integrationId` (all when null). */
  orgTree(table: EmployeeTable, query: OrgTreeQuery): OrgLevel {
    const key = JSON.stringify(query.integrationId);
    let t = this.trees.get(key);
    if (!t || t.table !== table || t.version !== table.version) {
      const people = peopleIn(table, query.integrationId);
      t = { table, version: table.version, index: table.withResident(['recordId', 'name'], () => buildOrgIndex(people)) };
    }
    return orgLevel(keep(this.trees, key, t).index, query);
  }
}
