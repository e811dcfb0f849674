/**
 * The columnar employee table (electron/core/state/employee-table.ts) and its snapshot section
 * (employee-section.ts): the Map-like API gives back exactly what was set (same fields, same order, odd
 * values included), replaced rows read their new values, counts and the text search follow, and the section
 * written to a real column file in a temp folder reads back to the same table, which then keeps growing.
 */
import { mkdtemp, open, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EmployeeSummary } from '../../../shared/api/types';
import { employeeKey } from '../../../shared/api/employee-key';
import { EmployeeTable } from '../../../electron/core/state/employee-table';
import { employeeSection, employeeTableFrom } from '../../../electron/core/state/employee-section';
import { readColumnFile, writeColumnFile } from '../../../electron/core/state/columns/column-file';
import { memoryColumns } from '../../support/column-bytes';
import { bytesSource } from '../../../electron/core/state/columns/column-source';

const emp = (integrationId: string, recordId: string, over: Partial<EmployeeSummary> = {}): EmployeeSummary => ({
  integrationId,
  recordId,
  deleted: false,
  name: `Name ${recordId}`,
  email: `${recordId}@example.com`,
  employeeNumber: `E-${recordId}`,
  department: 'R&D',
  designation: 'Engineer',
  managerId: 'm1',
  managerName: 'Mia Boss',
  employmentStatus: 'ACTIVE',
  updatedAt: '2026-12-05T04:00:00.000Z',
  lastEventId: `e_${recordId}`,
  deletedAt: null,
  versions: 1,
  ...over,
});

const put = (t: EmployeeTable, e: EmployeeSummary): EmployeeTable => t.set(employeeKey(e.integrationId, e.recordId), e);
const searched = (t: EmployeeTable, needle: string): string[] => {
  const rows: string[] = [];
  t.search(needle, (row) => rows.push(t.at(row).recordId));
  return rows.sort();
};

/** A table with odd values: nulls, non-ASCII text, a time an ISO round trip would change, a deleted one. */
function sample(): { table: EmployeeTable; people: EmployeeSummary[] } {
  const people = [
    emp('int_a', 'r1'),
    emp('int_a', 'r2', { name: 'Zoë Łukasz 山田', department: null, managerId: null, managerName: null, employeeNumber: null }),
    emp('int_b', 'r1', { updatedAt: '2026-12-05T04:00:00Z', email: null }),
    emp('int_b', 'r3', { deleted: true, deletedAt: '2026-12-05T05:00:00.000Z', versions: 3 }),
  ];
  const table = new EmployeeTable();
  for (const e of people) put(table, e);
  return { table, people };
}

describe('EmployeeTable', () => {
  it('gives back what was set, field for field and in the same order, through the Map-like API', () => {
    const { table, people } = sample();
    expect(table.size).toBe(4);
    for (const e of people) expect(JSON.stringify(table.get(employeeKey(e.integrationId, e.recordId)))).toBe(JSON.stringify(e));
    expect(table.has(employeeKey('int_a', 'r1'))).toBe(true);
    expect(table.has(employeeKey('int_c', 'r1'))).toBe(false);
    expect(table.get(employeeKey('int_a', 'r9'))).toBeUndefined();
    expect([...table.keys()]).toEqual(people.map((e) => employeeKey(e.integrationId, e.recordId)));
    expect([...table.values()]).toEqual(people);
    expect(new Map(table)).toEqual(new Map(people.map((e) => [employeeKey(e.integrationId, e.recordId), e])));
    expect({ active: table.active, a: table.counts('int_a'), b: table.counts('int_b'), none: table.counts('int_x') }).toEqual({
      active: 3,
      a: { active: 2, all: 2 },
      b: { active: 1, all: 2 },
      none: { active: 0, all: 0 },
    });
    expect(table.integrations()).toEqual(['int_a', 'int_b']);
  });

  it('replaces a row in place: longer and shorter values, counts, versions and the search follow', () => {
    const { table } = sample();
    const version = table.version;
    const renamed = emp('int_a', 'r1', { name: 'A much longer name than before', email: 'x@y.z', deleted: true, deletedAt: '2026-12-05T06:00:00.000Z' });
    put(table, renamed);
    expect(table.get(employeeKey('int_a', 'r1'))).toEqual(renamed);
    expect(table.size).toBe(4);
    expect(table.counts('int_a')).toEqual({ active: 1, all: 2 });
    expect(table.changedSince(version)).toEqual([0]);
    expect(searched(table, 'MUCH LONGER')).toEqual(['r1']);
    expect(searched(table, 'name r1')).toEqual(['r1']); // int_b's r1 only: int_a's old name is no longer found
    expect(searched(table, 'łukasz')).toEqual(['r2']);
    expect(searched(table, 'e-r')).toEqual(['r1', 'r1', 'r3']);
  });

  it('writes its snapshot section and reads it back as the same table, which keeps growing', async () => {
    const { table, people } = sample();
    put(table, { ...people[0]!, name: 'Renamed to something longer', versions: 2 });
    const dir = await mkdtemp(join(tmpdir(), 'employee-section-'));
    try {
      const file = join(dir, 'state.snapshot');
      const handle = await open(file, 'w');
      await writeColumnFile(handle, { test: true }, [employeeSection(table)]);
      await handle.close();
      const read = readColumnFile(await readFile(file));
      const section = read.sections.get('employees')!;
      const loaded = employeeTableFrom(section.meta, bytesSource(section.columns, 'employees'));
      expect([...loaded.entries()]).toEqual([...table.entries()]);
      expect(loaded.counts('int_b')).toEqual(table.counts('int_b'));
      expect(loaded.active).toBe(table.active);
      expect(searched(loaded, 'renamed')).toEqual(['r1']);
      put(loaded, emp('int_c', 'r4'));
      for (let i = 0; i < 3_000; i++) put(loaded, emp('int_c', `n${i}`));
      expect(loaded.size).toBe(3_005);
      expect(loaded.get(employeeKey('int_b', 'r3'))).toEqual(people[3]);
      expect(loaded.get(employeeKey('int_c', 'n2999'))?.name).toBe('Name n2999');
      expect(loaded.integrations()).toEqual(['int_a', 'int_b', 'int_c']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('captures a consistent section that later changes in place do not alter', () => {
    const { table, people } = sample();
    const before = [...table.entries()];
    const section = employeeSection(table);
    put(table, { ...people[0]!, name: 'Al', email: 'a@x', department: 'Other', versions: 9 }); // shorter: would fit in place
    put(table, { ...people[1]!, name: null, deleted: true });
    for (let i = 0; i < 2_000; i++) put(table, emp('int_c', `n${i}`));
    const captured = employeeTableFrom(section.meta, bytesSource(memoryColumns(section), 'employees'));
    expect([...captured.entries()]).toEqual(before);
    expect(searched(captured, 'al')).not.toContain('r1');
    expect(table.get(employeeKey(people[0]!.integrationId, people[0]!.recordId))?.name).toBe('Al');
  });

  it('writes its codes as narrow as their values allow (1 byte below 256 values, then 2), and reads them back', () => {
    const table = new EmployeeTable();
    for (let i = 0; i < 300; i++) put(table, emp('int_a', `r${i}`, { department: `Dept ${i}` }));
    const section = employeeSection(table);
    const columns = memoryColumns(section);
    expect([columns.get('department')!.byteLength, columns.get('integrationId')!.byteLength]).toEqual([600, 300]);
    const back = employeeTableFrom(section.meta, bytesSource(columns, 'employees'));
    expect([...back.values()].map((e) => e.department)).toEqual(Array.from({ length: 300 }, (_, i) => `Dept ${i}`));
  });

  it('refuses a section whose columns disagree, with a sentence', () => {
    const { table } = sample();
    const section = employeeSection(table);
    const columns = memoryColumns(section);
    const source = bytesSource(columns, 'employees');
    expect(() => employeeTableFrom({ ...(section.meta as object), rows: 5 }, source)).toThrow(/its employees column \w+ has \d+ bytes, not 5 rows/);
    columns.delete('versions');
    expect(() => employeeTableFrom(section.meta, source)).toThrow('its employees column versions is missing');
  });
});
