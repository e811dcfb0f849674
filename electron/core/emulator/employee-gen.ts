/**
 * One generated employee, made from the company's seed and the employee's index alone (its own PRNG, seeded by
 * both), so that any employee of a company of a million can be made when it is needed, in any order, and is the
 * same each time. The shapes are Knit's models (shared/knit/README.md "Employee data models"); all fictional.
 */
import type { EmployeeModelId } from '../../../shared/knit/models';
import { COMPANY_DOMAIN, DEPARTMENTS, LOCALES, type Locale } from './locales';
import { indexCode, mix, type OrgLayout } from './org-layout';
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

/**
 * Employee `i` of the company of `seed` laid out by `layout`, active, with `managerId` null (the company sets
 * it). `startDate` given: a hire of a delta (department and designation drawn here too); else the
 * company's history (root from 2010, heads from 2011, the others from 2013).
 */
export function generateEmployee(seed: number, layout: OrgLayout, i: number, startDate?: string): Employee {
  const rng = new Prng(mix(seed, i));
  const id = indexCode(seed, i) + rng.chars(9);
  const locale = pickLocale(rng);
  const l = LOCALES[locale]!;
  const [firstName, firstLatin, gender] = rng.pick(l.given);
  const family = rng.int(0, l.family.length - 1);
  let [lastName, lastLatin] = familyName(l.family[family]!, gender);
  if (l.twoSurnames) {
    const [second] = familyName(rng.pick(l.family), gender);
    if (second !== lastName) lastName = `${lastName} ${second}`;
  }
  const d = layout.department(i);
  const dept = DEPARTMENTS[d];
  const orgStructure =
    i === 0
      ? { ...EXECUTIVE }
      : !dept
        ? { department: EXECUTIVE.department, designation: 'Executive Assistant' }
        : { department: dept.name, designation: i <= layout.heads ? dept.designations[0]! : rng.pick(dept.designations.slice(1)) };
  const e: Employee = {
    id,
    managerId: null,
    locale,
    family,
    profile: {
      id,
      employeeNumber: `E${String(i + 1).padStart(5, '0')}`,
      firstName,
      lastName,
      // the index keeps work emails unique without a list of those taken (romanized names hold no digits)
      workEmail: `${firstLatin}.${lastLatin}${i === 0 ? '' : i + 1}@${COMPANY_DOMAIN}`,
      birthDate: rng.date(1962, 2002),
      startDate: startDate ?? rng.date(i === 0 ? 2010 : i <= layout.heads ? 2011 : 2013, 2025),
      terminationDate: null,
      employmentStatus: 'ACTIVE',
      employmentType: rng.chance(0.88) ? 'FULL_TIME' : rng.chance(0.5) ? 'PART_TIME' : 'CONTRACTOR',
      maritalStatus: rng.chance(0.55) ? 'MARRIED' : 'SINGLE',
      gender,
    },
    orgStructure,
    locations: { workAddress: officeAddress(locale), presentAddress: homeAddress(rng, locale) },
    dependents: [],
    contactInfo: {
      personalEmails: [`${firstLatin}.${lastLatin}${rng.digits(2)}@mail.example`],
      phones: [{ type: 'WORK', number: `${l.phonePrefix} ${rng.digits(4)} ${rng.digits(4)}` }],
    },
    bankAccountDetails: [],
    salary: 30_000 + rng.int(0, 170) * 1_000,
  };
  if (e.profile.maritalStatus === 'MARRIED' && rng.chance(0.6)) e.dependents.push(dependentOf(rng, e, 'SPOUSE'));
  if (rng.chance(0.35)) e.dependents.push(dependentOf(rng, e, 'CHILD'));
  e.bankAccountDetails.push(bankAccount(rng, locale));
  return e;
}

/** An office address of a locale (the same for everyone at that office). */
export function officeAddress(locale: number): Address {
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
export function homeAddress(rng: Prng, locale: number): Address {
  const l = LOCALES[locale]!;
  return {
    addressLine1: `${rng.int(1, 240)} ${rng.pick(l.streets)}`,
    addressLine2: rng.chance(0.4) ? `${rng.int(1, 30)}-${rng.int(1, 20)}` : null,
    city: l.city,
    state: l.state,
    country: l.country,
    zipCode: fill(rng, l.zip),
    addressType: 'PRESENT',
  };
}

/** A new dependent of an employee (same family name). */
export function dependentOf(rng: Prng, e: Employee, relation: Dependent['relation']): Dependent {
  const l = LOCALES[e.locale]!;
  const gender = relation === 'SPOUSE' ? (e.profile.gender === 'MALE' ? 'FEMALE' : 'MALE') : rng.chance(0.5) ? 'MALE' : 'FEMALE';
  const [given] = rng.pick(l.given.filter((g) => g[2] === gender));
  const [familyNative] = familyName(l.family[e.family]!, gender);
  const lastName = l.twoSurnames ? e.profile.lastName : familyNative;
  const birthYear = relation === 'CHILD' ? rng.int(2005, 2024) : relation === 'SPOUSE' ? rng.int(1965, 2000) : rng.int(1940, 1965);
  return { id: `dep_${rng.chars(10)}`, firstName: given, lastName, birthDate: rng.date(birthYear, birthYear), relation, gender };
}

/** A salary account at a bank of the locale, masked but for the last four digits. */
export function bankAccount(rng: Prng, locale: number): BankAccount {
  const l = LOCALES[locale]!;
  return {
    bankName: rng.pick(l.banks),
    accountType: rng.chance(0.7) ? 'SAVINGS' : 'CURRENT',
    accountNumber: `******${rng.digits(4)}`,
    routingInfo: [{ type: l.routing.type, number: fill(rng, l.routing.pattern) }],
    payTypes: ['SALARY'],
  };
}

/** Knit's `eventData` value of one model for `e`, whose manager is `manager` (shared/knit/README.md model table). */
export function modelData(e: Employee, model: EmployeeModelId, manager: Employee | undefined): unknown {
  const l = LOCALES[e.locale]!;
  switch (model) {
    case 'employee_profile':
      return { ...e.profile };
    case 'employee_orgStructure': {
      const m = manager;
      return {
        ...e.orgStructure,
        manager: m ? { id: m.id, firstName: m.profile.firstName, lastName: m.profile.lastName, workEmail: m.profile.workEmail } : null,
      };
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

/** The sum of the offices' weights. */
const LOCALE_WEIGHTS = LOCALES.reduce((sum, l) => sum + (l.weight ?? 1), 0);

/** Picks a locale index, weighted. */
function pickLocale(rng: Prng): number {
  let draw = rng.next() * LOCALE_WEIGHTS;
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
