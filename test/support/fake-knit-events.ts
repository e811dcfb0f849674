/**
 * Knit-shaped event bodies for tests and the dev page, following the guide's payloads
 * (test/fixtures/guide/*.json): record.new / record.modified / record.deleted with `eventData` keyed by
 * model, and the two sync events with epoch-millisecond strings.
 */
/** One employee as the generator describes it. */
export interface FakePerson {
  recordId: string;
  firstName: string;
  lastName: string;
  department: string;
  designation: string;
  managerId: string | null;
}

const FIRST = ['Ana', 'Kwame', 'Mei', 'Lars', 'Priya', 'Tomás', 'Aisha', 'Jonas', 'Yuki', 'Olu', 'Sofia', 'Ravi'];
const LAST = ['Okafor', 'Mensah', 'Chen', 'Berg', 'Nair', 'García', 'Bello', 'Weber', 'Sato', 'Adeyemi', 'Rossi', 'Iyer'];
const DEPARTMENTS = ['Engineering', 'Sales', 'Finance', 'People', 'Support'];

/** `count` people: the first is the root, the others report to someone earlier (a tree), ids emp_0001... */
export function fakePeople(count: number): FakePerson[] {
  return Array.from({ length: count }, (_, i) => ({
    recordId: `emp_${String(i + 1).padStart(4, '0')}`,
    firstName: FIRST[i % FIRST.length] ?? 'Ana',
    lastName: LAST[(i * 7) % LAST.length] ?? 'Okafor',
    department: i === 0 ? 'Executive' : (DEPARTMENTS[i % DEPARTMENTS.length] ?? 'Sales'),
    designation: i === 0 ? 'CEO' : i < 4 ? 'Director' : 'Engineer',
    managerId: i === 0 ? null : `emp_${String(Math.floor((i - 1) / 3) + 1).padStart(4, '0')}`,
  }));
}

let counter = 0;
const eventId = (): string => `e_${Date.now().toString(36)}${(counter++).toString(36).padStart(5, '0')}`;

/** The `eventData` of a person with the guide's six default models. */
export function personData(p: FakePerson, people: readonly FakePerson[] = []): Record<string, unknown> {
  const manager = people.find((m) => m.recordId === p.managerId);
  return {
    profile: {
      id: p.recordId,
      employeeNumber: p.recordId.replace('emp_', 'E'),
      firstName: p.firstName,
      lastName: p.lastName,
      workEmail: `${p.firstName}.${p.lastName}@example.com`.toLowerCase(),
      employmentStatus: 'ACTIVE',
    },
    orgStructure: {
      designation: p.designation,
      department: p.department,
      manager: manager ? { id: manager.recordId, firstName: manager.firstName, lastName: manager.lastName } : null,
    },
    locations: { workAddress: { city: 'Lisbon', country: 'PT' } },
    dependents: [],
    contactInfo: { personalEmail: `${p.firstName}@mail.example`.toLowerCase(), phones: [{ type: 'WORK', number: '+351 210 000 000' }] },
    bankAccountDetails: [
      {
        bankName: 'Banco Demo',
        accountNumber: `PT50000201231234567890${p.recordId.slice(-3)}`,
        routingInfo: [{ type: 'SWIFT', number: 'DEMOPTPL' }],
        accountType: 'SAVINGS',
      },
    ],
  };
}

/** Common fields of one run's events. */
export interface RunRef {
  syncJobId: string;
  syncRunId: string;
  syncType: 'initial_sync' | 'delta_sync';
}

/** A record.* body. */
export function recordEvent(
  run: RunRef,
  type: 'record.new' | 'record.modified' | 'record.deleted',
  recordId: string,
  eventData: Record<string, unknown>,
): Record<string, unknown> {
  return {
    eventId: eventId(),
    eventType: type,
    eventData,
    syncType: run.syncType,
    syncDataType: 'employee',
    syncJobId: run.syncJobId,
    syncRunId: run.syncRunId,
    recordId,
  };
}

/** A sync.events.processed or sync.events.allConsumed body for a run that emitted `emitted` records. */
export function syncEvent(
  run: RunRef,
  type: 'sync.events.processed' | 'sync.events.allConsumed',
  emitted: number,
  startedAt = Date.now() - 60_000,
): Record<string, unknown> {
  const eventData: Record<string, unknown> = {
    status: 'SUCCESS',
    processed: emitted,
    emitted,
    startedAt: String(startedAt),
    processedAt: String(startedAt + 30_000),
    complete: true,
  };
  if (type === 'sync.events.allConsumed') Object.assign(eventData, { consumed: emitted, completedAt: String(startedAt + 45_000) });
  return {
    eventId: eventId(),
    eventType: type,
    eventData,
    syncType: run.syncType,
    syncDataType: 'employee',
    syncJobId: run.syncJobId,
    syncRunId: run.syncRunId,
  };
}
