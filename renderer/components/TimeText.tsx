/** A time: local clock (or date + clock) in the list, full ISO and "3 min ago" on hover (UI.md "Times"),
 * computed when hovered so the age is current and long lists stay cheap. */
import { formatClock, formatDateTime, timeTitle } from '../model/format';

export function TimeText({ iso, withDate = false }: { iso: string | null; withDate?: boolean }) {
  if (!iso) return <span className="muted">—</span>;
  return (
    <time dateTime={iso} onMouseEnter={(e) => (e.currentTarget.title = timeTitle(iso))} onFocus={(e) => (e.currentTarget.title = timeTitle(iso))}>
      {withDate ? formatDateTime(iso) : formatClock(iso)}
    </time>
  );
}
