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
  const auth = { token: takeToken() };
  followNewTokens((token) => (auth.token = token));
  return createHttpCompanion({
    origin: window.location.origin,
    get token() {
      return auth.token;
    },
    onLinkState,
  });
}

const TOKEN_KEY = 'knit-ui-token';
/** A BroadcastChannel is per origin and port too: a tab opened on a restarted serve's new link tells the older tabs. */
const TOKEN_CHANNEL = 'knit-ui-token';

/** Stores the token for this tab; a reload or a duplicated tab finds it. */
function keepToken(token: string): void {
  try {
    window.sessionStorage.setItem(TOKEN_KEY, token);
  } catch {
    // storage disabled: the token lives in memory for this page only
  }
}

/** Takes the token of a newer tab of this origin (serve restarted with a new token), so this tab recovers by itself. */
function followNewTokens(onToken: (token: string) => void): void {
  if (typeof BroadcastChannel === 'undefined') return;
  new BroadcastChannel(TOKEN_CHANNEL).onmessage = (event: MessageEvent<unknown>) => {
    if (typeof event.data !== 'string' || event.data === '') return;
    keepToken(event.data);
    onToken(event.data);
  };
}

/**
 * The UI server's token: taken from the printed link's `?token=` (then dropped from the address bar) into
 * sessionStorage, which is per origin and port, so no other local server can read it (a cookie would be sent
 * to every port of 127.0.0.1); a reload or a duplicated tab finds it there, and older tabs of the same origin
 * take it over (followNewTokens).
 */
function takeToken(): string | null {
  const url = new URL(window.location.href);
  const fromLink = url.searchParams.get('token');
  if (fromLink !== null) {
    url.searchParams.delete('token');
    window.history.replaceState(window.history.state, '', `${url.pathname}${url.search}${url.hash}`);
    keepToken(fromLink);
    if (typeof BroadcastChannel !== 'undefined') {
      const channel = new BroadcastChannel(TOKEN_CHANNEL);
      channel.postMessage(fromLink);
      channel.close();
    }
    return fromLink;
  }
  try {
    return window.sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}
