/**
 * What changes in the emulated HRIS between two sync runs, and the events a `delta_sync` run carries for it.
 * Like Knit, the events come from comparing each record's subscribed data before and after: a change to a
 * model that is not subscribed emits nothing, and a manager's departure emits `record.modified` for every
 * report whose manager changed. Source: Knit's employee sync guide (delta_sync carries record.new,
 * record.modified and record.deleted; record.deleted's eventData is `{employeeId, workEmail}`).
 */
import type { EmployeeModelId } from '../../../shared/knit/models';
import type { Company, Employee } from './company';
import { bankAccount, dependentOf, homeAddress } from './employee-gen';
import { DEPARTMENTS } from './locales';

/** One record event of a run, before it gets its ids: the type, the record and its `eventData`. */
export interface RecordChange {
  eventType: 'record.new' | 'record.modified' | 'record.deleted';
  recordId: string;
  eventData: Record<string, unknown>;
}

/**
 * A run's record events, in order, made as they are read (an array is one too): how many, and each in turn.
 * An initial sync of a million employees is one, never a million objects at once.
 */
export interface ChangeList extends Iterable<RecordChange> {
  readonly length: number;
}

/** `changes` with each change rewritten by `f` (given its 0-based position), made as they are read. */
export function mapChanges(changes: ChangeList, f: (change: RecordChange, index: number) => RecordChange): ChangeList {
  return {
    length: changes.length,
    *[Symbol.iterator]() {
      let i = 0;
      for (const change of changes) yield f(change, i++);
    },
  };
}

/**
 * The `record.new` events of an initial sync: every active employee in company order, then with
 * `includeInactiveRecords` (a `sync.start` option) every employee who left. Made one by one as they are read.
 */
export function initialChanges(company: Company, models: readonly EmployeeModelId[], includeInactiveRecords = false): ChangeList {
  const change = (recordId: string): RecordChange => ({ eventType: 'record.new', recordId, eventData: company.eventData(recordId, models) });
  return {
    length: company.employees.size + (includeInactiveRecords ? company.departed.size : 0),
    *[Symbol.iterator]() {
      for (const id of company.employees.keys()) yield change(id);
      if (includeInactiveRecords) for (const id of company.departed.keys()) yield change(id);
    },
  };
}

/** How much changes per delta run; each count is drawn at random when omitted. */
export interface DeltaSize {
  /** Hires per run (default 1 + one per 100 employees, at most). */
  hires?: number;
  /** Departures per run (default 1 + one per 150 employees, at most). */
  departures?: number;
  /** Field changes per run (default 2 + one per 25 employees, at most). */
  changes?: number;
}

/** The default delta sizes grow with the company up to this many employees, and stay there: a delta stays a small overlay. */
const DELTA_GROWTH_CAP = 100_000;

/**
 * Moves the company forward by one delta (hires, departures, and changes of department, designation, manager,
 * address, phone, marital status and dependents, bank account) and returns the resulting events, in the
 * order deleted, modified, new. Draws from `company.rng`, so a seed fixes every delta. Only the employees a
 * delta touches are compared before and after: the leavers' reports (their manager changes), the changed.
 */
export function advanceCompany(company: Company, models: readonly EmployeeModelId[], size: DeltaSize = {}): RecordChange[] {
  const rng = company.rng;
  const n = Math.min(company.employees.size, DELTA_GROWTH_CAP);
  company.advanceDays(rng.int(1, 3));
  const hires = size.hires ?? 1 + rng.int(0, Math.floor(n / 100));
  const departures = size.departures ?? 1 + rng.int(0, Math.floor(n / 150));
  const changes = size.changes ?? 2 + rng.int(0, Math.floor(n / 25));

  const before = new Map<string, string>();
  const watch = (id: string) => before.has(id) || before.set(id, JSON.stringify(company.eventData(id, models)));
  const deleted: RecordChange[] = [];
  // Anyone but the root and the department heads may leave or change.
  for (let i = 0; i < departures; i++) {
    const id = company.randomMember();
    if (id === null) break;
    company.reportsOf(id).forEach(watch);
    const gone = company.remove(id);
    deleted.push({ eventType: 'record.deleted', recordId: id, eventData: { employeeId: id, workEmail: gone.profile.workEmail } });
  }
  for (let i = 0; i < changes; i++) {
    const id = company.randomMember();
    if (id === null) break;
    watch(id);
    changeOne(company, company.mutable(id));
  }
  const hired = Array.from({ length: hires }, () => company.hireIntoDepartment().id);

  const out: RecordChange[] = [...deleted];
  for (const [id, json] of before) {
    if (!company.employees.has(id)) continue;
    const data = company.eventData(id, models);
    if (JSON.stringify(data) !== json) out.push({ eventType: 'record.modified', recordId: id, eventData: data });
  }
  for (const id of hired) out.push({ eventType: 'record.new', recordId: id, eventData: company.eventData(id, models) });
  return out;
}

/** One realistic change to one employee (never the root or a department head). */
function changeOne(company: Company, e: Employee): void {
  const rng = company.rng;
  const kind = rng.pick(['department', 'designation', 'manager', 'address', 'phone', 'family', 'bank'] as const);
  const dept = DEPARTMENTS.find((d) => d.name === e.orgStructure.department);
  switch (kind) {
    case 'department': {
      const target = rng.pick(DEPARTMENTS.filter((d) => d.name !== e.orgStructure.department && company.head(d.name)));
      const head = target && company.head(target.name);
      if (!target || !head || company.reportsTo(head.id, e.id)) return changeOne(company, e);
      company.moveTo(e, target.name, rng.pick(target.designations.slice(1)), head.id);
      return;
    }
    case 'designation': {
      const options = dept?.designations.slice(1).filter((d) => d !== e.orgStructure.designation) ?? [];
      if (options.length === 0) return changeOne(company, e);
      e.orgStructure = { ...e.orgStructure, designation: rng.pick(options) };
      return;
    }
    case 'manager': {
      const current = company.employees.get(e.id)!.managerId;
      const m = company.randomMember(e.orgStructure.department);
      if (m === null || m === current || company.reportsTo(m, e.id)) return changeOne(company, e);
      company.setManager(e, m);
      return;
    }
    case 'address':
      e.locations = { ...e.locations, presentAddress: homeAddress(rng, e.locale) };
      return;
    case 'phone':
      e.contactInfo = {
        ...e.contactInfo,
        phones: [...e.contactInfo.phones.filter((p) => p.type === 'WORK'), { type: 'PERSONAL', number: `+${rng.digits(2)} ${rng.digits(3)} ${rng.digits(4)}` }],
      };
      return;
    case 'family':
      if (e.profile.maritalStatus === 'SINGLE') {
        e.profile = { ...e.profile, maritalStatus: 'MARRIED' };
        e.dependents = [...e.dependents, dependentOf(rng, e, 'SPOUSE')];
      } else {
        e.dependents = [...e.dependents, dependentOf(rng, e, 'CHILD')];
      }
      return;
    case 'bank':
      e.bankAccountDetails = [bankAccount(rng, e.locale)];
      return;
  }
}
