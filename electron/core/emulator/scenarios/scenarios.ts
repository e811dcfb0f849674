/**
 * The emulator's scenarios (`knit-sync emulate --scenario NAME`): the situations a Knit webhook handler must
 * survive, each a change to how runs are generated or delivered. Knit's facts behind them (the sync guide and
 * Knit's model reference): delivery is at least once and unordered, only a 200 counts and anything else is
 * retried for days, `includeInactiveRecords` adds employees who left, `bankAccounts` is the model reference's
 * key where the guide says `bankAccountDetails`, and one POST carries one whole employee, however large.
 */
import { EMPLOYEE_MODEL_IDS, type EmployeeModelId } from '../../../../shared/knit/models';
import type { Company } from '../company';
import type { DeliveryFaults, DeliveryRetryPolicy } from '../delivery';
import { mapChanges, type ChangeList, type RecordChange } from '../deltas';
import { everyModelFilled, largeRecord, nonAsciiRecord } from './records';

/** One scenario: what it changes. Every part is optional; scenarios combine by applying each in turn. */
export interface Scenario {
  name: string;
  /** One line for `--help`. */
  description: string;
  /** The models to subscribe instead of the guide's six. */
  models?: readonly EmployeeModelId[];
  includeInactiveRecords?: boolean;
  /** Changes the company before its first run. */
  prepareCompany?: (company: Company) => void;
  /** Rewrites a run's record events (order, content), as they are read. */
  changes?: (changes: ChangeList) => ChangeList;
  faults?: DeliveryFaults;
  retry?: Partial<DeliveryRetryPolicy>;
  /** Deliver one request at a time, so that the order is the order sent. */
  sequential?: boolean;
}

const mapData = (f: (data: Record<string, unknown>, change: RecordChange, index: number) => Record<string, unknown>) => (changes: ChangeList) =>
  mapChanges(changes, (c, i) => (c.eventType === 'record.deleted' ? c : { ...c, eventData: f(c.eventData, c, i) }));

/** Every scenario, by name. */
export const SCENARIOS: readonly Scenario[] = [
  {
    name: 'duplicates',
    description: 'every third record event is delivered twice (same eventId, same bytes) once accepted',
    faults: { duplicate: (i) => i % 3 === 0 },
  },
  {
    name: 'out-of-order',
    description: 'record.modified before its record.new for every fourth employee, and a record.deleted of an employee never sent',
    sequential: true,
    changes: outOfOrder,
  },
  {
    name: 'inactive',
    description: 'includeInactiveRecords: one employee in ten has left (terminated or inactive), and the initial sync carries them too',
    includeInactiveRecords: true,
    prepareCompany: departSome,
  },
  {
    name: 'no-all-consumed',
    description: 'runs never send sync.events.allConsumed, as when Knit still waits for a 200',
    faults: { withholdAllConsumed: true },
  },
  {
    name: 'long-retry-tail',
    description: 'each event is retried 12 times, backoff 0.5 s doubling to 60 s (about 6 minutes; Knit retries over 4 days)',
    retry: { attempts: 12, baseDelayMs: 500, maxDelayMs: 60_000 },
  },
  {
    name: 'every-model',
    description: 'every data model subscribed and filled: KYC documents, deductions and leave requests too',
    models: EMPLOYEE_MODEL_IDS,
    changes: mapData(everyModelFilled),
  },
  {
    name: 'bank-accounts',
    description: "the model reference's bankAccounts key instead of the guide's bankAccountDetails",
    changes: mapData(({ bankAccountDetails, ...rest }) => (bankAccountDetails === undefined ? rest : { ...rest, bankAccounts: bankAccountDetails })),
  },
  { name: 'large-records', description: 'every employee with 50 dependents and names of 200 characters', changes: mapData(largeRecord) },
  {
    name: 'non-ascii',
    description: 'names, addresses and departments in many scripts (accents, Cyrillic, CJK, Arabic, emoji)',
    changes: mapData(nonAsciiRecord),
  },
];

/** The scenario named `name`, or undefined. */
export const scenarioNamed = (name: string): Scenario | undefined => SCENARIOS.find((s) => s.name === name);

/** What scenarios change once combined (a Scenario without its name and description). */
export type ScenarioEffect = Omit<Scenario, 'name' | 'description'>;

/** The scenarios combined: models and retry of the last that sets them, changes applied in order, faults merged. */
export function combineScenarios(scenarios: readonly Scenario[]): ScenarioEffect {
  const combined: ScenarioEffect = {};
  for (const s of scenarios) {
    if (s.models) combined.models = s.models;
    if (s.includeInactiveRecords) combined.includeInactiveRecords = true;
    if (s.prepareCompany) {
      const before = combined.prepareCompany;
      const next = s.prepareCompany;
      combined.prepareCompany = (company) => (before?.(company), next(company));
    }
    if (s.retry) combined.retry = { ...combined.retry, ...s.retry };
    if (s.sequential) combined.sequential = true;
    if (s.faults) combined.faults = { ...combined.faults, ...s.faults };
    if (s.changes) {
      const before = combined.changes;
      const next = s.changes;
      combined.changes = before ? (c) => next(before(c)) : next;
    }
  }
  return combined;
}

/** One employee in ten (never the root or a department head) leaves: inactive, every other one terminated (with a terminationDate), the rest without one (e.g. on long leave). */
function departSome(company: Company): void {
  company.departEvery(10);
}

/** The out-of-order scenario's rewrite: a record.modified before every fourth record.new, and a record.deleted of an employee never sent. */
function outOfOrder(changes: ChangeList): ChangeList {
  const early = (c: RecordChange, i: number) => i % 4 === 0 && c.eventType === 'record.new';
  let doubled = 0;
  let i = 0;
  for (const c of changes) if (early(c, i++)) doubled++;
  return {
    length: changes.length + doubled + 1,
    *[Symbol.iterator]() {
      let at = 0;
      for (const c of changes) {
        if (early(c, at++)) yield { ...c, eventType: 'record.modified' };
        yield c;
      }
      yield { eventType: 'record.deleted', recordId: 'emp_never_sent', eventData: { employeeId: 'emp_never_sent', workEmail: 'never.sent@example.com' } };
    },
  };
}
