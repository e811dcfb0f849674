/**
 * The `employees` section of a snapshot v2 until the directory is a columnar table of its own: the employee
 * summaries as JSON arrays of SLICE each (a slice is stringified in a few ms), one column per slice (`p.0`, `p.1`…), made a slice at a time with
 * the event loop let run between slices. Two functions, so that a table's own bytes can replace them.
 */
import type { EmployeeSummary } from '../../../shared/api/types';
import { compactEmployee } from '../../../shared/api/compact-summaries';
import type { ColumnSection } from '../state/columns/column-file';
import { employeeKey, type State } from '../state/state';

const SLICE = 2_000;

/**
 * Captures the employees of `state` now (synchronous: references to immutable summaries); the returned
 * function makes the section's bytes later, in slices.
 */
export function employeeSection(state: State): () => Promise<ColumnSection> {
  const employees = Array.from(state.employees.values());
  return async () => {
    const columns: Record<string, Uint8Array> = {};
    for (let i = 0, n = 0; i < employees.length; i += SLICE, n++) {
      columns[`p.${n}`] = Buffer.from(JSON.stringify(employees.slice(i, i + SLICE)));
      await new Promise((resolve) => setImmediate(resolve));
    }
    return { name: 'employees', meta: { rows: employees.length }, columns };
  };
}

/** A section of a snapshot being read: its meta, its column names, and a read of one column's bytes (CRC-checked). */
export interface SectionSource {
  meta: unknown;
  names: readonly string[];
  read(name: string): Uint8Array;
}

/**
 * Adds the employees of a section read back to `state`, a slice at a time (each slice's bytes are garbage
 * once parsed).
 * @throws Error saying what is wrong when a slice is unreadable or the count differs.
 */
export function loadEmployeeSection(section: SectionSource, state: State): void {
  const rows = (section.meta as { rows?: unknown } | null)?.rows;
  let count = 0;
  for (const name of section.names) {
    const bytes = section.read(name);
    let slice: EmployeeSummary[];
    try {
      slice = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8')) as EmployeeSummary[];
    } catch {
      throw new Error(`its employees column ${name} is unreadable`);
    }
    if (!Array.isArray(slice)) throw new Error(`its employees column ${name} is unreadable`);
    for (const e of slice) state.employees.set(employeeKey(e.integrationId, e.recordId), compactEmployee(e));
    count += slice.length;
  }
  if (count !== rows) throw new Error(`its employees section holds ${count} employees, not ${String(rows)}`);
}
