/**
 * The org tree from manager links: collapsible nodes with the number of people under each. Built by the
 * Companion (employeeOrgTree) and shown lazily: the top level with its reports first, then each node's reports
 * when it is expanded, a page at a time.
 */
import { useMemo, useState } from 'react';
import type { OrgLevel, OrgNode, OrgTreeQuery } from '../../../shared/api/employee-query';
import { employeeKey } from '../../../shared/api/employee-key';
import { useApi, useCompanion } from '../../state/use-companion';
import { useLatest } from '../../state/use-latest';
import type { EmployeeRef } from './EmployeesScreen';

/** People shown per level before "show more". */
const PAGE = 100;

/** One level of the tree of `integrationId` (the top level when `manager` is null), asked while `enabled`. */
function useOrgLevel(integrationId: string | null, manager: EmployeeRef | null, limit: number, depth: 1 | 2, enabled: boolean) {
  const api = useApi();
  const version = useCompanion((s) => s.employeesVersion);
  const question = useMemo<OrgTreeQuery | null>(
    () => (enabled ? { integrationId, manager, offset: 0, limit, depth } : null),
    [integrationId, manager, limit, depth, enabled],
  );
  return useLatest((q: OrgTreeQuery | null) => (q ? api.employeeOrgTree(q) : Promise.resolve(null)), question, [api, version], 'employeeOrgTree');
}

/** "show N more" under a level that has more people than shown. */
function More({ shown, total, onMore }: { shown: number; total: number; onMore: () => void }) {
  if (shown >= total) return null;
  return (
    <li>
      <button type="button" className="icon-btn" style={{ color: 'var(--accent)' }} onClick={onMore}>
        show {Math.min(PAGE, total - shown).toLocaleString('en-US')} more of {(total - shown).toLocaleString('en-US')}
      </button>
    </li>
  );
}

function TreeNode({
  node,
  depth,
  integrationId,
  onSelect,
}: {
  node: OrgNode;
  depth: number;
  integrationId: string | null;
  onSelect: (e: EmployeeRef) => void;
}) {
  const [open, setOpen] = useState(depth < 2);
  const [limit, setLimit] = useState(PAGE);
  const e = node.employee;
  const ref = useMemo(() => ({ integrationId: e.integrationId, recordId: e.recordId }), [e.integrationId, e.recordId]);
  // Reports sent with the node (the top level comes with its reports) are shown until asked for more.
  const preloaded = node.children !== undefined && limit === PAGE;
  const fetched = useOrgLevel(integrationId, ref, limit, 1, open && node.reports > 0 && !preloaded).answer;
  const children = preloaded ? node.children : fetched?.nodes;
  return (
    <li>
      <span className="node">
        {node.reports > 0 ? (
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
        <button type="button" className="name" onClick={() => onSelect(ref)}>
          {e.name ?? e.recordId}
        </button>
        <span className="muted">{e.designation ?? ''}</span>
        {node.reports > 0 && (
          <span className="muted" title={`${node.reports} direct reports, ${node.under} people in total`}>
            · {node.reports} / {node.under}
          </span>
        )}
      </span>
      {open && children && (
        <ul>
          {children.map((c) => (
            <TreeNode
              key={employeeKey(c.employee.integrationId, c.employee.recordId)}
              node={c}
              depth={depth + 1}
              integrationId={integrationId}
              onSelect={onSelect}
            />
          ))}
          <More shown={children.length} total={node.reports} onMore={() => setLimit(children.length + PAGE)} />
        </ul>
      )}
    </li>
  );
}

/** What the tree's note says about the top level and the messy links. */
function note(top: OrgLevel): string {
  let text = `${top.total} top-level ${top.total === 1 ? 'person' : 'people'}; direct reports / everyone under each.`;
  if (top.missingManagers > 0) text += ` ${top.missingManagers} employees name a manager who is not in the directory: shown at the top level.`;
  if (top.cycles.length > 0) text += ` Manager links form a cycle at ${top.cycles.join(', ')}: cut there.`;
  return text;
}

/** `integrationId`: that integration's company only (null: all). */
export function OrgTreeView({ onSelect, integrationId = null }: { onSelect: (e: EmployeeRef) => void; integrationId?: string | null }) {
  const [limit, setLimit] = useState(PAGE);
  const held = useOrgLevel(integrationId, null, limit, 2, true);
  const top = held.answer;
  if (held.error) return <p className="inline-error">{held.error}</p>;
  if (!top) return <div className="empty">Loading the org tree…</div>;
  if (top.total === 0) return <div className="empty">No employees yet.</div>;
  return (
    <div className="screen-scroll tree" style={{ flex: 1 }}>
      <p className="muted">{note(top)}</p>
      <ul>
        {top.nodes.map((n) => (
          <TreeNode key={employeeKey(n.employee.integrationId, n.employee.recordId)} node={n} depth={0} integrationId={integrationId} onSelect={onSelect} />
        ))}
        <More shown={top.nodes.length} total={top.total} onMore={() => setLimit(top.nodes.length + PAGE)} />
      </ul>
    </div>
  );
}
