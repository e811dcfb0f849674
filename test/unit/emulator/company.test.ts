import { describe, expect, it } from 'vitest';
import { DEFAULT_MODEL_IDS, EMPLOYEE_MODELS } from '../../../shared/knit/models';
import { Company } from '../../../electron/core/emulator/company';
import { advanceCompany, initialChanges } from '../../../electron/core/emulator/deltas';

/** Every employee reaches the root through managers that exist, without a cycle. */
function expectOneTree(company: Company): void {
  const roots = [...company.employees.values()].filter((e) => e.managerId === null);
  expect(roots).toHaveLength(1);
  for (const e of company.employees.values()) {
    const seen = new Set<string>();
    let id: string | null = e.id;
    while (id !== null) {
      expect(seen.has(id)).toBe(false);
      seen.add(id);
      const current = company.employees.get(id);
      expect(current).toBeDefined();
      id = current!.managerId;
    }
  }
}

describe('generated company', () => {
  it('has N employees, unique ids, numbers and work emails, and one manager tree', () => {
    const company = new Company({ seed: 7, employees: 250 });
    const all = [...company.employees.values()];
    expect(all).toHaveLength(250);
    expect(new Set(all.map((e) => e.profile.employeeNumber)).size).toBe(250);
    expect(new Set(all.map((e) => e.profile.workEmail)).size).toBe(250);
    for (const e of all) {
      expect(e.profile.id).toBe(e.id);
      expect(e.profile.workEmail).toMatch(/^[a-z0-9.]+@acme-global\.example$/);
    }
    expectOneTree(company);
    expect(new Set(all.map((e) => e.orgStructure.department)).size).toBeGreaterThanOrEqual(8);
    expect(new Set(all.map((e) => e.locations.workAddress.country)).size).toBeGreaterThanOrEqual(10);
  });

  it('is deterministic for a seed, and differs between seeds', () => {
    const a = [...initialChanges(new Company({ seed: 42, employees: 60 }), DEFAULT_MODEL_IDS)];
    const b = [...initialChanges(new Company({ seed: 42, employees: 60 }), DEFAULT_MODEL_IDS)];
    const c = [...initialChanges(new Company({ seed: 43, employees: 60 }), DEFAULT_MODEL_IDS)];
    expect(a).toHaveLength(60);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(c.map((x) => x.recordId)).not.toEqual(a.map((x) => x.recordId));
  });

  it('names people in many scripts, not only ASCII', () => {
    const names = [...new Company({ seed: 3, employees: 300 }).employees.values()].map((e) => `${e.profile.firstName} ${e.profile.lastName}`);
    const scripts = {
      cjk: /[\u4e00-\u9fff]/u,
      hangul: /[\uac00-\ud7af]/u,
      arabic: /[\u0600-\u06ff]/u,
      hebrew: /[\u0590-\u05ff]/u,
      devanagari: /[\u0900-\u097f]/u,
      cyrillic: /[\u0400-\u04ff]/u,
      greek: /[\u0370-\u03ff]/u,
      latinDiacritics: /[À-ž]/u,
      combiningMarks: /\p{M}/u,
    };
    for (const [script, pattern] of Object.entries(scripts)) {
      expect(
        names.some((n) => pattern.test(n)),
        script,
      ).toBe(true);
    }
  });

  it('carries only the subscribed models, under their eventData keys', () => {
    const company = new Company({ seed: 1, employees: 5 });
    const id = [...company.employees.keys()][3]!;
    expect(Object.keys(company.eventData(id, ['employee_profile', 'employee_location'])).sort()).toEqual(['locations', 'profile']);
    expect(Object.keys(company.eventData(id, DEFAULT_MODEL_IDS)).sort()).toEqual([
      'bankAccountDetails',
      'contactInfo',
      'dependents',
      'locations',
      'orgStructure',
      'profile',
    ]);
    const everything = company.eventData(
      id,
      EMPLOYEE_MODELS.map((m) => m.id),
    );
    expect(Object.keys(everything)).toHaveLength(EMPLOYEE_MODELS.length);
    const org = company.eventData(id, ['employee_orgStructure']).orgStructure as { manager: { id: string; workEmail: string } };
    const manager = company.employees.get(company.employees.get(id)!.managerId!)!;
    expect(org.manager).toEqual({
      id: manager.id,
      firstName: manager.profile.firstName,
      lastName: manager.profile.lastName,
      workEmail: manager.profile.workEmail,
    });
    const bank = (company.eventData(id, ['employee_bankAccount']).bankAccountDetails as Array<{ accountNumber: string }>)[0]!;
    expect(bank.accountNumber).toMatch(/^\*{6}\d{4}$/);
  });

  it('weighs about a kilobyte or two per record with the six default models', () => {
    const company = new Company({ seed: 1, employees: 200 });
    const bytes = [...initialChanges(company, DEFAULT_MODEL_IDS)].reduce((n, c) => n + Buffer.byteLength(JSON.stringify(c.eventData)), 0);
    const average = bytes / 200;
    expect(average).toBeGreaterThan(800);
    expect(average).toBeLessThan(2_000);
  });
});

describe('deltas', () => {
  it('emit new, modified and deleted events that match the company after the change', () => {
    const company = new Company({ seed: 5, employees: 120 });
    const before = new Map([...company.employees.keys()].map((id) => [id, JSON.stringify(company.eventData(id, DEFAULT_MODEL_IDS))]));
    const changes = advanceCompany(company, DEFAULT_MODEL_IDS, { hires: 2, departures: 3, changes: 8 });
    const types = changes.map((c) => c.eventType);
    expect(types.filter((t) => t === 'record.new')).toHaveLength(2);
    expect(types.filter((t) => t === 'record.deleted')).toHaveLength(3);
    expect(types).toContain('record.modified');
    for (const c of changes) {
      if (c.eventType === 'record.deleted') {
        expect(company.employees.has(c.recordId)).toBe(false);
        expect(c.eventData).toEqual({ employeeId: c.recordId, workEmail: expect.stringMatching(/@acme-global\.example$/) });
      } else {
        expect(c.eventData).toEqual(company.eventData(c.recordId, DEFAULT_MODEL_IDS));
      }
      if (c.eventType === 'record.modified') expect(JSON.stringify(c.eventData)).not.toBe(before.get(c.recordId));
      if (c.eventType === 'record.new') expect(before.has(c.recordId)).toBe(false);
    }
    // Nobody unchanged is reported, and nobody changed is missed.
    const reported = new Set(changes.map((c) => c.recordId));
    for (const [id, json] of before) {
      if (!reported.has(id)) expect(JSON.stringify(company.eventData(id, DEFAULT_MODEL_IDS))).toBe(json);
    }
    expectOneTree(company);
  });

  it("leavers become inactive with a termination date; hires start on the company's day; initial syncs can include leavers", () => {
    const company = new Company({ seed: 2, employees: 30 });
    const day0 = company.today;
    const changes = advanceCompany(company, DEFAULT_MODEL_IDS, { hires: 1, departures: 1, changes: 0 });
    expect(company.today > day0).toBe(true);
    const left = changes.find((c) => c.eventType === 'record.deleted')!;
    const joined = changes.find((c) => c.eventType === 'record.new')!;
    expect((joined.eventData.profile as { startDate: string }).startDate).toBe(company.today);
    expect(company.departed.get(left.recordId)!.profile).toMatchObject({ employmentStatus: 'INACTIVE', terminationDate: company.today });

    const activeOnly = [...initialChanges(company, DEFAULT_MODEL_IDS)];
    const withInactive = [...initialChanges(company, DEFAULT_MODEL_IDS, true)];
    expect(activeOnly.map((c) => c.recordId)).not.toContain(left.recordId);
    expect(withInactive).toHaveLength(activeOnly.length + 1);
    expect(withInactive.at(-1)).toMatchObject({ eventType: 'record.new', recordId: left.recordId, eventData: { profile: { employmentStatus: 'INACTIVE' } } });
  });

  it('keep one tree and a stable size over many runs, deterministically', () => {
    const run = () => {
      const company = new Company({ seed: 9, employees: 80 });
      const history = Array.from({ length: 40 }, () => advanceCompany(company, DEFAULT_MODEL_IDS).map((c) => `${c.eventType}:${c.recordId}`));
      return { company, history };
    };
    const a = run();
    const b = run();
    expect(b.history).toEqual(a.history);
    expectOneTree(a.company);
    expect(a.company.employees.size).toBeGreaterThan(40);
    expect(a.company.employees.size).toBeLessThan(160);
  });

  it('emit nothing for changes to models that are not subscribed', () => {
    const company = new Company({ seed: 11, employees: 50 });
    const models = ['employee_contactInfo'] as const;
    let modified = 0;
    for (let run = 0; run < 30; run++) {
      const before = new Map([...company.employees.keys()].map((id) => [id, JSON.stringify(company.eventData(id, [...models]))]));
      for (const c of advanceCompany(company, [...models], { hires: 0, departures: 0, changes: 3 })) {
        expect(c.eventType).toBe('record.modified');
        expect(Object.keys(c.eventData)).toEqual(['contactInfo']);
        expect(JSON.stringify(c.eventData)).not.toBe(before.get(c.recordId));
        modified++;
      }
    }
    // 90 changes of seven kinds, of which only phone changes show in contactInfo.
    expect(modified).toBeGreaterThan(0);
    expect(modified).toBeLessThan(45);
  });
});
