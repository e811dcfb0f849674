/**
 * The org tree of a set of employees from their `managerId` links, as flat arrays (no object per node), so
 * that one level of it is answered at a time (`employeeOrgTree`). Real data is messy, so: several top-level
 * people are several roots; a manager who is not in the set makes the employee top-level (counted in
 * `missingManagers`); a cycle of manager links is cut where a walk up closes it (that employee made
 * top-level, listed in `cycles`). Reports are sorted by name, as the locale orders them.
 *
 * The people come numbered in name order, so that reports are in name order once grouped by manager (a
 * counting sort, no comparison); the tree is then laid out depth first: a person's subtree is the positions
 * `p … p + size[p] - 1`, their first report is at `p + 1` and each next one `size` further. Two integers a
 * person in all.
 */
import { employeeKey } from './employee-key';
import type { OrgLevel, OrgNode, OrgTreeQuery } from './employee-query';
import type { EmployeeSummary } from './types';

/**
 * The people of a tree, numbered 0…count-1 in name order (ties: any fixed order), as the builder reads them:
 * the Companion reads its columns (no object per employee until one is answered), `peopleOf` an array.
 */
export interface OrgPeople {
  count: number;
  employee(i: number): EmployeeSummary;
  /** The number of an employee, or -1. */
  positionOf(integrationId: string, recordId: string): number;
}

/** OrgPeople with their manager links, read once while the tree is built (and not kept by it). */
export interface OrgLinks extends OrgPeople {
  /** The number of person i's manager; -1 when none is named (or themself), -2 when the named one is not among the people. */
  managerOf(i: number): number;
  /** Storage the builder may overwrite once every managerOf was read (count + 2 entries or more), instead of allocating its own. */
  spare?: Int32Array;
}

const collator = new Intl.Collator('en-US');

/** `employees` as OrgPeople, numbered by name (ties: array order; managers looked up within each employee's integration). */
export function peopleOf(employees: readonly EmployeeSummary[]): OrgLinks {
  const names = employees.map((e) => e.name ?? '');
  const byName = Int32Array.from(employees, (_, i) => i).sort((a, b) => collator.compare(names[a]!, names[b]!) || a - b);
  const sorted = Array.from(byName, (i) => employees[i]!);
  const positions = new Map<string, number>();
  sorted.forEach((e, i) => positions.set(employeeKey(e.integrationId, e.recordId), i));
  const positionOf = (integrationId: string, recordId: string): number => positions.get(employeeKey(integrationId, recordId)) ?? -1;
  return {
    count: sorted.length,
    managerOf: (i) => {
      const e = sorted[i]!;
      if (!e.managerId || e.managerId === e.recordId) return -1;
      const at = positionOf(e.integrationId, e.managerId);
      return at === -1 ? -2 : at;
    },
    employee: (i) => sorted[i]!,
    positionOf,
  };
}

/** The tree over `people`, laid out depth first (see the file's comment). */
export interface OrgIndex {
  people: OrgPeople;
  /** The person at each depth-first position. */
  order: Int32Array;
  /** People in the subtree at each position, itself included. */
  size: Int32Array;
  missingManagers: number;
  cycles: string[];
}

/** Reports sent with each person of a level asked with depth 2. */
const NESTED_LIMIT = 100;
/** Cycles listed in an answer. */
const CYCLES_LISTED = 20;

/** The managers' numbers (-1: top-level), with the links to missing managers and the cycles cut. */
function parentsOf(people: OrgLinks, mark: Int32Array): { parent: Int32Array; missing: number; cycles: string[] } {
  const n = people.count;
  const parent = new Int32Array(n).fill(-1);
  let missing = 0;
  for (let i = 0; i < n; i++) {
    const at = people.managerOf(i);
    if (at === -2) missing++;
    else parent[i] = at;
  }
  // `mark` (all 0): 0 not seen, 1 on the current walk, 2 settled (its way up reaches the top).
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

/** Builds the index; never throws on bad links. O(n): no sort, the people being numbered by name. */
export function buildOrgIndex(people: OrgLinks): OrgIndex {
  const n = people.count;
  const order = new Int32Array(n); // the marks of the walks up, until the layout writes it
  const { parent, missing, cycles } = parentsOf(people, order);
  // Reports grouped by manager (slot 0: the top level), each group in name order: a counting sort.
  const start = people.spare && people.spare.length >= n + 2 ? people.spare.subarray(0, n + 2).fill(0) : new Int32Array(n + 2);
  for (let i = 0; i < n; i++) start[parent[i]! + 2]!++;
  for (let g = 0; g <= n; g++) start[g + 1]! += start[g]!;
  const grouped = new Int32Array(n);
  for (let i = 0; i < n; i++) grouped[start[parent[i]! + 1]!++] = i;
  // `start[g]` is now the end of group g (manager g - 1); a group begins where the one before it ends.
  const first = (g: number): number => (g === 0 ? 0 : start[g - 1]!);
  // Depth first from the top level, each group in order: a stack of [group, next index within it].
  const size = parent.fill(0); // the links are no longer read: their storage takes the sizes
  const stack: number[] = [0, first(0)];
  const at: number[] = [];
  let next = 0;
  while (stack.length > 0) {
    const k = stack.length - 2;
    const g = stack[k]!;
    const i = stack[k + 1]!;
    if (i < start[g]!) {
      stack[k + 1] = i + 1;
      const person = grouped[i]!;
      at.push(next);
      order[next++] = person;
      stack.push(person + 1, first(person + 1));
    } else {
      stack.length = k;
      if (g !== 0) {
        const p = at.pop()!;
        size[p] = next - p;
      }
    }
  }
  const kept: OrgPeople = { count: n, employee: people.employee, positionOf: people.positionOf };
  return { people: kept, order, size, missingManagers: missing, cycles };
}

/** The depth-first positions of the reports of position `p` (-1: the top level), in name order. */
function* reportsOf(index: OrgIndex, p: number): Generator<number> {
  const end = p === -1 ? index.order.length : p + index.size[p]!;
  for (let c = p + 1; c < end; c += index.size[c]!) yield c;
}

/** How many reports position `p` has (-1: the top level). */
function countReports(index: OrgIndex, p: number): number {
  let count = 0;
  for (const _ of reportsOf(index, p)) count++;
  return count;
}

/** Up to `limit` reports of `p` after skipping `offset`. */
function someReports(index: OrgIndex, p: number, offset: number, limit: number): number[] {
  const out: number[] = [];
  let k = 0;
  for (const c of reportsOf(index, p)) {
    if (out.length >= limit) break;
    if (k++ >= offset) out.push(c);
  }
  return out;
}

function nodeOf(index: OrgIndex, p: number, nested: number): OrgNode {
  const node: OrgNode = { employee: index.people.employee(index.order[p]!), reports: countReports(index, p), under: index.size[p]! - 1 };
  if (nested > 0) node.children = someReports(index, p, 0, nested).map((c) => nodeOf(index, c, 0));
  return node;
}

/** One level of the tree as `employeeOrgTree` answers it; an unknown manager has no reports. */
export function orgLevel(index: OrgIndex, query: OrgTreeQuery): OrgLevel {
  const person = query.manager ? index.people.positionOf(query.manager.integrationId, query.manager.recordId) : -1;
  const at = person === -1 ? -1 : index.order.indexOf(person);
  const unknown = query.manager !== null && query.manager !== undefined && at === -1;
  const nested = (query.depth ?? 1) > 1 ? Math.min(query.limit, NESTED_LIMIT) : 0;
  return {
    nodes: unknown ? [] : someReports(index, at, query.offset, query.limit).map((p) => nodeOf(index, p, nested)),
    total: unknown ? 0 : countReports(index, at),
    people: index.people.count,
    missingManagers: index.missingManagers,
    cycles: index.cycles.slice(0, CYCLES_LISTED),
  };
}
