/**
 * The synced directory: table, headcount by department and org tree as tabs, each scoped to one integration
 * or all of them (then the table shows each employee's integration); the selected employee on the right.
 */
import { lazy, Suspense, useCallback, useState } from 'react';
import type { EmployeeWindow } from '../../../shared/api/employee-query';
import { IntegrationScope, useIntegrationOptions } from '../../components/IntegrationScope';
import { SplitPane } from '../../components/SplitPane';
import { Tabs } from '../../components/Tabs';
import { EmployeeDetailPane } from './EmployeeDetailPane';
import { EmployeeTable } from './EmployeeTable';
import { OrgTreeView } from './OrgTreeView';

/** The chart library is large: load it when the Departments tab is first opened. */
const DepartmentChart = lazy(() => import('./DepartmentChart').then((m) => ({ default: m.DepartmentChart })));

type View = 'Directory' | 'Departments' | 'Org tree';
export interface EmployeeRef {
  integrationId: string;
  recordId: string;
}

export function EmployeesScreen() {
  const [view, setView] = useState<View>('Directory');
  const [selected, setSelected] = useState<EmployeeRef | null>(null);
  // Integrations with stored employees, as the directory's answers list them.
  const [stored, setStored] = useState<readonly string[]>([]);
  const onAnswer = useCallback((w: EmployeeWindow | undefined) => {
    if (w) setStored((s) => (s.join('\u0000') === w.integrations.join('\u0000') ? s : w.integrations));
  }, []);
  const options = useIntegrationOptions(stored);
  // One integration's company at a time when there are several: two companies in one chart mean nothing.
  const [picked, setPicked] = useState<string | null | undefined>(undefined);
  const scope = picked === undefined ? (options.length > 1 ? (options[0]?.integrationId ?? null) : null) : picked;
  const labels = new Map(options.map((o) => [o.integrationId, o.label]));
  const list = (
    <>
      <div className="toolbar">
        <Tabs tabs={['Directory', 'Departments', 'Org tree'] as const} value={view} onChange={setView} label="Employee views" />
        <span className="grow" />
        <IntegrationScope id="employees-integration" value={scope} onChange={setPicked} options={options} />
      </div>
      {view === 'Directory' && <EmployeeTable selected={selected} onSelect={setSelected} integrationId={scope} labels={labels} onAnswer={onAnswer} />}
      {view === 'Departments' && (
        <Suspense fallback={<div className="empty">Loading the chart…</div>}>
          <DepartmentChart integrationId={scope} />
        </Suspense>
      )}
      {view === 'Org tree' && <OrgTreeView onSelect={setSelected} integrationId={scope} />}
    </>
  );
  return <SplitPane list={list} detail={selected ? <EmployeeDetailPane employee={selected} onClose={() => setSelected(null)} /> : null} initialWidth={440} />;
}
