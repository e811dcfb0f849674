/** An event type as a small coloured label; the colour is the category's, the same on every screen. */
import type { EventCategory } from '../../shared/api/types';

/** The short label of each Knit event type (the full type is the label's title). */
export const TYPE_SHORT: Readonly<Record<string, string>> = {
  'record.new': 'new',
  'record.modified': 'modified',
  'record.deleted': 'deleted',
  'sync.events.processed': 'processed',
  'sync.events.allConsumed': 'allConsumed',
};

export function TypeLabel({ category, eventType }: { category: EventCategory; eventType: string }) {
  return (
    <span className={`type ${category}`} title={eventType}>
      {TYPE_SHORT[eventType] ?? eventType}
    </span>
  );
}
