/** The eventIds the Events screen currently shows (after filters), for "export the selection" in Settings. */
let shown: readonly string[] | null = null;

/** Set by the Events screen; null when no filter is active (everything is shown). */
export function setShownEventIds(ids: readonly string[] | null): void {
  shown = ids;
}

export const getShownEventIds = (): readonly string[] | null => shown;
