/**
 * The accepted events in arrival order (ascending `seq`) as an append-only list whose successive versions
 * share one backing array: appending a batch costs O(batch), not a copy of every event held (copying
 * 100,000 references takes milliseconds, every frame while events stream in). Each version sees only its
 * first `length` items, so an older version never shows later events. Replacing items (a redelivery changed
 * a summary) copies, which is rare.
 */
import type { EventSummary } from '../../shared/api/types';

export class EventList {
  private constructor(
    private readonly items: EventSummary[],
    /** How many events this version holds. */
    readonly length: number,
  ) {}

  /** A list of `items` (taken over, not copied). */
  static of(items: EventSummary[]): EventList {
    return new EventList(items, items.length);
  }

  static empty(): EventList {
    return new EventList([], 0);
  }

  /** The event at `index` (0 = oldest), or undefined outside this version. */
  get(index: number): EventSummary | undefined {
    return index >= 0 && index < this.length ? this.items[index] : undefined;
  }

  /** The newest event of this version. */
  get last(): EventSummary | undefined {
    return this.get(this.length - 1);
  }

  /** A new version with `more` appended (shares the backing array when this is the newest version). */
  append(more: readonly EventSummary[]): EventList {
    const items = this.length === this.items.length ? this.items : this.items.slice(0, this.length);
    for (const e of more) items.push(e);
    return new EventList(items, items.length);
  }

  /** A new version with the events at the given indexes replaced (copies the backing array). */
  replace(changes: ReadonlyArray<readonly [number, EventSummary]>): EventList {
    const items = this.items.slice(0, this.length);
    for (const [index, e] of changes) if (index < items.length) items[index] = e;
    return new EventList(items, items.length);
  }

  /** The events passing `predicate`, oldest first, as a new list. */
  filter(predicate: (e: EventSummary) => boolean): EventList {
    const out: EventSummary[] = [];
    for (let i = 0; i < this.length; i++) if (predicate(this.items[i]!)) out.push(this.items[i]!);
    return EventList.of(out);
  }

  /** A copy of this version as an array, oldest first. */
  toArray(): EventSummary[] {
    return this.items.slice(0, this.length);
  }
}
