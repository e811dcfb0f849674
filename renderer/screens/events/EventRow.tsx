/**
 * One row of the events list (28 px): time, type, sync type, run, integration (while every integration is
 * shown), recordId, name, verification, retries, flags.
 * Every cell is one element holding its text (no wrappers, the verification mark is a CSS ::before): while
 * following at 1,000 events/s every visible row shows a new event each frame, and each element costs style,
 * layout and paint. The recordId's copy button is rendered only in the hovered or selected row. A row without
 * flags leaves its flags cell out; every cell names its column with aria-colindex (event-columns.ts), so
 * assistive technology still reads each cell under the right header.
 */
import { memo, useState } from 'react';
import type { EventSummary } from '../../../shared/api/types';
import { Flags } from '../../components/Flags';
import { IdText } from '../../components/IdText';
import { TYPE_SHORT } from '../../components/TypeLabel';
import { formatClock, shortenMiddle, timeTitle } from '../../model/format';
import { COL, retriesText, retriesTitle } from './event-columns';

interface Props {
  event: EventSummary;
  /** 0-based place of the event in the list (the header is row 1 of the grid, so this row is index + 2). */
  index: number;
  selected: boolean;
  /** Whether the list shows every integration, so that each row says its own. */
  withIntegration: boolean;
  onSelect: (eventId: string) => void;
}

export const EventRow = memo(function EventRow({ event: e, index, selected, withIntegration, onSelect }: Props) {
  const [hovered, setHovered] = useState(false);
  return (
    <div
      className={withIntegration ? 'grid-row events-grid with-integration' : 'grid-row events-grid'}
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      data-event-id={e.eventId}
      data-seq={e.seq}
      onClick={() => onSelect(e.eventId)}
      onMouseEnter={() => setHovered(true)}
      onMouseLeave={() => setHovered(false)}
    >
      {/* The title (full ISO and age) only in the hovered row, so rows stay cheap; rendered, not set on
          mouseenter, because a recycled row under a still mouse shows another event. */}
      <time role="gridcell" aria-colindex={COL.time} dateTime={e.receivedAt} title={hovered ? timeTitle(e.receivedAt) : undefined}>
        {formatClock(e.receivedAt)}
      </time>
      <span role="gridcell" aria-colindex={COL.type} className={`type ${e.category}`} title={e.eventType}>
        {TYPE_SHORT[e.eventType] ?? e.eventType}
      </span>
      <span role="gridcell" aria-colindex={COL.sync} className="muted">
        {e.syncType?.replace('_sync', '') ?? '—'}
      </span>
      <span role="gridcell" aria-colindex={COL.run} className={e.syncRunId ? 'mono' : 'muted'} title={e.syncRunId ?? undefined}>
        {e.syncRunId ? shortenMiddle(e.syncRunId, 12) : '—'}
      </span>
      {withIntegration && (
        <span
          role="gridcell"
          aria-colindex={COL.integration}
          className={e.integrationId ? 'mono clip' : 'muted'}
          title={e.integrationId ?? 'no X-Knit-Integration-Id header'}
        >
          {e.integrationId ? shortenMiddle(e.integrationId, 14) : '—'}
        </span>
      )}
      {(hovered || selected) && e.recordId ? (
        <span role="gridcell" aria-colindex={COL.recordId} className="clip">
          <IdText key={e.recordId} value={e.recordId} max={16} />
        </span>
      ) : (
        <span role="gridcell" aria-colindex={COL.recordId} className={e.recordId ? 'mono clip' : 'muted'} title={e.recordId ?? undefined}>
          {e.recordId ? shortenMiddle(e.recordId, 16) : '—'}
        </span>
      )}
      <span role="gridcell" aria-colindex={COL.employee} className={e.name ? 'clip' : 'muted'} title={e.email?.slice(0, 200) ?? undefined}>
        {e.name?.slice(0, 200) ?? '—'}
      </span>
      <span role="gridcell" aria-colindex={COL.verified} className="verified clip" title={`Signature verified with the ${e.environment} key`}>
        {e.environment}
      </span>
      <span role="gridcell" aria-colindex={COL.retries} title={retriesTitle(e.retries)} className={e.retries ? 'retries' : 'retries muted'}>
        {retriesText(e.retries)}
      </span>
      {e.flags.length > 0 && (
        <span role="gridcell" aria-colindex={COL.flags}>
          <Flags flags={e.flags} />
        </span>
      )}
    </div>
  );
});
