import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_MODEL_IDS } from '../../../shared/knit/models';
import { main } from '../../../electron/cli/main';
import { Company, MAX_EMPLOYEES } from '../../../electron/core/emulator/company';
import { advanceCompany } from '../../../electron/core/emulator/deltas';

/** A deterministic shuffle of 0..n-1. */
function shuffled(n: number): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1, s = 7; i > 0; i--) {
    s = (s * 1_103_515_245 + 12_345) % 2_147_483_648;
    const j = s % (i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}

describe('a company generated lazily', () => {
  it('makes employee i the same whichever order it is asked in, and again after a delta for those the delta left alone', () => {
    const inOrder = new Company({ seed: 12, employees: 2_000 });
    const ids = [...inOrder.employees.keys()];
    const expected = ids.map((id) => JSON.stringify(inOrder.eventData(id, DEFAULT_MODEL_IDS)));

    const other = new Company({ seed: 12, employees: 2_000 });
    const got = new Array<string>(ids.length);
    for (const i of shuffled(ids.length)) got[i] = JSON.stringify(other.eventData(ids[i]!, DEFAULT_MODEL_IDS));
    expect(got).toEqual(expected);
    // one employee asked alone, of a fresh company, is the same as in the enumeration
    expect(JSON.stringify(new Company({ seed: 12, employees: 2_000 }).eventData(ids[1_234]!, DEFAULT_MODEL_IDS))).toBe(expected[1_234]);

    const touched = new Set(advanceCompany(other, DEFAULT_MODEL_IDS, { hires: 5, departures: 5, changes: 20 }).map((c) => c.recordId));
    expect(touched.size).toBeGreaterThan(0);
    ids.forEach((id, i) => {
      if (!touched.has(id)) expect(JSON.stringify(other.eventData(id, DEFAULT_MODEL_IDS))).toBe(expected[i]);
    });
  });

  it('knows no id of another seed or size, and no made-up id', () => {
    const company = new Company({ seed: 3, employees: 50 });
    const id = [...company.employees.keys()][10]!;
    expect(company.employees.get(id)?.id).toBe(id);
    expect(new Company({ seed: 4, employees: 50 }).employees.has(id)).toBe(false);
    expect(new Company({ seed: 3, employees: 10 }).employees.has(id)).toBe(false);
    expect(company.employees.has(`${id.slice(0, 14)}${id.endsWith('x') ? 'y' : 'x'}`)).toBe(false);
    expect(company.employees.has('emp_not_ours')).toBe(false);
  });

  it(`holds ${MAX_EMPLOYEES.toLocaleString('en-US')} employees without making them: any one is read at once, through its managers to the root`, () => {
    const company = new Company({ seed: 1, employees: MAX_EMPLOYEES });
    expect(company.employees.size).toBe(MAX_EMPLOYEES);
    const keys = company.employees.keys();
    const first = keys.next().value as string;
    expect(company.root().id).toBe(first);
    // the last employee: a million ids listed (no employee made), and its id leads back to it
    let last = '';
    for (const id of keys) last = id;
    const e = company.employees.get(last)!;
    expect(e.profile.employeeNumber).toBe('E1000000');
    let hops = 0;
    for (let id: string | null = e.id; id !== null; id = company.employees.get(id)!.managerId) hops++;
    expect(hops).toBeGreaterThan(2);
    expect(hops).toBeLessThan(20);
    expect(company.reportsTo(e.id, first)).toBe(true);
    expect(new Company({ seed: 1, employees: MAX_EMPLOYEES + 1 }).employees.size).toBe(MAX_EMPLOYEES);
  });

  it('refuses more than a million employees in demo and emulate: one line, exit 2', async () => {
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(await main(['node', 'knit-sync', 'emulate', '--to', 'http://127.0.0.1:9/', '--employees', '1000001'])).toBe(2);
      expect(await main(['node', 'knit-sync', 'demo', '--port', '0', '--ui-port', '0', '--employees', '1000001'])).toBe(2);
      expect(stderr.mock.calls.map((c) => String(c[0]))).toEqual([
        'knit-sync: --employees must be a whole number from 1 to 1000000, not "1000001"\n',
        'knit-sync: --employees must be a whole number from 1 to 1000000, got "1000001"\n',
      ]);
    } finally {
      stderr.mockRestore();
    }
  });
});
