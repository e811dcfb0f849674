/**
 * What changes in the emulated HRIS between two sync runs, and the events a `delta_sync` run carries for it.
 * Like Knit, the events come from comparing each record's subscribed data before and after: a change to a
 * model that is not subscribed emits nothing, and a manager's departure emits `record.modified` for every
 * report whose manager changed. Source: Knit's employee sync guide (delta_sync carries record.new,
 * record.modified and record.deleted; record.deleted's eventData is `{employeeId, workEmail}`).
 */
import type { EmployeeModelId } from '../../../shared/knit/models';
import type { Company, Employee } from './company';
import { DEPARTMENTS } from './locales';

/** One record event of a run, before it gets its ids: the type, the record and its `eventData`. */
export interface RecordChange {
  eventType: 'record.new' | 'record.modified' | 'record.deleted';
  recordId: string;
  eventData: Record<string, unknown>;
}

/**
 * The `record.new` events of an initial sync: every active employee in company order, then with
 * `includeInactiveRecords` (a `sync.start` option) every employee who left.
 */
export function initialChanges(company: Company, models: readonly EmployeeModelId[], includeInactiveRecords = false): RecordChange[] {
  const ids = [...company.employees.keys(), ...(includeInactiveRecords ? company.departed.keys() : [])];
  return ids.map((recordId) => ({
    eventType: 'record.new',
    recordId,
    eventData: company.eventData(recordId, models),
  }));
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

/**
 * Moves the company forward by one delta (hires, departures, and changes of department, designation, manager,
 * address, phone, marital status and dependents, bank account) and returns the resulting events, in the
 * order deleted, modified, new. Draws from `company.rng`, so a seed fixes every delta.
 */
export function advanceCompany(company: Company, models: readonly EmployeeModelId[], size: DeltaSize = {}): RecordChange[] {
  const before = new Map<string, string>();
  const workEmails = new Map<string, string>();
  for (const id of company.employees.keys()) {
    before.set(id, JSON.stringify(company.eventData(id, models)));
    workEmails.set(id, company.employees.get(id)!.profile.workEmail);
  }
  const rng = company.rng;
  const n = company.employees.size;
  company.advanceDays(rng.int(1, 3));
  const hires = size.hires ?? 1 + rng.int(0, Math.floor(n / 100));
  const departures = size.departures ?? 1 + rng.int(0, Math.floor(n / 150));
  const changes = size.changes ?? 2 + rng.int(0, Math.floor(n / 25));

  // Anyone but the root and the department heads may leave or change.
  const pool = [...company.employees.values()].filter((e) => !company.isLeader(e.id));
  for (let i = 0; i < departures && pool.length > 0; i++) {
    const at = rng.int(0, pool.length - 1);
    company.remove(pool[at]!.id);
    pool[at] = pool[pool.length - 1]!;
    pool.pop();
  }
  for (let i = 0; i < changes && pool.length > 0; i++) changeOne(company, rng.pick(pool));
  for (let i = 0; i < hires; i++) company.hireIntoDepartment();

  const out: RecordChange[] = [];
  for (const [id, json] of before) {
    if (!company.employees.has(id)) {
      out.push({ eventType: 'record.deleted', recordId: id, eventData: { employeeId: id, workEmail: workEmails.get(id) } });
    } else if (JSON.stringify(company.eventData(id, models)) !== json) {
      out.push({ eventType: 'record.modified', recordId: id, eventData: company.eventData(id, models) });
    }
  }
  for (const id of company.employees.keys()) {
    if (!before.has(id)) out.push({ eventType: 'record.new', recordId: id, eventData: company.eventData(id, models) });
  }
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
      const options = company.members(e.orgStructure.department).filter((m) => m.id !== e.managerId && !company.reportsTo(m.id, e.id));
      if (options.length === 0) return changeOne(company, e);
      e.managerId = rng.pick(options).id;
      return;
    }
    case 'address':
      e.locations = { ...e.locations, presentAddress: company.homeAddress(e.locale) };
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
        e.dependents = [...e.dependents, company.dependentOf(e, 'SPOUSE')];
      } else {
        e.dependents = [...e.dependents, company.dependentOf(e, 'CHILD')];
      }
      return;
    case 'bank':
      e.bankAccountDetails = [company.bankAccount(e.locale)];
      return;
  }
}
