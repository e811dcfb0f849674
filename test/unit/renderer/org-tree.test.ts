import { describe, expect, it } from 'vitest';
import type { EmployeeSummary } from '../../../shared/api/types';
import { buildOrgTree, headcountByDepartment } from '../../../renderer/model/org-tree';

const emp = (recordId: string, managerId: string | null, over: Partial<EmployeeSummary> = {}): EmployeeSummary => ({
  integrationId: 'int_a',
  recordId,
  deleted: false,
  name: recordId,
  email: null,
  employeeNumber: null,
  department: 'Eng',
  designation: null,
  managerId,
  managerName: null,
  employmentStatus: null,
  updatedAt: '2026-11-29T12:00:00Z',
  lastEventId: `e_${recordId}`,
  deletedAt: null,
  versions: 1,
  ...over,
});

const shape = (tree: ReturnType<typeof buildOrgTree>) =>
  (tree.root.children ?? []).map(function walk(n): unknown {
    return { id: n.data.employee?.recordId, size: n.value, children: (n.children ?? []).map(walk) };
  });

describe('buildOrgTree', () => {
  it('builds a tree from managerId links with subtree sizes', () => {
    const tree = buildOrgTree([emp('ceo', null), emp('a', 'ceo'), emp('b', 'ceo'), emp('a1', 'a')]);
    expect(shape(tree)).toEqual([
      {
        id: 'ceo',
        size: 4,
        children: [
          { id: 'a', size: 2, children: [{ id: 'a1', size: 1, children: [] }] },
          { id: 'b', size: 1, children: [] },
        ],
      },
    ]);
    expect(tree.missingManagers).toEqual([]);
    expect(tree.cycles).toEqual([]);
  });

  it('keeps several roots', () => {
    const tree = buildOrgTree([emp('x', null), emp('y', null), emp('y1', 'y')]);
    expect((tree.root.children ?? []).map((n) => n.data.employee?.recordId)).toEqual(['x', 'y']);
  });

  it('puts employees whose manager is missing at the top level and reports them', () => {
    const tree = buildOrgTree([emp('root', null), emp('orphan', 'ghost')]);
    expect((tree.root.children ?? []).map((n) => n.data.employee?.recordId).sort()).toEqual(['orphan', 'root']);
    expect(tree.missingManagers).toEqual(['orphan']);
  });

  it('cuts manager cycles instead of throwing, keeping everyone', () => {
    const tree = buildOrgTree([emp('a', 'b'), emp('b', 'c'), emp('c', 'a'), emp('d', 'a'), emp('self', 'self')]);
    expect(tree.cycles).toHaveLength(1);
    expect(tree.root.value).toBe(5);
    expect(tree.root.descendants().filter((n) => n.data.employee)).toHaveLength(5);
  });

  it('leaves deleted employees out and keeps integrations apart', () => {
    const tree = buildOrgTree([emp('m', null), emp('gone', 'm', { deleted: true }), emp('m2', 'm', { integrationId: 'int_b' })]);
    expect(tree.root.value).toBe(2);
    expect(tree.missingManagers).toEqual(['m2']);
  });
});

describe('headcountByDepartment', () => {
  it('counts active employees per department, largest first', () => {
    expect(
      headcountByDepartment([
        emp('a', null),
        emp('b', null, { department: 'Sales' }),
        emp('c', null),
        emp('d', null, { department: null }),
        emp('e', null, { deleted: true }),
      ]),
    ).toEqual([
      { department: 'Eng', count: 2 },
      { department: '(none)', count: 1 },
      { department: 'Sales', count: 1 },
    ]);
  });
});
