/** React access to the store and the api: a context plus selector hooks over useSyncExternalStore. */
import { createContext, useContext, useSyncExternalStore } from 'react';
import type { CompanionApi } from '../../shared/api/companion-api';
import type { CompanionState } from './companion-state';
import type { RendererStore } from './renderer-store';

export interface CompanionContextValue {
  api: CompanionApi;
  store: RendererStore;
}

export const CompanionContext = createContext<CompanionContextValue | null>(null);

function useCompanionContext(): CompanionContextValue {
  const value = useContext(CompanionContext);
  if (!value) throw new Error('CompanionContext is missing: render inside <CompanionContext value=...>.');
  return value;
}

/** The CompanionApi, for calls (reads of single records, actions). */
export const useApi = (): CompanionApi => useCompanionContext().api;

/** The store, for reload(). */
export const useStore = (): RendererStore => useCompanionContext().store;

/** One slice of the state; re-renders only when the selected value changes (by reference). */
export function useCompanion<T>(select: (s: CompanionState) => T): T {
  const { store } = useCompanionContext();
  return useSyncExternalStore(store.subscribe, () => select(store.getState()));
}
