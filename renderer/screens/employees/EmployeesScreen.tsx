/** The synced directory: table, headcount by department and org tree as tabs; the selected employee on the right. */
import { lazy, Suspense, useState } from 'react';
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
  const list = (
    <>
      <Tabs tabs={['Directory', 'Departments', 'Org tree'] as const} value={view} onChange={setView} label="Employee views" />
      {view === 'Directory' && <EmployeeTable selected={selected} onSelect={setSelected} />}
      {view === 'Departments' && (
        <Suspense fallback={<div className="empty">Loading the chart…</div>}>
          <DepartmentChart />
        </Suspense>
      )}
      {view === 'Org tree' && <OrgTreeView onSelect={setSelected} />}
    </>
  );
  return <SplitPane list={list} detail={selected ? <EmployeeDetailPane employee={selected} onClose={() => setSelected(null)} /> : null} initialWidth={440} />;
}
