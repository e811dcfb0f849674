/**
 * Picks the CompanionApi at startup: the Electron preload's `window.knitCompanion` when present, else the
 * HTTP + WebSocket client of the headless shell at this page's origin. The only place that knows which.
 */
import type { CompanionApi } from '../../shared/api/companion-api';
import { createHttpCompanion, type LinkState } from './http-companion';

declare global {
  interface Window {
    /** Exposed by electron/preload with contextBridge: the CompanionApi over IPC. */
    knitCompanion?: CompanionApi;
  }
}

export type { LinkState };

/** The api for this page, and a way to follow its link state (always `online` over IPC). */
export function pickTransport(onLinkState: (state: LinkState) => void): CompanionApi {
  if (window.knitCompanion) {
    onLinkState('online');
    return window.knitCompanion;
  }
  return createHttpCompanion({ origin: window.location.origin, onLinkState });
}
