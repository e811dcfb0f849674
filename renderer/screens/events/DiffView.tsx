/** The field-level diff of a record.modified against the record's previous version: path, - old, + new. */
import type { EventDetail } from '../../../shared/api/types';
import { Masked } from '../../components/Masked';
import { TimeText } from '../../components/TimeText';
import { isSensitiveKey } from '../../model/masking';
import { formatDiffValue, recordDiff } from '../../model/record-diff';

function Value({ value, sensitive, name }: { value: unknown; sensitive: boolean; name: string }) {
  return sensitive ? <Masked value={value} name={name} /> : <>{formatDiffValue(value)}</>;
}

export function DiffView({ event }: { event: EventDetail }) {
  if (!event.previous) {
    return <p className="muted">No earlier version of this record was received, so there is nothing to compare it with.</p>;
  }
  const rows = recordDiff(event.previous.body, event.body);
  return (
    <div aria-label="Field changes">
      <p className="muted">
        Against {event.previous.eventType} <span className="mono">{event.previous.eventId}</span> of <TimeText iso={event.previous.receivedAt} withDate />:{' '}
        {rows.length} field{rows.length === 1 ? '' : 's'} changed.
      </p>
      {rows.length === 0 && <p>The record's data is identical to the previous version.</p>}
      {rows.map((r) => {
        const sensitive = isSensitiveKey(r.key);
        return (
          <div className="diff-row" key={r.path}>
            <div className="diff-path">{r.path}</div>
            {r.kind !== 'added' && (
              <div className="diff-old">
                <span aria-label="old">- </span>
                <Value value={r.oldValue} sensitive={sensitive} name={`old ${r.path}`} />
              </div>
            )}
            {r.kind !== 'removed' && (
              <div className="diff-new">
                <span aria-label="new">+ </span>
                <Value value={r.newValue} sensitive={sensitive} name={`new ${r.path}`} />
              </div>
            )}
          </div>
        );
      })}
    </div>
  );
}
