/** One row of the events list (28 px): time, type, sync type, run, recordId, name, verification, retries, flags. */
import { memo } from 'react';
import type { EventSummary } from '../../../shared/api/types';
import { Flags } from '../../components/Flags';
import { IdText } from '../../components/IdText';
import { TimeText } from '../../components/TimeText';
import { TypeLabel } from '../../components/TypeLabel';

interface Props {
  event: EventSummary;
  selected: boolean;
  /**
   * px from the bottom of the list (the oldest row is at 0): it never changes for a row while newer rows
   * arrive above it, so a batch does not re-render (nor rewrite the style of) the rows already shown.
   */
  bottom: number;
  onSelect: (eventId: string) => void;
}

export const EventRow = memo(function EventRow({ event: e, selected, bottom, onSelect }: Props) {
  return (
    <div
      className="grid-row events-grid"
      role="row"
      aria-selected={selected}
      data-event-id={e.eventId}
      data-seq={e.seq}
      style={{ position: 'absolute', bottom: 0, left: 0, right: 0, transform: `translateY(${-bottom}px)` }}
      onClick={() => onSelect(e.eventId)}
    >
      <span role="cell">
        <TimeText iso={e.receivedAt} />
      </span>
      <span role="cell">
        <TypeLabel category={e.category} eventType={e.eventType} />
      </span>
      <span role="cell" className="muted">
        {e.syncType?.replace('_sync', '') ?? '—'}
      </span>
      <span role="cell">
        <IdText value={e.syncRunId} max={12} copy={false} />
      </span>
      <span role="cell">
        <IdText value={e.recordId} max={16} />
      </span>
      <span role="cell" title={e.email ?? undefined}>
        {e.name ?? <span className="muted">—</span>}
      </span>
      <span role="cell" title={`Signature verified with the ${e.environment} key`}>
        <span className="ok" aria-hidden="true">
          ✓
        </span>{' '}
        {e.environment}
      </span>
      <span role="cell" title={`${e.retries} redeliveries`} className={e.retries ? '' : 'muted'}>
        {e.retries || '·'}
      </span>
      <span role="cell">
        <Flags flags={e.flags} />
      </span>
    </div>
  );
});
