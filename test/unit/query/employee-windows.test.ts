/**
 * The Employees screen's core queries (electron/core/query/employee-windows.ts, employee-charts.ts) over a
 * real State built with applyEvent: windows filtered, sorted and counted; kept rows patched with the changes
 * of later events; the headcount and the org tree per integration, one level at a time.
 */
import { describe, expect, it } from 'vitest';
import { applyEvent } from '../../../electron/core/state/apply';
import { State } from '../../../electron/core/state/state';
import { EmployeeWindows } from '../../../electron/core/query/employee-windows';
import { EmployeeCharts } from '../../../electron/core/query/employee-charts';
import { textComparator, type EmployeeFilter, type EmployeeSort, type EmployeeWindowQuery } from '../../../shared/api/employee-query';
import { acceptedEvent } from '../../support/accepted-event';
import { employeeSection, employeeTableFrom } from '../../../electron/core/state/employee-section';
import { memoryColumns } from '../../support/column-bytes';
import { bytesSource } from '../../../electron/core/state/columns/column-source';

let seq = 0;

interface Person {
  first: string;
  department?: string;
  manager?: string;
  employeeNumber?: string;
}

/** A record event of `recordId` in `integrationId` (a profile + orgStructure). */
function put(state: State, integrationId: string, recordId: string, p: Person, eventType = 'record.new'): void {
  const eventData = {
    profile: { firstName: p.first, lastName: 'Test', workEmail: `${p.first.toLowerCase()}@example.com`, employeeNumber: p.employeeNumber ?? null },
    orgStructure: { department: p.department ?? null, designation: 'Engineer', manager: p.manager ? { id: p.manager } : null },
  };
  applyEvent(state, acceptedEvent(++seq, eventType, { recordId, eventData }, integrationId));
}

const filter = (over: Partial<EmployeeFilter> = {}): EmployeeFilter => ({ integrationId: null, deleted: false, text: '', ...over });
const byName: EmployeeSort = { key: 'name', desc: false };
const query = (over: Partial<EmployeeWindowQuery> = {}): EmployeeWindowQuery => ({ filter: filter(), sort: byName, offset: 0, limit: 100, ...over });
const names = (w: { rows: Array<{ name: string | null }> }): Array<string | null> => w.rows.map((e) => e.name);

describe('EmployeeWindows', () => {
  it('answers windows filtered by integration, deleted or not and text, in a column order, with the counts', () => {
    const state = new State();
    put(state, 'int_a', 'r1', { first: 'Émile', department: 'Sales', employeeNumber: 'EMP-77' });
    put(state, 'int_a', 'r2', { first: 'bob', department: 'R&D' });
    put(state, 'int_b', 'r1', { first: 'Ana', department: 'R&D' });
    put(state, 'int_a', 'r3', { first: 'Zoë' });
    applyEvent(state, acceptedEvent(++seq, 'record.deleted', { recordId: 'r3', eventData: {} }, 'int_a'));
    const windows = new EmployeeWindows();
    const all = windows.query(state.employees, query());
    expect(names(all)).toEqual(['Ana Test', 'bob Test', 'Émile Test']); // the locale's order: case and accents aside
    expect(all).toMatchObject({ total: 3, stored: 4, active: 3, deleted: 1, integrations: ['int_a', 'int_b'] });
    const a = windows.query(state.employees, query({ filter: filter({ integrationId: 'int_a' }), sort: { key: 'name', desc: true } }));
    expect(names(a)).toEqual(['Émile Test', 'bob Test']);
    expect(a).toMatchObject({ total: 2, active: 2, deleted: 1 });
    expect(names(windows.query(state.employees, query({ filter: filter({ deleted: true }) })))).toEqual(['Zoë Test']);
    expect(names(windows.query(state.employees, query({ filter: filter({ text: 'emp-7' }) })))).toEqual(['Émile Test']);
    expect(names(windows.query(state.employees, query({ filter: filter({ text: ' R&D ' }) })))).toEqual(['Ana Test', 'bob Test']);
    expect(names(windows.query(state.employees, query({ sort: { key: 'department', desc: false }, offset: 1, limit: 1 })))).toEqual(['Ana Test']); // ties: first seen first
    expect(names(windows.query(state.employees, query({ sort: { key: 'integrationId', desc: true } })))).toEqual(['Ana Test', 'Émile Test', 'bob Test']);
  });

  it('keeps the sorted rows and patches them with the employees set since, as a full sort would order them', () => {
    const state = new State();
    const windows = new EmployeeWindows();
    const firsts = ['Mia', 'Ann', 'Zed', 'Kai', 'Bea', 'Lou', 'Eva', 'Ola', 'Ida', 'Tom', 'Uma', 'Cy'];
    firsts.forEach((first, i) => put(state, 'int_a', `r${i}`, { first }));
    for (let i = 0; i < 20; i++) put(state, 'int_b', `f${i}`, { first: `Q${i}` }); // few changes to many rows: patched, not sorted again
    const searched = query({ filter: filter({ text: 'u' }) });
    expect(windows.query(state.employees, query()).total).toBe(32);
    expect(names(windows.query(state.employees, searched))).toEqual(['Lou Test', 'Uma Test']);
    put(state, 'int_a', 'r0', { first: 'Aaron' }, 'record.modified'); // Mia moves to the front
    put(state, 'int_a', 'r12', { first: 'Nia' });
    put(state, 'int_a', 'r13', { first: 'Ulla' });
    applyEvent(state, acceptedEvent(++seq, 'record.deleted', { recordId: 'r1', eventData: {} }, 'int_a'));
    const patched = windows.query(state.employees, query());
    const fresh = new EmployeeWindows().query(state.employees, query());
    expect(names(patched)).toEqual(names(fresh));
    expect(names(patched).slice(0, 3)).toEqual(['Aaron Test', 'Bea Test', 'Cy Test']);
    expect(patched.total).toBe(33);
    expect(names(windows.query(state.employees, searched))).toEqual(['Lou Test', 'Ulla Test', 'Uma Test']);
    expect(names(windows.query(state.employees, searched))).toEqual(names(new EmployeeWindows().query(state.employees, searched)));
    expect(windows.query(state.employees, query({ filter: filter({ deleted: true }) })).total).toBe(1);
  });

  it('starts over for a new State (after a purge)', () => {
    const state = new State();
    put(state, 'int_a', 'r1', { first: 'Ana' });
    const windows = new EmployeeWindows();
    expect(windows.query(state.employees, query()).total).toBe(1);
    const rebuilt = new State();
    put(rebuilt, 'int_b', 'r9', { first: 'Bo' });
    expect(names(windows.query(rebuilt.employees, query()))).toEqual(['Bo Test']);
  });
});

describe('EmployeeCharts', () => {
  it('counts active employees per department of a scope, and follows later changes', () => {
    const state = new State();
    put(state, 'int_a', 'r1', { first: 'A', department: 'Sales' });
    put(state, 'int_a', 'r2', { first: 'B', department: 'R&D' });
    put(state, 'int_a', 'r3', { first: 'C', department: 'R&D' });
    put(state, 'int_a', 'r4', { first: 'D' });
    put(state, 'int_b', 'r1', { first: 'E', department: 'Sales' });
    const charts = new EmployeeCharts();
    expect(charts.departments(state.employees, 'int_a')).toEqual({
      departments: [
        { department: '(none)', count: 1 },
        { department: 'R&D', count: 2 },
        { department: 'Sales', count: 1 },
      ].sort((x, y) => y.count - x.count),
      active: 4,
    });
    expect(charts.departments(state.employees, null).departments[0]).toEqual({ department: 'R&D', count: 2 });
    put(state, 'int_a', 'r2', { first: 'B', department: 'Sales' }, 'record.modified');
    applyEvent(state, acceptedEvent(++seq, 'record.deleted', { recordId: 'r3', eventData: {} }, 'int_a'));
    expect(charts.departments(state.employees, 'int_a')).toEqual({
      departments: [
        { department: 'Sales', count: 2 },
        { department: '(none)', count: 1 },
      ],
      active: 3,
    });
    expect(charts.departments(state.employees, null).departments).toEqual([
      { department: 'Sales', count: 3 },
      { department: '(none)', count: 1 },
    ]);
  });

  it('answers the same over a table read back from a snapshot section (no set since the start)', () => {
    const state = new State();
    put(state, 'int_a', 'r1', { first: 'A', department: 'Sales' });
    put(state, 'int_a', 'r2', { first: 'B', department: 'R&D', manager: 'r1' });
    put(state, 'int_b', 'r1', { first: 'C', department: 'Sales' });
    const section = employeeSection(state.employees);
    const loaded = employeeTableFrom(section.meta, bytesSource(memoryColumns(section), 'employees'));
    const charts = new EmployeeCharts();
    expect(charts.departments(loaded, 'int_a')).toEqual(new EmployeeCharts().departments(state.employees, 'int_a'));
    expect(charts.departments(loaded, 'int_a').active).toBe(2);
    expect(charts.orgTree(loaded, { integrationId: 'int_a', manager: null, offset: 0, limit: 10, depth: 1 })).toEqual(
      new EmployeeCharts().orgTree(state.employees, { integrationId: 'int_a', manager: null, offset: 0, limit: 10, depth: 1 }),
    );
    expect(names(new EmployeeWindows().query(loaded, query({ filter: filter({ integrationId: 'int_a' }) })))).toEqual(['A Test', 'B Test']);
  });

  it('answers the org tree one level at a time with reports and everyone under each, by name', () => {
    const state = new State();
    put(state, 'int_a', 'ceo', { first: 'Cleo' });
    put(state, 'int_a', 'b', { first: 'Bruno', manager: 'ceo' });
    put(state, 'int_a', 'a', { first: 'Ada', manager: 'ceo' });
    put(state, 'int_a', 'a1', { first: 'Ari', manager: 'a' });
    put(state, 'int_a', 'orphan', { first: 'Olga', manager: 'ghost' });
    put(state, 'int_a', 'x', { first: 'Xia', manager: 'y' });
    put(state, 'int_a', 'y', { first: 'Yan', manager: 'x' });
    put(state, 'int_b', 'b9', { first: 'Other', manager: 'ceo' });
    const charts = new EmployeeCharts();
    const top = charts.orgTree(state.employees, { integrationId: 'int_a', manager: null, offset: 0, limit: 10, depth: 2 });
    expect(top).toMatchObject({ total: 3, people: 7, missingManagers: 1, cycles: ['x'] });
    expect(top.nodes.map((n) => [n.employee.recordId, n.reports, n.under])).toEqual([
      ['ceo', 2, 3],
      ['orphan', 0, 0],
      ['x', 1, 1],
    ]);
    expect(top.nodes[0]!.children!.map((n) => [n.employee.recordId, n.reports, n.under])).toEqual([
      ['a', 1, 1],
      ['b', 0, 0],
    ]);
    const reports = charts.orgTree(state.employees, { integrationId: 'int_a', manager: { integrationId: 'int_a', recordId: 'a' }, offset: 0, limit: 10 });
    expect(reports.nodes.map((n) => n.employee.name)).toEqual(['Ari Test']);
    expect(reports.nodes[0]!.children).toBeUndefined();
    applyEvent(state, acceptedEvent(++seq, 'record.deleted', { recordId: 'a1', eventData: {} }, 'int_a'));
    expect(charts.orgTree(state.employees, { integrationId: 'int_a', manager: null, offset: 0, limit: 1 }).nodes[0]).toMatchObject({ reports: 2, under: 2 });
    const paged = charts.orgTree(state.employees, { integrationId: 'int_a', manager: null, offset: 1, limit: 1 });
    expect(paged.nodes.map((n) => n.employee.recordId)).toEqual(['orphan']);
    expect(charts.orgTree(state.employees, { integrationId: null, manager: null, offset: 0, limit: 10 }).missingManagers).toBe(2);
    expect(
      charts.orgTree(state.employees, { integrationId: 'int_a', manager: { integrationId: 'int_a', recordId: 'nobody' }, offset: 0, limit: 5 }).total,
    ).toBe(0);
  });
});

describe('what the Employees queries keep', () => {
  it('sorts more rows than a chunk (4,096) by chunks merged, as one sort of every name would', () => {
    const state = new State();
    const firsts = ['Émile', 'emile', 'Zoë', 'ana', 'Ana', 'Łukasz', '李', 'bob', '', 'Bob'];
    for (let i = 0; i < 9_000; i++)
      put(state, `int_${i % 3}`, `r${i}`, { first: `${firsts[(i * 7) % firsts.length]}${(i * 7919) % 1_000}`, department: `D${i % 5}` });
    const all = [...state.employees.values()].filter((e) => !e.deleted);
    const compare = textComparator(false);
    const expected = all.map((e, row) => ({ e, row })).sort((a, b) => compare(a.e.name, b.e.name) || a.row - b.row);
    const windows = new EmployeeWindows();
    const got = windows
      .query(state.employees, query({ offset: 0, limit: 5_000 }))
      .rows.concat(windows.query(state.employees, query({ offset: 5_000, limit: 5_000 })).rows);
    expect(got.map((e) => e.recordId)).toEqual(expected.map((x) => x.e.recordId));
  });

  it('keeps sorted rows within its byte budget, the newest always', () => {
    const state = new State();
    for (let i = 0; i < 300; i++) put(state, `int_${i % 3}`, `r${i}`, { first: `N${i}`, department: `D${i % 4}` });
    const windows = new EmployeeWindows({ entries: 8, bytes: 2_000 }); // 300 rows take 1,200 bytes: one such result at a time
    for (const key of ['name', 'department', 'recordId', 'updatedAt'] as const) {
      expect(windows.query(state.employees, query({ sort: { key, desc: false } })).total).toBe(300);
      expect(windows.keptSize()).toEqual({ entries: 1, bytes: 1_200 });
    }
    for (const integrationId of ['int_0', 'int_1', 'int_2']) windows.query(state.employees, query({ filter: filter({ integrationId }) }));
    expect(windows.keptSize().bytes).toBeLessThanOrEqual(2_000);
    expect(windows.keptSize().entries).toBeGreaterThan(1);
  });

  it('keeps a tree in two integers per person, its trees within their budget, and none of an older directory', () => {
    const state = new State();
    for (let i = 0; i < 200; i++) put(state, `int_${i % 4}`, `r${i}`, { first: `N${i}`, manager: i < 4 ? undefined : `r${i % 4}` });
    const charts = new EmployeeCharts(new EmployeeWindows(), { entries: 4, bytes: 1_000 });
    const level = (integrationId: string | null) => charts.orgTree(state.employees, { integrationId, manager: null, offset: 0, limit: 10 });
    expect(level(null)).toMatchObject({ total: 4, people: 200 });
    expect(charts.keptTrees()).toEqual({ entries: 0, bytes: 0 }); // 200 people take 1,600 bytes: over the budget, not kept
    expect(level('int_1')).toMatchObject({ total: 1, people: 50 });
    expect(charts.keptTrees()).toEqual({ entries: 1, bytes: 400 });
    level('int_2');
    level('int_3');
    expect(charts.keptTrees()).toEqual({ entries: 2, bytes: 800 });
    put(state, 'int_1', 'r1', { first: 'Renamed' }, 'record.modified');
    level('int_1');
    expect(charts.keptTrees()).toEqual({ entries: 1, bytes: 400 });
  });
});
