/**
 * The org tree from employees' `managerId` links, laid out with d3-hierarchy's stratify under one
 * synthetic root. Real data is messy, so: several top-level people become several roots; a manager that is
 * not in the directory makes the employee a root (listed in `missingManagers`); a cycle of manager links
 * is cut where it closes (listed in `cycles`). Deleted employees are left out.
 */
import { stratify, type HierarchyNode } from 'd3-hierarchy';
import type { EmployeeSummary } from '../../shared/api/types';
import { employeeKey } from '../../shared/api/employee-key';

/** The id of the synthetic root above every top-level employee. */
export const ORG_ROOT_ID = '\u0000root';

export interface OrgDatum {
  id: string;
  parentId: string | null;
  employee: EmployeeSummary | null;
}

export interface OrgTree {
  /** The synthetic root; its children are the top-level people. `value` of each node = people in its subtree, itself included. */
  root: HierarchyNode<OrgDatum>;
  /** recordIds whose managerId names no one in the directory. */
  missingManagers: string[];
  /** recordIds where a manager cycle was cut (each made a root). */
  cycles: string[];
}

const nodeId = (e: { integrationId: string; recordId: string }): string => employeeKey(e.integrationId, e.recordId);

/** Builds the tree; never throws on bad links. Children are sorted by name. */
export function buildOrgTree(employees: readonly EmployeeSummary[]): OrgTree {
  const people = new Map<string, EmployeeSummary>();
  for (const e of employees) if (!e.deleted) people.set(nodeId(e), e);
  const parent = new Map<string, string>();
  const missingManagers: string[] = [];
  for (const [id, e] of people) {
    if (!e.managerId || e.managerId === e.recordId) {
      parent.set(id, ORG_ROOT_ID);
      continue;
    }
    const managerKey = nodeId({ integrationId: e.integrationId, recordId: e.managerId });
    if (people.has(managerKey)) parent.set(id, managerKey);
    else {
      parent.set(id, ORG_ROOT_ID);
      missingManagers.push(e.recordId);
    }
  }
  // Cut cycles: walk up from each node; a walk that comes back to a node on its own path closes a cycle.
  const cycles: string[] = [];
  const settled = new Set<string>([ORG_ROOT_ID]);
  for (const start of people.keys()) {
    const path: string[] = [];
    const onPath = new Set<string>();
    let at = start;
    while (!settled.has(at)) {
      if (onPath.has(at)) {
        parent.set(at, ORG_ROOT_ID);
        cycles.push(people.get(at)?.recordId ?? at);
        break;
      }
      onPath.add(at);
      path.push(at);
      at = parent.get(at) ?? ORG_ROOT_ID;
    }
    for (const p of path) settled.add(p);
  }
  const data: OrgDatum[] = [{ id: ORG_ROOT_ID, parentId: null, employee: null }];
  for (const [id, e] of people) data.push({ id, parentId: parent.get(id) ?? ORG_ROOT_ID, employee: e });
  const root = stratify<OrgDatum>()
    .id((d) => d.id)
    .parentId((d) => d.parentId)(data);
  root.sum((d) => (d.employee ? 1 : 0));
  root.sort((a, b) => (a.data.employee?.name ?? '').localeCompare(b.data.employee?.name ?? ''));
  return { root, missingManagers, cycles };
}

/** Headcount per department of the non-deleted employees, largest first ("(none)" for no department). */
export function headcountByDepartment(employees: readonly EmployeeSummary[]): Array<{ department: string; count: number }> {
  const counts = new Map<string, number>();
  for (const e of employees) {
    if (e.deleted) continue;
    const d = e.department ?? '(none)';
    counts.set(d, (counts.get(d) ?? 0) + 1);
  }
  return [...counts].map(([department, count]) => ({ department, count })).sort((a, b) => b.count - a.count || a.department.localeCompare(b.department));
}
