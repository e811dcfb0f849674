/**
 * The events the Events screen currently shows (after filters), for "export the selection" in Settings: how
 * many, and a getter that asks the Companion for their ids only when the export is asked for.
 */
export interface ShownEvents {
  count: number;
  ids(): Promise<string[]>;
}

let shown: ShownEvents | null = null;

/** Set by the Events screen; null when no filter is active (everything is shown). */
export function setShownEvents(next: ShownEvents | null): void {
  shown = next;
}

/** The events shown in Events, or null when no filter is active. */
export const getShownEvents = (): ShownEvents | null => shown;
