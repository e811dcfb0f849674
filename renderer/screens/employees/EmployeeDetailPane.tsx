/** One employee: every model of the current version (bank numbers masked until revealed) and the event timeline. */
import { useEffect, useRef, useState } from 'react';
import { employeeKey } from '../../../shared/api/employee-key';
import type { EmployeeDetail } from '../../../shared/api/types';
import { EMPLOYEE_MODELS } from '../../../shared/knit/models';
import { IdText } from '../../components/IdText';
import { JsonTree } from '../../components/JsonTree';
import { TimeText } from '../../components/TimeText';
import { TypeLabel } from '../../components/TypeLabel';
import { navigate } from '../../state/navigation';
import { useApi, useCompanion } from '../../state/use-companion';
import type { EmployeeRef } from './EmployeesScreen';

const MODEL_LABEL = new Map<string, string>(EMPLOYEE_MODELS.flatMap((m) => m.keys.map((k) => [k, m.label] as const)));

/**
 * A number that changes when `employee` may have changed: when a frame of batches changed it, or when frames
 * were missed (their changed keys are gone), or after a reload.
 */
function useEmployeeStamp(employee: EmployeeRef): number {
  const version = useCompanion((s) => s.employeesVersion);
  const changed = useCompanion((s) => s.employeesChanged);
  const seen = useRef({ version, stamp: 0 });
  if (seen.current.version !== version) {
    const missed = version !== seen.current.version + 1;
    const stamp = missed || changed.has(employeeKey(employee.integrationId, employee.recordId)) ? seen.current.stamp + 1 : seen.current.stamp;
    seen.current = { version, stamp };
  }
  return seen.current.stamp;
}

export function EmployeeDetailPane({ employee, onClose }: { employee: EmployeeRef; onClose: () => void }) {
  const api = useApi();
  const version = useEmployeeStamp(employee);
  const [detail, setDetail] = useState<EmployeeDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    setError(null);
    api.getEmployee(employee).then(
      (d) => {
        if (!live) return;
        setDetail(d);
        if (!d) setError('This employee is no longer stored.');
      },
      (e: Error) => live && setError(e.message),
    );
    return () => {
      live = false;
    };
  }, [api, employee, version]);

  const d = detail && detail.recordId === employee.recordId && detail.integrationId === employee.integrationId ? detail : null;
  return (
    <section aria-label="Employee detail" style={{ display: 'flex', flexDirection: 'column', minHeight: 0, flex: 1 }}>
      <div className="detail-head">
        <div className="row">
          <strong>{d?.name ?? employee.recordId}</strong>
          {d?.deleted && <span className="type deleted">deleted</span>}
          <span style={{ flex: 1 }} />
          <button type="button" className="icon-btn" aria-label="Close the employee detail" onClick={onClose}>
            ✕
          </button>
        </div>
        {d && (
          <dl className="kv">
            <dt>recordId</dt>
            <dd>
              <IdText value={d.recordId} max={30} />
            </dd>
            <dt>integrationId</dt>
            <dd>
              <IdText value={d.integrationId} max={30} />
            </dd>
            <dt>email</dt>
            <dd>{d.email ?? '—'}</dd>
            <dt>department</dt>
            <dd>
              {d.department ?? '—'} · {d.designation ?? '—'}
            </dd>
            <dt>manager</dt>
            <dd>{d.managerName ?? d.managerId ?? '—'}</dd>
            <dt>status</dt>
            <dd>{d.employmentStatus ?? '—'}</dd>
            <dt>versions</dt>
            <dd>
              {d.versions}, last <TimeText iso={d.updatedAt} withDate />
            </dd>
          </dl>
        )}
      </div>
      <div className="detail-body">
        {error && <p className="inline-error">{error}</p>}
        {!d && !error && <p className="muted">Loading…</p>}
        {d && (
          <>
            {Object.entries(d.data).map(([key, value]) => (
              <div key={key}>
                <h3>
                  {MODEL_LABEL.get(key) ?? key} <span className="muted mono">{key}</span>
                </h3>
                <JsonTree value={value} />
              </div>
            ))}
            <h3>Timeline</h3>
            <ol style={{ paddingLeft: 18, margin: 0 }}>
              {d.timeline.map((e) => (
                <li key={e.eventId}>
                  <TimeText iso={e.receivedAt} withDate /> <TypeLabel category={e.category} eventType={e.eventType} />{' '}
                  <button type="button" className="icon-btn" style={{ color: 'var(--accent)' }} onClick={() => navigate('events', { eventId: e.eventId })}>
                    open {e.eventId}
                  </button>
                </li>
              ))}
            </ol>
          </>
        )}
      </div>
    </section>
  );
}
