/**
 * The eventIds the Events screen currently shows (after filters), for "export the selection" in Settings.
 * Held as a getter so the list is built only when asked for, not on every arriving batch.
 */
let shown: (() => readonly string[]) | null = null;

/** Set by the Events screen; null when no filter is active (everything is shown). */
export function setShownEventIds(ids: (() => readonly string[]) | null): void {
  shown = ids;
}

/** The ids shown in Events, or null when no filter is active. */
export const getShownEventIds = (): readonly string[] | null => shown?.() ?? null;
