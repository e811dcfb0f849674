/**
 * Which screen is shown, kept in the URL hash (`#/events`, `#/runs`...) so reloads and the Electron custom
 * protocol keep it, plus one-shot requests from other screens (open this event, filter by this run).
 */
import { useSyncExternalStore } from 'react';

export const SCREENS = ['events', 'runs', 'employees', 'rejected', 'setup', 'settings'] as const;
export type Screen = (typeof SCREENS)[number];

/** What another screen asks the Events screen to show when navigating there. */
export interface EventsIntent {
  eventId?: string;
  syncRunId?: string;
}

const parse = (): Screen => {
  const name = window.location.hash.replace(/^#\/?/, '');
  return (SCREENS as readonly string[]).includes(name) ? (name as Screen) : 'events';
};

let intent: EventsIntent | null = null;
const subscribe = (cb: () => void): (() => void) => {
  window.addEventListener('hashchange', cb);
  return () => window.removeEventListener('hashchange', cb);
};

/** The current screen; re-renders on change. */
export const useScreen = (): Screen => useSyncExternalStore(subscribe, parse);

/** Shows `screen`, optionally with a request for the Events screen. */
export function navigate(screen: Screen, request?: EventsIntent): void {
  intent = request ?? null;
  if (parse() !== screen) window.location.hash = `#/${screen}`;
  else window.dispatchEvent(new HashChangeEvent('hashchange'));
}

/** Takes the pending request for the Events screen (once). */
export function takeEventsIntent(): EventsIntent | null {
  const i = intent;
  intent = null;
  return i;
}
