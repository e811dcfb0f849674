/**
 * The generated company the emulator syncs: deterministic for a seed, realistic enough to exercise a receiver
 * (names in many scripts, departments, designations, one manager tree with a single root, offices, dependents,
 * contact info, masked bank accounts, start dates, employee numbers). Generated lazily, so that a company of a
 * million costs no more memory than one of a hundred: employee `i` is made from the seed and `i` when it is
 * needed (employee-gen.ts, org-layout.ts), and what deltas change (changed employees, hires, leavers) is held
 * as a small overlay. Each employee is read in Knit's `eventData` shape per model; all data is fictional.
 */
import type { EmployeeModelId } from '../../../shared/knit/models';
import { EMPLOYEE_MODELS } from '../../../shared/knit/models';
import { generateEmployee, modelData, type Employee } from './employee-gen';
import { employeeView, type EmployeeView } from './employee-view';
import { DEPARTMENTS } from './locales';
import { indexCode, indexOfCode, mix, OrgLayout } from './org-layout';
import { Prng } from './prng';

export { EXECUTIVE, type Address, type BankAccount, type Dependent, type Employee } from './employee-gen';
export type { EmployeeView } from './employee-view';

/** The most employees a generated company has (`demo` and `emulate --employees`). */
export const MAX_EMPLOYEES = 1_000_000;

/** The size and seed of a generated company. */
export interface CompanyOptions {
  /** Any integer; the same seed gives the same company. Default 1. */
  seed?: number;
  /** How many employees (1 to MAX_EMPLOYEES). Default 100. */
  employees?: number;
}

/** Base employees kept made at once (managers are read for each of their reports). */
const RECENT = 256;

/** A company and its changes over time; deltas (deltas.ts) change it through the methods here. */
export class Company {
  /** Active employees. */
  readonly employees: EmployeeView;
  /** Employees who left: inactive (sent by initial syncs with includeInactiveRecords), in the order they left. */
  readonly departed: EmployeeView;
  /** The company's calendar day (`YYYY-MM-DD`): hires start and leavers leave on it; deltas move it forward. */
  today = '2026-01-05';
  /** The PRNG of this company's future: deltas draw from it, so a seed fixes the whole history. */
  readonly rng: Prng;
  private readonly seed: number;
  private readonly layout: OrgLayout;
  /** The index the next hire takes. */
  private next: number;
  private active: number;
  /** Employees changed by deltas, and hires: their current version (managerId as set, not resolved), by index. */
  private readonly changed = new Map<number, Employee>();
  /** Employees who left through remove(), as they left, by index. */
  private readonly gone = new Map<number, Employee>();
  /** Overlay employees (changed or gone) by the index of the manager they were given. */
  private readonly given = new Map<number, Set<number>>();
  /** departEvery(n): employee `i` (not the root or a head) with `i % n === n - 1` left before the first sync. */
  private leaveEvery = 0;
  /** The day those left (their termination date). */
  private leaveDay = '';
  private readonly recent = new Map<number, Employee>();

  constructor(options: CompanyOptions = {}) {
    const size = Math.min(MAX_EMPLOYEES, Math.max(1, Math.floor(options.employees ?? 100)));
    this.seed = (options.seed ?? 1) >>> 0;
    this.rng = new Prng(mix(this.seed, 0x7fffffff));
    this.layout = new OrgLayout(this.seed, size);
    this.next = size;
    this.active = size;
    const source = { indexOf: (id: string) => this.indexOf(id), idAt: (i: number) => this.idAt(i), at: (i: number) => this.at(i) };
    this.employees = employeeView({ ...source, size: () => this.active, holds: (i) => !this.isDeparted(i), indexes: () => this.indexes() });
    this.departed = employeeView({ ...source, size: () => this.next - this.active, holds: (i) => this.isDeparted(i), indexes: () => this.departedIndexes() });
  }

  /** Moves the calendar forward by `days`. */
  advanceDays(days: number): void {
    const next = new Date(`${this.today}T00:00:00Z`);
    next.setUTCDate(next.getUTCDate() + days);
    this.today = next.toISOString().slice(0, 10);
  }

  /** The one employee without a manager. */
  root(): Employee {
    return this.at(0);
  }

  /** The head of a department (reports to the root), if it has one. */
  head(department: string): Employee | undefined {
    const d = DEPARTMENTS.findIndex((x) => x.name === department);
    return d >= 0 && d < this.layout.heads ? this.at(d + 1) : undefined;
  }

  /** Whether `id` is the root or a department head (they are never moved or deleted by deltas). */
  isLeader(id: string): boolean {
    const i = this.indexOf(id);
    return i >= 0 && i <= this.layout.heads;
  }

  /** Whether `candidate` is `ancestor` or reports to it, directly or not. */
  reportsTo(candidate: string, ancestor: string): boolean {
    const target = this.indexOf(ancestor);
    for (let i = this.indexOf(candidate); i >= 0; i = this.managerOf(i)) if (i === target) return true;
    return false;
  }

  /** The active employees who report to `id` directly (those a departure of `id` gives a new manager). */
  reportsOf(id: string): string[] {
    const out: string[] = [];
    const visit = (m: number): void => {
      const children = new Set([...(m < this.layout.size ? this.layout.children(m) : []), ...(this.given.get(m) ?? [])]);
      for (const c of children) {
        if (this.rawManager(c) !== m) continue;
        if (this.isDeparted(c)) visit(c);
        else out.push(this.idAt(c));
      }
    };
    visit(this.indexOf(id));
    return out;
  }

  /** A random active employee (of `department` when given) who is not the root or a department head, or null when none is found. */
  randomMember(department?: string): string | null {
    const d = department === undefined ? -1 : DEPARTMENTS.findIndex((x) => x.name === department);
    if (department !== undefined && (d < 0 || d >= this.layout.heads)) return null; // the root's department, or one without people
    for (let attempt = 0; attempt < 64; attempt++) {
      const i = d < 0 ? this.rng.int(this.layout.heads + 1, this.next - 1) : this.layout.indexAt(d, this.rng.int(1, Math.max(1, this.layout.members(d))));
      if (i <= this.layout.heads || i >= this.next || this.isDeparted(i)) continue;
      if (d >= 0 && this.at(i).orgStructure.department !== department) continue;
      return this.idAt(i);
    }
    return null;
  }

  /** Hires a new employee starting today, in the department the layout gives the next index, under its head or one of its people. */
  hireIntoDepartment(): Employee {
    const i = this.next++;
    const e = generateEmployee(this.seed, this.layout, i, this.today);
    const head = this.head(e.orgStructure.department);
    const member = head && !this.rng.chance(0.5) ? this.randomMember(e.orgStructure.department) : null;
    this.active++;
    this.setManager(e, member ?? head?.id ?? this.idAt(0));
    return { ...e, managerId: this.idAt(this.managerOf(i)) };
  }

  /** The stored, changeable version of an active employee: what a delta changes (then read through the views). */
  mutable(id: string): Employee {
    const i = this.indexOf(id);
    if (i < 0 || this.isDeparted(i)) throw new Error(`no active employee ${id}`);
    let e = this.changed.get(i);
    if (!e) {
      e = structuredClone(this.base(i));
      this.setManager(e, this.idAt(this.layout.parent(i)));
    }
    return e;
  }

  /** Moves an employee (a mutable() one) to another department, designation and manager. */
  moveTo(e: Employee, department: string, designation: string, managerId: string): void {
    e.orgStructure = { department, designation };
    this.setManager(e, managerId);
  }

  /** Gives an employee (a mutable() or new one) a manager. */
  setManager(e: Employee, managerId: string): void {
    const i = this.indexOf(e.id);
    if (e.managerId !== null) this.given.get(this.indexOf(e.managerId))?.delete(i);
    e.managerId = managerId;
    this.giveManager(i, this.indexOf(managerId));
    this.changed.set(i, e);
  }

  /** An employee leaves today: inactive from now on; their reports now report to their manager. */
  remove(id: string): Employee {
    const i = this.indexOf(id);
    if (i <= 0 || this.isDeparted(i)) throw new Error(`cannot remove ${id}`);
    const e = this.at(i);
    const gone = { ...e, profile: { ...e.profile, employmentStatus: 'INACTIVE' as const, terminationDate: this.today } };
    this.changed.delete(i);
    this.giveManager(i, this.indexOf(gone.managerId!));
    this.gone.set(i, gone);
    this.active--;
    return gone;
  }

  /**
   * One employee in `every` (never the root or a department head) left before the first sync: inactive, every
   * other one with a termination date (today's), the rest without one (e.g. on long leave). Before any delta.
   */
  departEvery(every: number): void {
    this.leaveEvery = every;
    this.leaveDay = this.today;
    const heads = this.layout.heads;
    this.active -= Math.floor(this.layout.size / every) - Math.floor((heads + 1) / every);
  }

  /**
   * Knit's `eventData` for one employee, active or not, with only the keys of `models` (shared/knit/README.md
   * model table). Models this emulator does not fill get Knit's empty shape for them.
   */
  eventData(id: string, models: readonly EmployeeModelId[]): Record<string, unknown> {
    const i = this.indexOf(id);
    if (i < 0) throw new Error(`no employee ${id}`);
    const e = this.at(i);
    const m = e.managerId === null ? -1 : this.indexOf(e.managerId);
    const manager = m >= 0 && !this.isDeparted(m) ? this.at(m) : undefined;
    const data: Record<string, unknown> = {};
    for (const model of EMPLOYEE_MODELS) if (models.includes(model.id)) data[model.keys[0]] = modelData(e, model.id, manager);
    return data;
  }

  /** Employee `i` as it is now (active or not), its managerId resolved to an active manager when active. */
  private at(i: number): Employee {
    const left = this.gone.get(i);
    if (left) return left;
    const e = this.changed.get(i) ?? this.base(i);
    const managerId = i === 0 ? null : this.idAt(this.managerOf(i));
    if (!this.isDeparted(i)) return { ...e, managerId };
    const k = Math.floor((i + 1) / this.leaveEvery) - Math.floor((this.layout.heads + 1) / this.leaveEvery) - 1;
    return { ...e, managerId, profile: { ...e.profile, employmentStatus: 'INACTIVE', terminationDate: k % 2 === 1 ? null : this.leaveDay } };
  }

  /** Employee `i` as generated (managerId null), kept among the recently made. */
  private base(i: number): Employee {
    let e = this.recent.get(i);
    if (!e) {
      if (this.recent.size >= RECENT) this.recent.clear();
      e = generateEmployee(this.seed, this.layout, i);
      this.recent.set(i, e);
    }
    return e;
  }

  /** Records that overlay employee `i` was given manager `m` (for reportsOf). */
  private giveManager(i: number, m: number): void {
    const reports = this.given.get(m);
    if (reports) reports.add(i);
    else this.given.set(m, new Set([i]));
  }

  /** The index of the manager `i` was given (the layout's, unless a delta changed it), -1 for the root. */
  private rawManager(i: number): number {
    const e = this.gone.get(i) ?? this.changed.get(i);
    return e ? (e.managerId === null ? -1 : this.indexOf(e.managerId)) : this.layout.parent(i);
  }

  /** The active manager of `i`: its given manager, or the first active one above a manager who left. */
  private managerOf(i: number): number {
    let m = this.rawManager(i);
    while (m > 0 && this.isDeparted(m)) m = this.rawManager(m);
    return m;
  }

  private isDeparted(i: number): boolean {
    if (this.gone.has(i)) return true;
    const every = this.leaveEvery;
    return every > 0 && i > this.layout.heads && i < this.layout.size && i % every === every - 1;
  }

  /** The id of employee `i`: its index scrambled, then characters of its own PRNG. */
  private idAt(i: number): string {
    return indexCode(this.seed, i) + new Prng(mix(this.seed, i)).chars(9);
  }

  /** The index of the employee `id`, or -1 when no employee of this company has that id. */
  private indexOf(id: string): number {
    if (id.length !== 15) return -1;
    const i = indexOfCode(this.seed, id);
    return i >= 0 && i < this.next && this.idAt(i) === id ? i : -1;
  }

  private *indexes(): IterableIterator<number> {
    for (let i = 0; i < this.next; i++) if (!this.isDeparted(i)) yield i;
  }

  private *departedIndexes(): IterableIterator<number> {
    const every = this.leaveEvery;
    if (every > 0) for (let i = every - 1; i < this.layout.size; i += every) if (i > this.layout.heads) yield i;
    yield* this.gone.keys();
  }
}
