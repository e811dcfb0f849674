/**
 * What the Employees screen asks the Companion for: windows of the directory (filtered, sorted, counted in the
 * core: `queryEmployees`), the headcount by department (`employeeDepartments`) and the org tree one level at a
 * time (`employeeOrgTree`). One definition for the Companion, which answers them from its directory, and for
 * the UI that asks; the renderer holds only what it shows.
 */
import { z } from 'zod';
import type { EmployeeSummary } from './types';

const id = z.string().min(1, 'This id cannot be empty.').max(512, 'An id is at most 512 characters.');

/** The columns the directory can be sorted by. */
export const EMPLOYEE_SORT_KEYS = ['name', 'recordId', 'department', 'designation', 'updatedAt', 'integrationId'] as const;
export type EmployeeSortKey = (typeof EMPLOYEE_SORT_KEYS)[number];

/** Which employees a directory window holds; `integrationId` null: every integration. */
export const EmployeeFilterSchema = z.object({
  integrationId: id.nullable(),
  /** Deleted employees (shown apart) instead of the active ones. */
  deleted: z.boolean(),
  /** Case-insensitive substring of name, work email, recordId, department or employee number. */
  text: z.string().max(512),
});
export type EmployeeFilter = z.infer<typeof EmployeeFilterSchema>;

/** The order of a window: one column, ascending or descending (ties in first-seen order). */
export const EmployeeSortSchema = z.object({ key: z.enum(EMPLOYEE_SORT_KEYS), desc: z.boolean() });
export type EmployeeSort = z.infer<typeof EmployeeSortSchema>;

/** A window of the directory: `offset` rows of the matching employees skipped, at most `limit` returned. */
export const EmployeeWindowQuerySchema = z.object({
  filter: EmployeeFilterSchema,
  sort: EmployeeSortSchema,
  offset: z.number().int().nonnegative(),
  /** At most 5,000 rows a call (a screen shows a few dozen). */
  limit: z.number().int().nonnegative().max(5_000),
});
export type EmployeeWindowQuery = z.infer<typeof EmployeeWindowQuerySchema>;

/** What `queryEmployees` answers: the rows of the window and the counts the screen shows. */
export interface EmployeeWindow {
  rows: EmployeeSummary[];
  /** How many employees pass the filter. */
  total: number;
  /** How many employees are stored in all (every integration, deleted ones included). */
  stored: number;
  /** Active and deleted employees of the filter's integration (all when null), whatever the text. */
  active: number;
  deleted: number;
  /** Every integrationId with a stored employee, sorted. */
  integrations: string[];
}

/** One integration (null: all) of the directory, for the department chart. */
export const EmployeeScopeSchema = z.object({ integrationId: id.nullable() });
export type EmployeeScope = z.infer<typeof EmployeeScopeSchema>;

/** What `employeeDepartments` answers: active employees per department, largest first ("(none)": no department). */
export interface DepartmentCounts {
  departments: Array<{ department: string; count: number }>;
  /** Active employees of the scope (the sum of the counts). */
  active: number;
}

/** The department of employees without one, in the chart. */
export const NO_DEPARTMENT = '(none)';

/** One level of the org tree: the reports of `manager` (null: the top-level people), `offset` skipped, at most `limit`. */
export const OrgTreeQuerySchema = z.object({
  integrationId: id.nullable(),
  manager: z.object({ integrationId: id, recordId: id }).nullable(),
  offset: z.number().int().nonnegative(),
  limit: z.number().int().nonnegative().max(1_000),
  /** Levels to send: 1 = these people only; 2 = also the first `limit` reports of each. */
  depth: z.number().int().min(1).max(2).default(1),
});
export type OrgTreeQuery = z.input<typeof OrgTreeQuerySchema>;

/** One person of the org tree with their reports' counts. */
export interface OrgNode {
  employee: EmployeeSummary;
  /** Direct reports, and everyone under this person. */
  reports: number;
  under: number;
  /** The first reports, when asked with depth 2. */
  children?: OrgNode[];
}

/** What `employeeOrgTree` answers. */
export interface OrgLevel {
  nodes: OrgNode[];
  /** How many people this level has (the reports of `manager`, or the top-level people). */
  total: number;
  /** Active employees in the tree. */
  people: number;
  /** How many employees name a manager who is not in the directory (they are top-level). */
  missingManagers: number;
  /** recordIds where a cycle of manager links was cut (each made top-level), at most 20. */
  cycles: string[];
}

/** A predicate for `filter`, built once per filter. */
export function employeeMatcher(filter: EmployeeFilter): (e: EmployeeSummary) => boolean {
  const needle = filter.text.trim().toLowerCase();
  return (e) =>
    e.deleted === filter.deleted &&
    (filter.integrationId === null || e.integrationId === filter.integrationId) &&
    (needle === '' || [e.name, e.email, e.recordId, e.department, e.employeeNumber].some((v) => v?.toLowerCase().includes(needle) ?? false));
}

const collator = new Intl.Collator('en-US');

/** The order of two values of a sorted column (< 0, 0, > 0): as the locale orders text, missing values first. */
export function textComparator(desc: boolean): (a: string | null, b: string | null) => number {
  const dir = desc ? -1 : 1;
  return (a, b) => dir * collator.compare(a ?? '', b ?? '');
}

/** The sort's order of two employees (< 0, 0, > 0), by the column's value (textComparator). */
export function employeeComparator(sort: EmployeeSort): (a: EmployeeSummary, b: EmployeeSummary) => number {
  const compare = textComparator(sort.desc);
  return (a, b) => compare(a[sort.key], b[sort.key]);
}

/** Active employees per department of `employees`, largest first then by name. */
export function departmentCounts(counts: ReadonlyMap<string, number>): DepartmentCounts {
  const departments = [...counts]
    .filter(([, count]) => count > 0)
    .map(([department, count]) => ({ department, count }))
    .sort((a, b) => b.count - a.count || collator.compare(a.department, b.department));
  return { departments, active: departments.reduce((n, d) => n + d.count, 0) };
}
