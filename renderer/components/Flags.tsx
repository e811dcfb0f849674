/** The warning mark of a flagged event: its title and accessible name explain every flag in words. */
import type { EventFlag } from '../../shared/api/types';

export function Flags({ flags }: { flags: readonly EventFlag[] }) {
  if (flags.length === 0) return null;
  const text = flags.map((f) => f.message).join(' ');
  return (
    <span className="warn-mark" title={text} aria-label={`Warning: ${text}`} role="img">
      !
    </span>
  );
}
