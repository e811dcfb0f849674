/**
 * The benchmark's deliveries: realistic Knit `record.*` events (about 1.2 KB each: profile, org structure,
 * locations, dependents, contact info, bank account) signed ahead of time, one NDJSON line each.
 */
import { writeFileSync } from 'node:fs';
import { knitSignature } from '../../electron/core/signature/sign';

export const BENCH_INTEGRATION_ID = 'int_bench';

/** A `record.new` / `record.modified` event for employee number `index` of run `syncRunId`. */
export function recordEvent(eventType: 'record.new' | 'record.modified', index: number, syncRunId: string): Record<string, unknown> {
  const id = `emp_${String(index).padStart(6, '0')}`;
  return {
    eventId: `ev_${syncRunId}_${eventType}_${index}`,
    eventType,
    eventData: placeholderEmployee(index, id, eventType === 'record.modified'),
    syncType: eventType === 'record.new' ? 'initial_sync' : 'delta_sync',
    syncDataType: 'employee',
    syncJobId: 'sj_bench',
    syncRunId,
    recordId: id,
  };
}

function placeholderEmployee(index: number, id: string, modified: boolean): Record<string, unknown> {
  return { index, id, modified };
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
