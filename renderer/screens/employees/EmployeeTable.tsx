/** The directory table: search, sortable columns, active and deleted apart; the rows shown asked from the Companion (queryEmployees). */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { EmployeeFilter, EmployeeSort, EmployeeSortKey, EmployeeWindow, EmployeeWindowQuery } from '../../../shared/api/employee-query';
import { IdText } from '../../components/IdText';
import { TimeText } from '../../components/TimeText';
import { useFixedRows } from '../../components/use-fixed-rows';
import { employeeKey } from '../../../shared/api/employee-key';
import { useApi, useCompanion } from '../../state/use-companion';
import { useLatest } from '../../state/use-latest';
import type { EmployeeRef } from './EmployeesScreen';

const COLUMNS: Array<{ key: EmployeeSortKey; label: string }> = [
  { key: 'name', label: 'name' },
  { key: 'recordId', label: 'recordId' },
  { key: 'department', label: 'department' },
  { key: 'designation', label: 'designation' },
  { key: 'updatedAt', label: 'updated' },
];
const GRID = { gridTemplateColumns: 'minmax(120px, 1.4fr) 130px minmax(90px, 1fr) minmax(90px, 1fr) 80px' };
const ALL_COLUMNS: Array<{ key: EmployeeSortKey; label: string }> = [...COLUMNS, { key: 'integrationId', label: 'integration' }];
const GRID_ALL = { gridTemplateColumns: 'minmax(120px, 1.4fr) 130px minmax(90px, 1fr) minmax(90px, 1fr) 80px minmax(90px, 1fr)' };

const ROW_HEIGHT = 28;
/** Rows are asked by pages of this many, so that scrolling a few rows asks nothing. */
const PAGE = 100;

/** The rows `start`..`end` rounded out to whole pages. */
const pagesOf = (start: number, end: number): { offset: number; limit: number } => {
  const offset = Math.floor(start / PAGE) * PAGE;
  return { offset, limit: Math.min(5_000, Math.max(PAGE, Math.ceil(end / PAGE) * PAGE - offset)) };
};

/** `integrationId`: only that integration's employees; null: all, with an integration column (`labels` names them). */
export function EmployeeTable({
  selected,
  onSelect,
  integrationId = null,
  labels,
  onAnswer,
}: {
  selected: EmployeeRef | null;
  onSelect: (e: EmployeeRef) => void;
  integrationId?: string | null;
  labels?: ReadonlyMap<string, string>;
  /** Called with each answer (its counts and the integrations with employees). */
  onAnswer?: (w: EmployeeWindow | undefined) => void;
}) {
  const api = useApi();
  const version = useCompanion((s) => s.employeesVersion);
  const columns = integrationId === null ? ALL_COLUMNS : COLUMNS;
  const grid = integrationId === null ? GRID_ALL : GRID;
  const [text, setText] = useState('');
  const [deleted, setDeleted] = useState(false);
  const [sort, setSort] = useState<EmployeeSort>({ key: 'name', desc: false });
  const viewport = useRef<HTMLDivElement>(null);
  const [count, setCount] = useState(0);
  const shown = useFixedRows(viewport, count, ROW_HEIGHT, { overscan: 15 });
  const { offset, limit } = pagesOf(shown.start, shown.end);
  const filter = useMemo<EmployeeFilter>(() => ({ integrationId, deleted, text }), [integrationId, deleted, text]);
  const question = useMemo<EmployeeWindowQuery>(() => ({ filter, sort, offset, limit }), [filter, sort, offset, limit]);
  const held = useLatest((q: EmployeeWindowQuery) => api.queryEmployees(q), question, [api, version], 'queryEmployees');
  const w: EmployeeWindow | undefined = held.answer;
  const heldOffset = held.question?.offset ?? 0;
  // The count of rows follows the answers (a new filter keeps the old count until its answer arrives).
  if (w && w.total !== count) setCount(w.total);
  useEffect(() => onAnswer?.(w), [onAnswer, w]);
  const selectedKey = selected ? employeeKey(selected.integrationId, selected.recordId) : null;

  return (
    <>
      <div className="toolbar">
        <span role="group" aria-label="Active or deleted" style={{ display: 'inline-flex', gap: 4 }}>
          <button type="button" className="chip" aria-pressed={!deleted} onClick={() => setDeleted(false)}>
            active {w?.active ?? '…'}
          </button>
          <button type="button" className="chip" aria-pressed={deleted} onClick={() => setDeleted(true)}>
            deleted {w?.deleted ?? '…'}
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
        {/* No count until the Companion answered: a "0 shown" before it would be read as an empty directory. */}
        {w && <span className="muted">{w.total.toLocaleString('en-US')} shown</span>}
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
        {w?.total === 0 && (
          <div className="empty">{w.active + w.deleted === 0 ? 'No employees yet: they arrive with record.new events of a sync.' : 'No employee matches.'}</div>
        )}
        {held.error && <p className="inline-error">{held.error}</p>}
        <div style={{ height: shown.totalHeight, position: 'relative' }}>
          {Array.from({ length: shown.end - shown.start }, (_, k) => {
            const index = shown.start + k;
            const e = w?.rows[index - heldOffset];
            const top = index * ROW_HEIGHT;
            if (!e) return <div key={`pending-${index}`} className="grid-row" style={{ ...grid, position: 'absolute', top, left: 0, right: 0 }} />;
            const key = employeeKey(e.integrationId, e.recordId);
            return (
              <div
                key={key}
                className="grid-row"
                role="row"
                aria-rowindex={index + 1}
                aria-selected={key === selectedKey}
                tabIndex={-1}
                style={{ ...grid, position: 'absolute', top, left: 0, right: 0, cursor: 'pointer' }}
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
