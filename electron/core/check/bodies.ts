/**
 * The bodies `knit-sync check` sends beyond the guide's examples: Knit-shaped events (the guide's envelope:
 * eventId, eventType, eventData, syncType, syncDataType, syncJobId, syncRunId, recordId) built from one run's
 * ids, so that every run of the suite sends fresh eventIds. Each builder returns the exact text to sign.
 */

/** The ids of one run of the suite: `nonce` makes every eventId of the run new. */
export interface CheckIds {
  nonce: string;
  syncJobId: string;
  syncRunId: string;
}

/** A fresh eventId of this run, e.g. `ev_check_k3j9_dup`. */
export const eventId = (ids: CheckIds, name: string): string => `ev_check_${ids.nonce}_${name}`;

/** An employee record's eventData with the guide's six models filled (names given, the rest plain ASCII). */
export function employeeData(employeeId: string, firstName: string, lastName: string): Record<string, unknown> {
  return {
    profile: {
      id: employeeId,
      employeeNumber: employeeId.toUpperCase(),
      firstName,
      lastName,
      workEmail: `${employeeId}@example.com`,
      startDate: '2024-03-01T00:00:00Z',
      employmentStatus: 'ACTIVE',
    },
    orgStructure: { designation: 'Engineer', department: 'Platform', manager: null },
    locations: { workAddress: { addressLine1: '1 Main Street', city: 'Springfield', country: 'US' } },
    dependents: [],
    contactInfo: { personalEmails: [], phones: [] },
    bankAccountDetails: [],
  };
}

/** A record event (`record.new` / `record.modified` / `record.deleted` or any other type) as an object. */
export function recordEvent(ids: CheckIds, name: string, eventType: string, recordId: string, eventData: unknown): Record<string, unknown> {
  return {
    eventId: eventId(ids, name),
    eventType,
    eventData,
    syncType: eventType === 'record.new' ? 'initial_sync' : 'delta_sync',
    syncDataType: 'employee',
    syncJobId: ids.syncJobId,
    syncRunId: ids.syncRunId,
    recordId,
  };
}

/** Compact JSON text, as most senders write it. */
export const compact = (event: unknown): string => JSON.stringify(event);

/** Names in several scripts, precomposed and combining accents, and a character outside the BMP. */
export const NON_ASCII_NAMES: ReadonlyArray<[string, string]> = [
  ['Zoë', 'Ångström-Müller'],
  ['Łukasz', 'Żółć'],
  ['太郎', '田中'],
  ['محمد', 'العلي'],
  ['José', 'Nuñez 😀'],
];

/**
 * A record.new whose text holds escapes that a JSON parse turns into other bytes: `\u00e9` (é), `\/`, and the
 * number `1.0` (parsed as 1). A handler that re-serializes before computing the HMAC signs different bytes.
 */
export function escapesBody(ids: CheckIds): string {
  const event = recordEvent(ids, 'escapes', 'record.new', 'emp_check_escapes', employeeData('emp_check_escapes', 'RENEE', 'AND/OR'));
  return compact(event).replace('"RENEE"', '"Ren\\u00e9e"').replace('"AND/OR"', '"Andr\\u00e9 \\/ Or"').replace('"manager":null', '"manager":null,"fte":1.0');
}

/** A record.new padded with dependents to at least `bytes` bytes (Knit sends one employee per POST, whole). */
export function largeBody(ids: CheckIds, bytes: number): string {
  const data = employeeData('emp_check_large', 'Large', 'Record');
  const dependents: unknown[] = [];
  data.dependents = dependents;
  const head = compact(recordEvent(ids, 'large', 'record.new', 'emp_check_large', data));
  const one = (i: number) => ({
    id: `dep_${i}`,
    firstName: `Dependent${i}`,
    lastName: 'Record',
    relation: i % 3 === 0 ? 'SPOUSE' : 'CHILD',
    birthDate: '2010-01-01T00:00:00Z',
    notes: 'x'.repeat(200),
  });
  const size = compact(one(0)).length + 1;
  for (let i = 0; head.length + dependents.length * size < bytes; i++) dependents.push(one(i));
  return compact(recordEvent(ids, 'large', 'record.new', 'emp_check_large', data));
}
