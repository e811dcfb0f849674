/**
 * The Events toolbar: type chips, run and integration selects, text search, export of what is shown. Each
 * label wraps with its control, as one group; the bar spans the list and the detail (EventsScreen.tsx).
 */
import { forwardRef } from 'react';
import type { EventCategory } from '../../../shared/api/types';
import { toggleCategory, type EventFilter } from '../../model/event-filter';
import { formatCount, shortenMiddle } from '../../model/format';
import { IntegrationScope, useIntegrationOptions } from '../../components/IntegrationScope';
import { useCompanion } from '../../state/use-companion';

const CATEGORIES: EventCategory[] = ['new', 'modified', 'deleted', 'sync', 'unknown'];

interface Props {
  filter: EventFilter;
  onChange: (f: EventFilter) => void;
  shown: number;
  total: number;
  onExport: () => void;
}

export const EventFilters = forwardRef<HTMLInputElement, Props>(function EventFilters({ filter, onChange, shown, total, onExport }, searchRef) {
  const runs = useCompanion((s) => s.runs);
  const integrations = useIntegrationOptions();
  return (
    <div className="toolbar" role="search" aria-label="Filter events">
      <span role="group" aria-label="Event types" className="toolbar-group">
        {CATEGORIES.map((c) => (
          <button key={c} type="button" className="chip" aria-pressed={filter.categories.includes(c)} onClick={() => onChange(toggleCategory(filter, c))}>
            <span className={`type ${c}`}>{c}</span>
          </button>
        ))}
      </span>
      <span className="toolbar-group">
        <label className="muted" htmlFor="filter-run">
          run
        </label>
        <select id="filter-run" value={filter.syncRunId ?? ''} onChange={(e) => onChange({ ...filter, syncRunId: e.target.value || null })}>
          <option value="">all runs</option>
          {[...runs].reverse().map((r) => (
            <option key={r.syncRunId} value={r.syncRunId}>
              {shortenMiddle(r.syncRunId, 22)} ({r.syncType ?? '?'})
            </option>
          ))}
        </select>
      </span>
      <IntegrationScope
        id="filter-integration"
        value={filter.integrationId}
        onChange={(integrationId) => onChange({ ...filter, integrationId })}
        options={integrations}
        maxWidth={200}
      />
      <input
        ref={searchRef}
        type="search"
        aria-label="Search recordId, name or email (press / to focus)"
        placeholder="recordId, name, email   /"
        value={filter.text}
        onChange={(e) => onChange({ ...filter, text: e.target.value })}
        style={{ width: 220 }}
      />
      <span className="toolbar-group end">
        <span className="muted" aria-live="polite">
          {shown === total ? `${formatCount(total)} events` : `${formatCount(shown)} of ${formatCount(total)}`}
        </span>
        <button type="button" className="btn small" onClick={onExport} disabled={shown === 0} title="Export the events shown as NDJSON">
          Export shown
        </button>
      </span>
    </div>
  );
});
