import { describe, expect, it } from 'vitest';
import type { EmployeeSummary } from '../../../shared/api/types';
import { EmployeeDirectory } from '../../../renderer/state/employee-directory';

const emp = (recordId: string, name: string, integrationId = 'int_1'): EmployeeSummary => ({ integrationId, recordId, name }) as EmployeeSummary;
const names = (d: EmployeeDirectory): Array<string | null | undefined> => d.toArray().map((e) => e.name);

describe('EmployeeDirectory', () => {
  it('upserts by integrationId + recordId, appending new employees in first-seen order', () => {
    const d = EmployeeDirectory.of([emp('a', 'A1'), emp('b', 'B1')]).upsert([emp('c', 'C1'), emp('a', 'A2'), emp('a', 'B-other', 'int_2')]);
    expect(names(d)).toEqual(['A2', 'B1', 'C1', 'B-other']);
    expect(d.length).toBe(4);
    expect(d.get({ integrationId: 'int_2', recordId: 'a' })?.name).toBe('B-other');
    expect(d.get({ integrationId: 'int_1', recordId: 'zz' })).toBeUndefined();
  });

  it('keeps every version as it was, whether read before or after newer versions, and returns one array per version', () => {
    const v0 = EmployeeDirectory.of([emp('a', 'A1')]);
    const v1 = v0.upsert([emp('b', 'B1')]);
    const v2 = v1.upsert([emp('a', 'A2')]);
    const v3 = v2.upsert([emp('c', 'C1'), emp('b', 'B2')]);
    expect(names(v3)).toEqual(['A2', 'B2', 'C1']);
    expect(names(v1)).toEqual(['A1', 'B1']);
    expect(names(v2)).toEqual(['A2', 'B1']);
    expect(names(v0)).toEqual(['A1']);
    expect(v3.toArray()).toBe(v3.toArray());
    expect(v1.get({ integrationId: 'int_1', recordId: 'c' })).toBeUndefined();
  });

  it('gives an older version upserted again (a fork) its own index, leaving the newer versions alone', () => {
    const v0 = EmployeeDirectory.of([emp('a', 'A1')]);
    const newer = v0.upsert([emp('b', 'B1')]);
    const fork = v0.upsert([emp('c', 'C1'), emp('a', 'A2')]);
    expect(names(fork)).toEqual(['A2', 'C1']);
    expect(names(newer)).toEqual(['A1', 'B1']);
    expect(names(newer.upsert([emp('c', 'C9')]))).toEqual(['A1', 'B1', 'C9']);
  });

  it('builds a long chain of small upserts nobody read', () => {
    let d = EmployeeDirectory.of([emp('a', 'A0')]);
    for (let i = 1; i <= 5_000; i++) d = d.upsert([emp('a', `A${i}`), emp(`r${i % 7}`, `R${i}`)]);
    expect(d.length).toBe(8);
    expect(d.toArray()[0]?.name).toBe('A5000');
    expect(d.get({ integrationId: 'int_1', recordId: 'r3' })?.name).toBe('R4994');
  });
});
