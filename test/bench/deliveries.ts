/**
 * The benchmark's deliveries: realistic Knit `record.*` events (about 1.2 KB each: profile, org structure,
 * locations, dependents, contact info, bank account) signed ahead of time, one NDJSON line each.
 */
import { writeFileSync } from 'node:fs';
import { knitSignature } from '../../electron/core/signature/sign';
import { Company } from '../../electron/core/emulator/company';
import { DEFAULT_MODEL_IDS } from '../../shared/knit/models';

export const BENCH_INTEGRATION_ID = 'int_bench';

/** A `record.new` / `record.modified` event for employee number `index` of run `syncRunId`. */
export function recordEvent(eventType: 'record.new' | 'record.modified', index: number, syncRunId: string): Record<string, unknown> {
  const id = `emp_${String(index).padStart(6, '0')}`;
  return {
    eventId: `ev_${syncRunId}_${eventType}_${index}`,
    eventType,
    eventData: employeeData(index, id, eventType === 'record.modified'),
    syncType: eventType === 'record.new' ? 'initial_sync' : 'delta_sync',
    syncDataType: 'employee',
    syncJobId: 'sj_bench',
    syncRunId,
    recordId: id,
  };
}

const TEMPLATES = (() => {
  const company = new Company({ seed: 42, employees: 2_000 });
  return [...company.employees.keys()].map((recordId) => JSON.stringify(company.eventData(recordId, DEFAULT_MODEL_IDS)));
})();

function employeeData(index: number, id: string, modified: boolean): Record<string, unknown> {
  const data = JSON.parse(TEMPLATES[index % TEMPLATES.length]!) as { profile: Record<string, unknown>; orgStructure: Record<string, unknown> };
  data.profile.id = id;
  data.profile.employeeNumber = `E${String(index).padStart(6, '0')}`;
  if (modified) data.orgStructure.designation = `${String(data.orgStructure.designation)} (promoted)`;
  return data;
}

/**
 * Writes `count` signed deliveries made by `make(i)` to `file` as NDJSON `{body, signature, integrationId}`.
 * @returns the file path.
 */
export function writeDeliveries(file: string, count: number, apiKey: string, make: (i: number) => unknown): string {
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    const body = JSON.stringify(make(i));
    lines.push(JSON.stringify({ body, signature: knitSignature(body, apiKey), integrationId: BENCH_INTEGRATION_ID }));
  }
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}
