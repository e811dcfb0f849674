/**
 * Record rewrites of the emulator's scenarios (scenarios.ts): every model filled, large records, non-ASCII
 * names. Deterministic from the record's position, so that a seed still fixes a run.
 */
import type { RecordChange } from '../deltas';

type Data = Record<string, unknown>;

const profileOf = (data: Data): Data => (data.profile && typeof data.profile === 'object' ? (data.profile as Data) : {});

/** Adds the three models the company leaves empty: employeeKYC, deductions and leaveRequests (Knit's model keys). */
export function everyModelFilled(data: Data, change: RecordChange, i: number): Data {
  return {
    ...data,
    employeeKYC: [
      {
        documentType: 'PASSPORT',
        documentNumber: `****${String(1000 + i).slice(-4)}`,
        issuingCountry: 'US',
        expiryDate: '2031-06-30T00:00:00Z',
        verified: i % 2 === 0,
      },
    ],
    deductions: [
      {
        deductionId: `ded_${change.recordId}_401k`,
        type: 'RETIREMENT',
        description: '401(k)',
        amount: 250 + (i % 5) * 25,
        currency: 'USD',
        frequency: 'MONTHLY',
      },
      {
        deductionId: `ded_${change.recordId}_health`,
        type: 'HEALTH_INSURANCE',
        description: 'Medical plan',
        amount: 120,
        currency: 'USD',
        frequency: 'MONTHLY',
      },
    ],
    leaveRequests: [
      {
        id: `lr_${change.recordId}_1`,
        leaveType: 'VACATION',
        status: 'APPROVED',
        startDate: '2026-07-01T00:00:00Z',
        endDate: '2026-07-10T00:00:00Z',
        requestedOn: '2026-05-02T09:30:00Z',
        unit: 'DAYS',
        amount: 8,
      },
      {
        id: `lr_${change.recordId}_2`,
        leaveType: 'SICK',
        status: 'PENDING',
        startDate: '2026-11-03T00:00:00Z',
        endDate: '2026-11-04T00:00:00Z',
        requestedOn: '2026-11-02T08:00:00Z',
        unit: 'DAYS',
        amount: 2,
      },
    ],
  };
}

/** 50 dependents and 200-character first and last names. */
export function largeRecord(data: Data, change: RecordChange): Data {
  const long = (stem: string) => stem.repeat(Math.ceil(200 / stem.length)).slice(0, 200);
  const profile = profileOf(data);
  const dependents = Array.from({ length: 50 }, (_, d) => ({
    id: `dep_${change.recordId}_${d}`,
    firstName: long(`Dependent${d}-`),
    lastName: long(`${String(profile.lastName ?? 'Family')}-`),
    birthDate: `20${String(10 + (d % 15)).padStart(2, '0')}-01-15T00:00:00Z`,
    relation: d === 0 ? 'SPOUSE' : 'CHILD',
    gender: d % 2 === 0 ? 'FEMALE' : 'MALE',
  }));
  return {
    ...data,
    profile: { ...profile, firstName: long(`${String(profile.firstName ?? 'First')}-`), lastName: long(`${String(profile.lastName ?? 'Last')}-`) },
    dependents,
  };
}

const NAMES: ReadonlyArray<[string, string, string, string]> = [
  ['Zoë', 'Ångström-Müller', 'Forschung & Entwicklung', 'Straße des 17. Juni 135, Berlin'],
  ['Łukasz', 'Żółćiński', 'Inżynieria', 'ul. Świętokrzyska 1, Łódź'],
  ['Анастасия', 'Смирнова', 'Бухгалтерия', 'Невский проспект 28, Санкт-Петербург'],
  ['太郎', '山田', '開発部', '東京都千代田区丸の内1-1'],
  ['محمد', 'العلي', 'الموارد البشرية', 'شارع الملك فهد، الرياض'],
  ['José', 'Nuñez 😀', 'Operaciones', 'Calle Mayor 5, Málaga'],
  ['Nguyễn', 'Thị Hằng', 'Kỹ thuật', 'Đường Lê Lợi, Quận 1, TP. Hồ Chí Minh'],
  ['Ἀλέξανδρος', 'Παπαδόπουλος', 'Πωλήσεις', 'Οδός Ερμού 10, Αθήνα'],
];

/** Names, department and work address from a rotation of scripts. */
export function nonAsciiRecord(data: Data, _change: RecordChange, i: number): Data {
  const [firstName, lastName, department, street] = NAMES[i % NAMES.length]!;
  const org = data.orgStructure && typeof data.orgStructure === 'object' ? (data.orgStructure as Data) : undefined;
  const locations = data.locations && typeof data.locations === 'object' ? (data.locations as Data) : undefined;
  return {
    ...data,
    profile: { ...profileOf(data), firstName, lastName },
    ...(org && { orgStructure: { ...org, department } }),
    ...(locations && { locations: { ...locations, workAddress: { ...(locations.workAddress as Data), addressLine1: street } } }),
  };
}
