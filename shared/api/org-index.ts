/**
 * The org tree of a set of employees from their `managerId` links, as flat arrays (no object per node), so
 * that one level of it is answered at a time (`employeeOrgTree`). Real data is messy, so: several top-level
 * people are several roots; a manager who is not in the set makes the employee top-level (counted in
 * `missingManagers`); a cycle of manager links is cut where a walk up closes it (that employee made
 * top-level, listed in `cycles`). Reports are sorted by name, as the locale orders them.
 */
import { employeeKey } from './employee-key';
import type { OrgLevel, OrgNode, OrgTreeQuery } from './employee-query';
import type { EmployeeSummary } from './types';

/**
 * The people of a tree, by position 0…count-1, as the builder reads them: the Companion reads its columns
 * (no object per employee until one is answered), `peopleOf` an array.
 */
export interface OrgPeople {
  count: number;
  /** The position of person i's manager; -1 when none is named (or themself), -2 when the named one is not among the people. */
  managerOf(i: number): number;
  name(i: number): string | null;
  employee(i: number): EmployeeSummary;
  /** The position of an employee, or -1. */
  positionOf(integrationId: string, recordId: string): number;
}

/** `employees` as OrgPeople (managers looked up by key within each employee's integration). */
export function peopleOf(employees: readonly EmployeeSummary[]): OrgPeople {
  const positions = new Map<string, number>();
  employees.forEach((e, i) => positions.set(employeeKey(e.integrationId, e.recordId), i));
  const positionOf = (integrationId: string, recordId: string): number => positions.get(employeeKey(integrationId, recordId)) ?? -1;
  return {
    count: employees.length,
    managerOf: (i) => {
      const e = employees[i]!;
      if (!e.managerId || e.managerId === e.recordId) return -1;
      const at = positionOf(e.integrationId, e.managerId);
      return at === -1 ? -2 : at;
    },
    name: (i) => employees[i]!.name,
    employee: (i) => employees[i]!,
    positionOf,
  };
}

/** The tree over `people` (by their positions). */
export interface OrgIndex {
  people: OrgPeople;
  /** Top-level positions, by name. */
  roots: Int32Array;
  /** The reports of position i are `children[childStart[i] .. childStart[i + 1])`, by name. */
  childStart: Int32Array;
  children: Int32Array;
  /** People in the subtree of position i, itself included. */
  size: Int32Array;
  missingManagers: number;
  cycles: string[];
}

/** Reports sent with each person of a level asked with depth 2. */
const NESTED_LIMIT = 100;
/** Cycles listed in an answer. */
const CYCLES_LISTED = 20;

const collator = new Intl.Collator('en-US');

/** The managers' positions (-1: top-level), with the links to missing managers and the cycles cut. */
function parentsOf(people: OrgPeople): { parent: Int32Array; missing: number; cycles: string[] } {
  const n = people.count;
  const parent = new Int32Array(n).fill(-1);
  let missing = 0;
  for (let i = 0; i < n; i++) {
    const at = people.managerOf(i);
    if (at === -2) missing++;
    else parent[i] = at;
  }
  // 0: not seen, 1: on the current walk, 2: settled (its way up reaches the top).
  const mark = new Uint8Array(n);
  const cycles: string[] = [];
  const path: number[] = [];
  for (let start = 0; start < n; start++) {
    path.length = 0;
    let at = start;
    while (at !== -1 && mark[at] !== 2) {
      if (mark[at] === 1) {
        parent[at] = -1;
        cycles.push(people.employee(at).recordId);
        break;
      }
      mark[at] = 1;
      path.push(at);
      at = parent[at]!;
    }
    for (const p of path) mark[p] = 2;
  }
  return { parent, missing, cycles };
}

/** Builds the index; never throws on bad links. O(n log n) for the sorting by name (each name read once). */
export function buildOrgIndex(people: OrgPeople): OrgIndex {
  const n = people.count;
  const { parent, missing, cycles } = parentsOf(people);
  const childStart = new Int32Array(n + 1);
  let rootCount = 0;
  for (let i = 0; i < n; i++)
    if (parent[i] === -1) rootCount++;
    else childStart[parent[i]! + 1]!++;
  for (let i = 0; i < n; i++) childStart[i + 1]! += childStart[i]!;
  const children = new Int32Array(n - rootCount);
  const roots = new Int32Array(rootCount);
  const fill = childStart.slice(0, n);
  for (let i = 0, r = 0; i < n; i++)
    if (parent[i] === -1) roots[r++] = i;
    else children[fill[parent[i]!]!++] = i;
  const names = Array.from({ length: n }, (_, i) => people.name(i) ?? '');
  const byName = (a: number, b: number): number => collator.compare(names[a]!, names[b]!) || a - b;
  roots.sort(byName);
  for (let i = 0; i < n; i++) if (childStart[i + 1]! - childStart[i]! > 1) children.subarray(childStart[i]!, childStart[i + 1]!).sort(byName);
  // Breadth first from the roots, then sizes summed up from the deepest.
  const order = new Int32Array(n);
  order.set(roots);
  for (let head = 0, tail = rootCount; head < tail; head++) {
    const p = order[head]!;
    for (let c = childStart[p]!; c < childStart[p + 1]!; c++) order[tail++] = children[c]!;
  }
  const size = new Int32Array(n).fill(1);
  for (let k = n - 1; k >= 0; k--) if (parent[order[k]!]! !== -1) size[parent[order[k]!]!]! += size[order[k]!]!;
  return { people, roots, childStart, children, size, missingManagers: missing, cycles };
}

/** The reports of position `p` (-1: the top level). */
const levelOf = (index: OrgIndex, p: number): Int32Array => (p === -1 ? index.roots : index.children.subarray(index.childStart[p]!, index.childStart[p + 1]!));

function nodeOf(index: OrgIndex, p: number, nested: number): OrgNode {
  const reports = index.childStart[p + 1]! - index.childStart[p]!;
  const node: OrgNode = { employee: index.people.employee(p), reports, under: index.size[p]! - 1 };
  if (nested > 0) node.children = Array.from(levelOf(index, p).subarray(0, nested), (c) => nodeOf(index, c, 0));
  return node;
}

/** One level of the tree as `employeeOrgTree` answers it; an unknown manager has no reports. */
export function orgLevel(index: OrgIndex, query: OrgTreeQuery): OrgLevel {
  const at = query.manager ? index.people.positionOf(query.manager.integrationId, query.manager.recordId) : -1;
  const level = query.manager && at === -1 ? new Int32Array(0) : levelOf(index, at);
  const nested = (query.depth ?? 1) > 1 ? Math.min(query.limit, NESTED_LIMIT) : 0;
  return {
    nodes: Array.from(level.subarray(query.offset, query.offset + query.limit), (p) => nodeOf(index, p, nested)),
    total: level.length,
    people: index.people.count,
    missingManagers: index.missingManagers,
    cycles: index.cycles.slice(0, CYCLES_LISTED),
  };
}
