/** The transport's link state as a tiny external store, for the connection bar. */
import { useSyncExternalStore } from 'react';
import type { LinkState } from '../transport';

let value: LinkState = 'connecting';
const listeners = new Set<() => void>();

export function setLinkState(next: LinkState): void {
  if (next === value) return;
  value = next;
  for (const l of listeners) l();
}

export const useLinkState = (): LinkState =>
  useSyncExternalStore(
    (cb) => {
      listeners.add(cb);
      return () => listeners.delete(cb);
    },
    () => value,
  );
