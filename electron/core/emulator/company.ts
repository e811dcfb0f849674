/**
 * The generated company the emulator syncs: deterministic for a seed, realistic enough to exercise a receiver
 * (names in many scripts, departments, designations, one manager tree with a single root, offices, dependents,
 * contact info, masked bank accounts, start dates, employee numbers). Each employee is kept in Knit's
 * `eventData` shape per model (shared/knit/README.md "Employee data models"); `eventData(id, models)` carries only
 * the keys of the subscribed models. All data is fictional.
 */
import { EMPLOYEE_MODELS, type EmployeeModelId } from '../../../shared/knit/models';
import { COMPANY_DOMAIN, DEPARTMENTS, LOCALES, type Locale } from './locales';
import { Prng } from './prng';

/** An address in Knit's `locations` shape. */
export interface Address {
  addressLine1: string;
  addressLine2: string | null;
  city: string;
  state: string;
  country: string;
  zipCode: string;
  addressType: 'WORK' | 'PRESENT';
}

/** One entry of Knit's `dependents`. */
export interface Dependent {
  id: string;
  firstName: string;
  lastName: string;
  birthDate: string;
  relation: 'SPOUSE' | 'CHILD' | 'PARENT';
  gender: 'MALE' | 'FEMALE';
}

/** One entry of Knit's `bankAccountDetails` (the guide's key). */
export interface BankAccount {
  bankName: string;
  accountType: 'SAVINGS' | 'CURRENT';
  /** Masked at the source: only the last four digits are real (and fictional). */
  accountNumber: string;
  routingInfo: Array<{ type: string; number: string }>;
  payTypes: string[];
}

/** One employee as the emulated HRIS holds it: Knit's model shapes, with the manager by id. */
export interface Employee {
  id: string;
  managerId: string | null;
  /** Index into LOCALES: the office and the language of the names. */
  locale: number;
  /** Index into the locale's family names (dependents take the form for their gender). */
  family: number;
  profile: {
    id: string;
    employeeNumber: string;
    firstName: string;
    lastName: string;
    workEmail: string;
    birthDate: string;
    startDate: string;
    terminationDate: string | null;
    employmentStatus: 'ACTIVE' | 'INACTIVE';
    employmentType: 'FULL_TIME' | 'PART_TIME' | 'CONTRACTOR';
    maritalStatus: 'SINGLE' | 'MARRIED';
    gender: 'MALE' | 'FEMALE';
  };
  orgStructure: { designation: string; department: string };
  locations: { workAddress: Address; presentAddress: Address };
  dependents: Dependent[];
  contactInfo: { personalEmails: string[]; phones: Array<{ type: 'WORK' | 'PERSONAL'; number: string }> };
  bankAccountDetails: BankAccount[];
  /** Annual base salary in the office's currency. */
  salary: number;
}

/** The department of the root (CEO); every other department's head reports to the root. */
export const EXECUTIVE = { department: 'Executive', designation: 'Chief Executive Officer' } as const;

/** The size and seed of a generated company. */
export interface CompanyOptions {
  /** Any integer; the same seed gives the same company. Default 1. */
  seed?: number;
  /** How many employees (at least 1). Default 100. */
  employees?: number;
}

/** A company and its changes over time; deltas (deltas.ts) mutate it through the methods here. */
export class Company {
  /** Active employees in insertion order, keyed by id (= Knit `recordId` = `profile.id`). */
  readonly employees = new Map<string, Employee>();
  /** Employees who left: inactive, with a termination date (sent by initial syncs with includeInactiveRecords). */
  readonly departed = new Map<string, Employee>();
  /** The company's calendar day (`YYYY-MM-DD`): hires start and leavers leave on it; deltas move it forward. */
  today = '2026-01-05';
  /** The PRNG of this company's future: deltas draw from it, so a seed fixes the whole history. */
  readonly rng: Prng;
  private nextNumber = 1;
  private readonly emails = new Set<string>();
  private rootId = '';
  /** Department heads in DEPARTMENTS order; they and the root never leave or move. */
  private readonly heads: Employee[] = [];
  /** Active employees per department (kept by hire, remove and moveTo). */
  private readonly byDepartment = new Map<string, Employee[]>();

  constructor(options: CompanyOptions = {}) {
    const size = Math.max(1, Math.floor(options.employees ?? 100));
    this.rng = new Prng(options.seed ?? 1);
    this.rootId = this.hire(EXECUTIVE.department, EXECUTIVE.designation, null, 2010).id;
    for (const dept of DEPARTMENTS.slice(0, Math.min(DEPARTMENTS.length, size - 1))) {
      this.heads.push(this.hire(dept.name, dept.designations[0]!, this.rootId, 2011));
    }
    while (this.employees.size < size) this.hireIntoDepartment(false);
  }

  /** Moves the calendar forward by `days`. */
  advanceDays(days: number): void {
    const next = new Date(`${this.today}T00:00:00Z`);
    next.setUTCDate(next.getUTCDate() + days);
    this.today = next.toISOString().slice(0, 10);
  }

  /** The one employee without a manager. */
  root(): Employee {
    return this.employees.get(this.rootId)!;
  }

  /** The head of a department (reports to the root), if it has one. */
  head(department: string): Employee | undefined {
    return this.heads.find((h) => h.orgStructure.department === department);
  }

  /** The active employees of a department. */
  members(department: string): readonly Employee[] {
    return this.byDepartment.get(department) ?? [];
  }

  /** Whether `id` is the root or a department head (they are never moved or deleted by deltas). */
  isLeader(id: string): boolean {
    return id === this.rootId || this.heads.some((h) => h.id === id);
  }

  /** Whether `candidate` is `ancestor` or reports to it, directly or not. */
  reportsTo(candidate: string, ancestor: string): boolean {
    for (let id: string | null = candidate; id !== null; id = this.employees.get(id)?.managerId ?? null) {
      if (id === ancestor) return true;
    }
    return false;
  }

  /**
   * Hires a new employee in a department that has a head, under the head or one of its people.
   * @param startsToday true for a hire of a delta (starts `today`), false for the company's history.
   */
  hireIntoDepartment(startsToday = true): Employee {
    const from = startsToday ? null : 2013;
    if (this.heads.length === 0) return this.hire(EXECUTIVE.department, 'Executive Assistant', this.rootId, from);
    // Engineering (the first department) is the largest, as in most software companies.
    const head = this.rng.chance(0.3) ? this.heads[0]! : this.rng.pick(this.heads);
    const dept = DEPARTMENTS.find((d) => d.name === head.orgStructure.department)!;
    const manager = this.rng.chance(0.5) ? head : this.rng.pick(this.members(dept.name));
    return this.hire(dept.name, this.rng.pick(dept.designations.slice(1)), manager.id, from);
  }

  /** Moves an employee to another department, designation and manager. */
  moveTo(e: Employee, department: string, designation: string, managerId: string): void {
    this.unindex(e);
    e.orgStructure = { department, designation };
    e.managerId = managerId;
    this.index(e);
  }

  /** An employee leaves today: inactive from now on; their reports move to their manager. */
  remove(id: string): Employee {
    const gone = this.employees.get(id);
    if (!gone || gone.managerId === null) throw new Error(`cannot remove ${id}`);
    for (const e of this.employees.values()) if (e.managerId === id) e.managerId = gone.managerId;
    this.employees.delete(id);
    this.unindex(gone);
    gone.profile = { ...gone.profile, employmentStatus: 'INACTIVE', terminationDate: this.today };
    this.departed.set(id, gone);
    return gone;
  }

  /**
   * Knit's `eventData` for one employee, with only the keys of `models` (shared/knit/README.md model table).
   * Models this emulator does not fill get Knit's empty shape for them.
   */
  eventData(id: string, models: readonly EmployeeModelId[]): Record<string, unknown> {
    const e = this.employees.get(id) ?? this.departed.get(id);
    if (!e) throw new Error(`no employee ${id}`);
    const data: Record<string, unknown> = {};
    for (const model of EMPLOYEE_MODELS) {
      if (models.includes(model.id)) data[model.keys[0]] = this.modelData(e, model.id);
    }
    return data;
  }

  /** An office address of a locale (the same for everyone at that office). */
  officeAddress(locale: number): Address {
    const l = LOCALES[locale]!;
    return {
      addressLine1: `1 ${l.streets[0]}`,
      addressLine2: null,
      city: l.city,
      state: l.state,
      country: l.country,
      zipCode: l.zip.replace(/#/g, '0'),
      addressType: 'WORK',
    };
  }

  /** A random home address in the city of a locale. */
  homeAddress(locale: number): Address {
    const l = LOCALES[locale]!;
    return {
      addressLine1: `${this.rng.int(1, 240)} ${this.rng.pick(l.streets)}`,
      addressLine2: this.rng.chance(0.4) ? `${this.rng.int(1, 30)}-${this.rng.int(1, 20)}` : null,
      city: l.city,
      state: l.state,
      country: l.country,
      zipCode: fill(this.rng, l.zip),
      addressType: 'PRESENT',
    };
  }

  /** A new dependent of an employee (same family name). */
  dependentOf(e: Employee, relation: Dependent['relation']): Dependent {
    const l = LOCALES[e.locale]!;
    const gender = relation === 'SPOUSE' ? (e.profile.gender === 'MALE' ? 'FEMALE' : 'MALE') : this.rng.chance(0.5) ? 'MALE' : 'FEMALE';
    const [given] = this.rng.pick(l.given.filter((g) => g[2] === gender));
    const [familyNative] = familyName(l.family[e.family]!, gender);
    const lastName = l.twoSurnames ? e.profile.lastName : familyNative;
    const birthYear = relation === 'CHILD' ? this.rng.int(2005, 2024) : relation === 'SPOUSE' ? this.rng.int(1965, 2000) : this.rng.int(1940, 1965);
    return { id: `dep_${this.rng.chars(10)}`, firstName: given, lastName, birthDate: this.rng.date(birthYear, birthYear), relation, gender };
  }

  /** @param fromYear the earliest start year of a random start date; null: starts today. */
  private hire(department: string, designation: string, managerId: string | null, fromYear: number | null): Employee {
    const rng = this.rng;
    const locale = pickLocale(rng);
    const l = LOCALES[locale]!;
    const [firstName, firstLatin, gender] = rng.pick(l.given);
    const family = rng.int(0, l.family.length - 1);
    let [lastName, lastLatin] = familyName(l.family[family]!, gender);
    if (l.twoSurnames) {
      const [second] = familyName(rng.pick(l.family), gender);
      if (second !== lastName) lastName = `${lastName} ${second}`;
    }
    const id = rng.chars(15);
    const number = this.nextNumber++;
    const e: Employee = {
      id,
      managerId,
      locale,
      family,
      profile: {
        id,
        employeeNumber: `E${String(number).padStart(5, '0')}`,
        firstName,
        lastName,
        workEmail: this.uniqueEmail(`${firstLatin}.${lastLatin}`),
        birthDate: rng.date(1962, 2002),
        startDate: fromYear === null ? this.today : rng.date(fromYear, 2025),
        terminationDate: null,
        employmentStatus: 'ACTIVE',
        employmentType: rng.chance(0.88) ? 'FULL_TIME' : rng.chance(0.5) ? 'PART_TIME' : 'CONTRACTOR',
        maritalStatus: rng.chance(0.55) ? 'MARRIED' : 'SINGLE',
        gender,
      },
      orgStructure: { designation, department },
      locations: { workAddress: this.officeAddress(locale), presentAddress: this.homeAddress(locale) },
      dependents: [],
      contactInfo: {
        personalEmails: [`${firstLatin}.${lastLatin}${rng.digits(2)}@mail.example`],
        phones: [{ type: 'WORK', number: `${l.phonePrefix} ${rng.digits(4)} ${rng.digits(4)}` }],
      },
      bankAccountDetails: [],
      salary: 30_000 + rng.int(0, 170) * 1_000,
    };
    if (e.profile.maritalStatus === 'MARRIED' && rng.chance(0.6)) e.dependents.push(this.dependentOf(e, 'SPOUSE'));
    if (rng.chance(0.35)) e.dependents.push(this.dependentOf(e, 'CHILD'));
    e.bankAccountDetails.push(this.bankAccount(locale));
    this.employees.set(id, e);
    this.index(e);
    return e;
  }

  private index(e: Employee): void {
    const list = this.byDepartment.get(e.orgStructure.department);
    if (list) list.push(e);
    else this.byDepartment.set(e.orgStructure.department, [e]);
  }

  private unindex(e: Employee): void {
    const list = this.byDepartment.get(e.orgStructure.department) ?? [];
    const at = list.indexOf(e);
    if (at >= 0) list.splice(at, 1);
  }

  /** A salary account at a bank of the locale, masked but for the last four digits. */
  bankAccount(locale: number): BankAccount {
    const l = LOCALES[locale]!;
    return {
      bankName: this.rng.pick(l.banks),
      accountType: this.rng.chance(0.7) ? 'SAVINGS' : 'CURRENT',
      accountNumber: `******${this.rng.digits(4)}`,
      routingInfo: [{ type: l.routing.type, number: fill(this.rng, l.routing.pattern) }],
      payTypes: ['SALARY'],
    };
  }

  private uniqueEmail(local: string): string {
    for (let n = 1; ; n++) {
      const email = `${local}${n === 1 ? '' : n}@${COMPANY_DOMAIN}`;
      if (!this.emails.has(email)) {
        this.emails.add(email);
        return email;
      }
    }
  }

  private modelData(e: Employee, model: EmployeeModelId): unknown {
    const l = LOCALES[e.locale]!;
    switch (model) {
      case 'employee_profile':
        return { ...e.profile };
      case 'employee_orgStructure': {
        const m = e.managerId === null ? undefined : this.employees.get(e.managerId);
        const manager = m ? { id: m.id, firstName: m.profile.firstName, lastName: m.profile.lastName, workEmail: m.profile.workEmail } : null;
        return { ...e.orgStructure, manager };
      }
      case 'employee_dependent':
        return e.dependents.map((d) => ({ ...d }));
      case 'employee_location':
        return { workAddress: { ...e.locations.workAddress }, presentAddress: { ...e.locations.presentAddress } };
      case 'employee_contactInfo':
        return { personalEmails: [...e.contactInfo.personalEmails], phones: e.contactInfo.phones.map((p) => ({ ...p })) };
      case 'employee_bankAccount':
        return e.bankAccountDetails.map((b) => ({ ...b, routingInfo: b.routingInfo.map((r) => ({ ...r })), payTypes: [...b.payTypes] }));
      case 'employee_compensation':
        return { fixed: [{ type: 'SALARY', amount: e.salary, currency: l.currency, payPeriod: 'ANNUAL', frequency: 'MONTHLY' }], variable: [], stock: [] };
      case 'employee_identification':
        return [{ type: 'NATIONAL_ID', identificationNumber: `****${e.id.slice(-4)}`, issuingCountry: l.country }];
      case 'employee_profilePicture':
        return { pictureName: `${e.id}.png`, pictureURL: `https://avatars.${COMPANY_DOMAIN}/${e.id}.png` };
      case 'employee_company':
        return { id: 'co_acme_global', name: 'Acme Global' };
      case 'employee_w4':
        return l.country === 'US'
          ? { filingStatus: e.profile.maritalStatus === 'MARRIED' ? 'MARRIED_FILING_JOINTLY' : 'SINGLE', multipleJobs: false, dependentsAmount: 0 }
          : {};
      case 'employee_rawValues':
        return { profile: { source_id: e.id, locale: l.language } };
      case 'custom_fields':
        return { officeLanguage: l.language };
      case 'employee_kycDocuments':
      case 'employee_deductions':
      case 'employee_leave_requests':
        return [];
    }
  }
}

/** Picks a locale index, weighted. */
function pickLocale(rng: Prng): number {
  const total = LOCALES.reduce((sum, l) => sum + (l.weight ?? 1), 0);
  let draw = rng.next() * total;
  for (let i = 0; i < LOCALES.length; i++) {
    draw -= LOCALES[i]!.weight ?? 1;
    if (draw < 0) return i;
  }
  return 0;
}

/** A family name in the form for the gender: [native, romanized]. */
function familyName(entry: Locale['family'][number], gender: 'MALE' | 'FEMALE'): [string, string] {
  return entry.length === 4 && gender === 'FEMALE' ? [entry[2], entry[3]] : [entry[0], entry[1]];
}

/** Fills a pattern: `#` a digit, `A` an upper-case letter. */
function fill(rng: Prng, pattern: string): string {
  return pattern.replace(/[#A]/g, (c) => (c === '#' ? rng.digits(1) : rng.chars(1, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ')));
}
