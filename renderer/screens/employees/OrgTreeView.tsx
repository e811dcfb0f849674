/** The org tree from manager links: collapsible nodes with the number of people under each. */
import type { HierarchyNode } from 'd3-hierarchy';
import { useMemo, useState } from 'react';
import { buildOrgTree, type OrgDatum } from '../../model/org-tree';
import { useScopedEmployees } from './EmployeeTable';
import type { EmployeeRef } from './EmployeesScreen';

function TreeNode({ node, depth, onSelect }: { node: HierarchyNode<OrgDatum>; depth: number; onSelect: (e: EmployeeRef) => void }) {
  const [open, setOpen] = useState(depth < 2);
  const e = node.data.employee;
  const reports = node.children?.length ?? 0;
  const under = (node.value ?? 1) - 1;
  if (!e) return null;
  return (
    <li>
      <span className="node">
        {reports > 0 ? (
          <button
            type="button"
            className="icon-btn"
            aria-expanded={open}
            aria-label={`${open ? 'Collapse' : 'Expand'} ${e.name ?? e.recordId}`}
            onClick={() => setOpen(!open)}
          >
            {open ? '▾' : '▸'}
          </button>
        ) : (
          <span style={{ width: 14, display: 'inline-block' }} />
        )}
        <button type="button" className="name" onClick={() => onSelect({ integrationId: e.integrationId, recordId: e.recordId })}>
          {e.name ?? e.recordId}
        </button>
        <span className="muted">{e.designation ?? ''}</span>
        {reports > 0 && (
          <span className="muted" title={`${reports} direct reports, ${under} people in total`}>
            · {reports} / {under}
          </span>
        )}
      </span>
      {open && node.children && (
        <ul>
          {node.children.map((c) => (
            <TreeNode key={c.data.id} node={c} depth={depth + 1} onSelect={onSelect} />
          ))}
        </ul>
      )}
    </li>
  );
}

/** `integrationId`: that integration's company only (null: all). */
export function OrgTreeView({ onSelect, integrationId = null }: { onSelect: (e: EmployeeRef) => void; integrationId?: string | null }) {
  const employees = useScopedEmployees(integrationId);
  const tree = useMemo(() => buildOrgTree(employees), [employees]);
  const roots = tree.root.children ?? [];
  if (roots.length === 0) return <div className="empty">No employees yet.</div>;
  return (
    <div className="screen-scroll tree" style={{ flex: 1 }}>
      <p className="muted">
        {roots.length} top-level {roots.length === 1 ? 'person' : 'people'}; direct reports / everyone under each.
        {tree.missingManagers.length > 0 && ` ${tree.missingManagers.length} employees name a manager who is not in the directory: shown at the top level.`}
        {tree.cycles.length > 0 && ` Manager links form a cycle at ${tree.cycles.join(', ')}: cut there.`}
      </p>
      <ul>
        {roots.map((r) => (
          <TreeNode key={r.data.id} node={r} depth={0} onSelect={onSelect} />
        ))}
      </ul>
    </div>
  );
}
