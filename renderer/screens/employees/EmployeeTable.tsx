/** The directory table: search, sortable columns, active and deleted apart, virtualized rows. */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useMemo, useRef, useState } from 'react';
import type { EmployeeSummary } from '../../../shared/api/types';
import { IdText } from '../../components/IdText';
import { TimeText } from '../../components/TimeText';
import { employeeKey } from '../../../shared/api/employee-key';
import { useCompanion } from '../../state/use-companion';
import type { EmployeeRef } from './EmployeesScreen';

type SortKey = 'name' | 'recordId' | 'department' | 'designation' | 'updatedAt' | 'integrationId';
const COLUMNS: Array<{ key: SortKey; label: string }> = [
  { key: 'name', label: 'name' },
  { key: 'recordId', label: 'recordId' },
  { key: 'department', label: 'department' },
  { key: 'designation', label: 'designation' },
  { key: 'updatedAt', label: 'updated' },
];
const GRID = { gridTemplateColumns: 'minmax(120px, 1.4fr) 130px minmax(90px, 1fr) minmax(90px, 1fr) 80px' };
const ALL_COLUMNS: Array<{ key: SortKey; label: string }> = [...COLUMNS, { key: 'integrationId', label: 'integration' }];
const GRID_ALL = { gridTemplateColumns: 'minmax(120px, 1.4fr) 130px minmax(90px, 1fr) minmax(90px, 1fr) 80px minmax(90px, 1fr)' };

/** The directory's employees of one integration (all when null), memoized per directory version. */
export function useScopedEmployees(integrationId: string | null): readonly EmployeeSummary[] {
  const all = useCompanion((s) => s.employees.toArray());
  return useMemo(() => (integrationId === null ? all : all.filter((e) => e.integrationId === integrationId)), [all, integrationId]);
}

/** `integrationId`: only that integration's employees; null: all, with an integration column (`labels` names them). */
export function EmployeeTable({
  selected,
  onSelect,
  integrationId = null,
  labels,
}: {
  selected: EmployeeRef | null;
  onSelect: (e: EmployeeRef) => void;
  integrationId?: string | null;
  labels?: ReadonlyMap<string, string>;
}) {
  const employees = useScopedEmployees(integrationId);
  const columns = integrationId === null ? ALL_COLUMNS : COLUMNS;
  const grid = integrationId === null ? GRID_ALL : GRID;
  const [text, setText] = useState('');
  const [deleted, setDeleted] = useState(false);
  const [sort, setSort] = useState<{ key: SortKey; desc: boolean }>({ key: 'name', desc: false });
  const viewport = useRef<HTMLDivElement>(null);

  const deletedCount = useMemo(() => employees.filter((e) => e.deleted).length, [employees]);
  const rows = useMemo(() => {
    const needle = text.trim().toLowerCase();
    const out = employees.filter(
      (e) =>
        e.deleted === deleted &&
        (needle === '' || [e.name, e.email, e.recordId, e.department, e.employeeNumber].some((v) => v?.toLowerCase().includes(needle))),
    );
    const dir = sort.desc ? -1 : 1;
    return out.sort((a: EmployeeSummary, b: EmployeeSummary) => dir * (a[sort.key] ?? '').localeCompare(b[sort.key] ?? ''));
  }, [employees, text, deleted, sort]);

  const virtualizer = useVirtualizer({ count: rows.length, getScrollElement: () => viewport.current, estimateSize: () => 28, overscan: 15 });
  const selectedKey = selected ? employeeKey(selected.integrationId, selected.recordId) : null;

  return (
    <>
      <div className="toolbar">
        <span role="group" aria-label="Active or deleted" style={{ display: 'inline-flex', gap: 4 }}>
          <button type="button" className="chip" aria-pressed={!deleted} onClick={() => setDeleted(false)}>
            active {employees.length - deletedCount}
          </button>
          <button type="button" className="chip" aria-pressed={deleted} onClick={() => setDeleted(true)}>
            deleted {deletedCount}
          </button>
        </span>
        <input
          type="search"
          aria-label="Search employees by name, email, recordId or department"
          placeholder="name, email, recordId, department"
          value={text}
          onChange={(e) => setText(e.target.value)}
          style={{ width: 260 }}
        />
        <span className="grow" />
        <span className="muted">{rows.length.toLocaleString('en-US')} shown</span>
      </div>
      <div className="grid-head" style={grid} role="row">
        {columns.map((c) => (
          <span key={c.key} role="columnheader" aria-sort={sort.key === c.key ? (sort.desc ? 'descending' : 'ascending') : 'none'}>
            <button type="button" className="sort" onClick={() => setSort((s) => ({ key: c.key, desc: s.key === c.key ? !s.desc : false }))}>
              {c.label} {sort.key === c.key ? (sort.desc ? '▾' : '▴') : ''}
            </button>
          </span>
        ))}
      </div>
      <div ref={viewport} className="viewport" role="grid" aria-label={deleted ? 'Deleted employees' : 'Employees'}>
        {rows.length === 0 && (
          <div className="empty">{employees.length === 0 ? 'No employees yet: they arrive with record.new events of a sync.' : 'No employee matches.'}</div>
        )}
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const e = rows[item.index]!;
            const key = employeeKey(e.integrationId, e.recordId);
            return (
              <div
                key={key}
                className="grid-row"
                role="row"
                aria-selected={key === selectedKey}
                tabIndex={-1}
                style={{ ...grid, position: 'absolute', top: 0, left: 0, right: 0, transform: `translateY(${item.start}px)`, cursor: 'pointer' }}
                onClick={() => onSelect({ integrationId: e.integrationId, recordId: e.recordId })}
              >
                <span role="cell" title={e.email ?? undefined}>
                  {e.name ?? <span className="muted">(no name)</span>}
                </span>
                <span role="cell">
                  <IdText value={e.recordId} max={14} />
                </span>
                <span role="cell">{e.department ?? <span className="muted">—</span>}</span>
                <span role="cell">{e.designation ?? <span className="muted">—</span>}</span>
                <span role="cell">
                  <TimeText iso={e.deletedAt ?? e.updatedAt} />
                </span>
                {integrationId === null && (
                  <span role="cell" title={e.integrationId}>
                    {labels?.get(e.integrationId) || <IdText value={e.integrationId} max={14} copy={false} />}
                  </span>
                )}
              </div>
            );
          })}
        </div>
      </div>
    </>
  );
}
