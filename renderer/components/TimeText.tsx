/** A time: local clock (or date + clock, or compact: clock today, short date otherwise) in the list, full ISO
 * and "3 min ago" on hover, computed when hovered so the age is current and long lists stay
 * cheap. */
import { formatClock, formatCompactTime, formatDateTime, timeTitle } from '../model/format';

export function TimeText({ iso, withDate = false, compact = false }: { iso: string | null; withDate?: boolean; compact?: boolean }) {
  if (!iso) return <span className="muted">—</span>;
  return (
    <time dateTime={iso} onMouseEnter={(e) => (e.currentTarget.title = timeTitle(iso))} onFocus={(e) => (e.currentTarget.title = timeTitle(iso))}>
      {compact ? formatCompactTime(iso) : withDate ? formatDateTime(iso) : formatClock(iso)}
    </time>
  );
}
