/** Headcount by department (active employees) as a horizontal bar chart (recharts), counted by the Companion (employeeDepartments). */
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useMemo } from 'react';
import { useApi, useCompanion } from '../../state/use-companion';
import { useLatest } from '../../state/use-latest';

/** `integrationId`: that integration's company only (null: all). */
export function DepartmentChart({ integrationId = null }: { integrationId?: string | null }) {
  const api = useApi();
  const version = useCompanion((s) => s.employeesVersion);
  const scope = useMemo(() => ({ integrationId }), [integrationId]);
  const held = useLatest((q: { integrationId: string | null }) => api.employeeDepartments(q), scope, [api, version], 'employeeDepartments');
  if (held.error) return <p className="inline-error">{held.error}</p>;
  if (!held.answer) return <div className="empty">Loading the chart…</div>;
  const data = held.answer.departments;
  if (data.length === 0) return <div className="empty">No employees yet.</div>;
  return (
    <div className="screen-scroll" style={{ flex: 1 }}>
      <h2>Headcount by department</h2>
      <p className="muted">
        {held.answer.active.toLocaleString('en-US')} active employees in {data.length} departments.
      </p>
      <div
        style={{ height: Math.max(160, data.length * 30 + 40), maxWidth: 720 }}
        role="img"
        aria-label={data.map((d) => `${d.department}: ${d.count}`).join(', ')}
      >
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} layout="vertical" margin={{ left: 20, right: 20, top: 4, bottom: 4 }}>
            <CartesianGrid horizontal={false} stroke="var(--border)" />
            <XAxis type="number" allowDecimals={false} stroke="var(--muted)" tick={{ fill: 'var(--muted)', fontSize: 12 }} />
            <YAxis type="category" dataKey="department" width={120} stroke="var(--muted)" tick={{ fill: 'var(--text)', fontSize: 12 }} />
            <Tooltip
              cursor={{ fill: 'var(--surface-2)' }}
              contentStyle={{ background: 'var(--surface)', border: '1px solid var(--border)', color: 'var(--text)' }}
            />
            <Bar dataKey="count" name="employees" fill="var(--accent)" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
    </div>
  );
}
