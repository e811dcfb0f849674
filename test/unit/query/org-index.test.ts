/**
 * The org tree's flat index (shared/api/org-index.ts), which the Companion builds per integration: subtree
 * sizes, several roots, missing managers and cycles of manager links, reports by name, answered a level at a time.
 */
import { describe, expect, it } from 'vitest';
import type { EmployeeSummary } from '../../../shared/api/types';
import { buildOrgIndex, orgLevel, peopleOf, type OrgIndex } from '../../../shared/api/org-index';
import type { OrgNode } from '../../../shared/api/employee-query';

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

/** The whole tree as nested {id, size, children}, asked level by level as the UI does. */
function shape(index: OrgIndex, manager: EmployeeSummary | null = null): unknown[] {
  const level = orgLevel(index, { integrationId: null, manager, offset: 0, limit: 1_000 });
  return level.nodes.map((n: OrgNode) => ({ id: n.employee.recordId, size: n.under + 1, children: n.reports ? shape(index, n.employee) : [] }));
}

describe('buildOrgIndex', () => {
  it('builds a tree from managerId links with subtree sizes, reports by name', () => {
    const index = buildOrgIndex(peopleOf([emp('ceo', null), emp('b', 'ceo'), emp('a', 'ceo'), emp('a1', 'a')]));
    expect(shape(index)).toEqual([
      {
        id: 'ceo',
        size: 4,
        children: [
          { id: 'a', size: 2, children: [{ id: 'a1', size: 1, children: [] }] },
          { id: 'b', size: 1, children: [] },
        ],
      },
    ]);
    expect(index.missingManagers).toBe(0);
    expect(index.cycles).toEqual([]);
  });

  it('keeps several roots', () => {
    const index = buildOrgIndex(peopleOf([emp('y', null), emp('x', null), emp('y1', 'y')]));
    expect(orgLevel(index, { integrationId: null, manager: null, offset: 0, limit: 10 }).nodes.map((n) => n.employee.recordId)).toEqual(['x', 'y']);
  });

  it('puts employees whose manager is missing at the top level and counts them', () => {
    const index = buildOrgIndex(peopleOf([emp('root', null), emp('orphan', 'ghost')]));
    expect(orgLevel(index, { integrationId: null, manager: null, offset: 0, limit: 10 })).toMatchObject({ total: 2, missingManagers: 1, people: 2 });
  });

  it('cuts manager cycles instead of throwing, keeping everyone', () => {
    const index = buildOrgIndex(peopleOf([emp('a', 'b'), emp('b', 'c'), emp('c', 'a'), emp('d', 'a'), emp('self', 'self')]));
    expect(index.cycles).toHaveLength(1);
    const top = orgLevel(index, { integrationId: null, manager: null, offset: 0, limit: 10 });
    expect(top.nodes.reduce((n, node) => n + node.under + 1, 0)).toBe(5);
  });

  it('keeps integrations apart: the same recordId in another integration is not a manager', () => {
    const index = buildOrgIndex(peopleOf([emp('m', null), emp('m2', 'm', { integrationId: 'int_b' })]));
    expect(index.missingManagers).toBe(1);
  });
});
