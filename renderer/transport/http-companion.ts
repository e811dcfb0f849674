/**
 * The CompanionApi over HTTP, for the renderer served by the headless shell (electron/core/ui-server):
 * every method is `POST /api/<method>` with the input as JSON, answered with the ApiReply envelope
 * (shared/api/reply.ts; a failure rejects with an ApiError); updates arrive on the WebSocket `/api/updates`, one
 * UpdateBatch per message. The per-run token goes with each call as a Bearer header and with the socket as a
 * subprotocol (shared/api/ui-auth.ts).
 * The methods are generated from COMPANION_METHODS so this client cannot drift from the contract.
 * When the socket drops it reconnects with exponential backoff (0.5 s doubling to 10 s) and then delivers
 * `{reset:true}` to listeners so they query everything again (nothing sent meanwhile is lost). A server that
 * answers 401 was restarted with a new token: the link is `restarted` until `options.token` changes (a tab of
 * the same origin opened the new link: transport/index.ts), and then it recovers by itself.
 */
import { COMPANION_METHODS, type CompanionApi, type UpdateListener } from '../../shared/api/companion-api';
import type { UpdateBatch } from '../../shared/api/types';
import { ApiError, unwrapReply, type ApiReply } from '../../shared/api/reply';
import { TOKEN_SUBPROTOCOL_PREFIX, UI_SUBPROTOCOL } from '../../shared/api/ui-auth';

/** What the transport says about its link, for the connection bar (`restarted`: our token is no longer valid). */
export type LinkState = 'connecting' | 'online' | 'reconnecting' | 'restarted';

export interface HttpCompanionOptions {
  /** The server's origin, e.g. `http://127.0.0.1:8788`. */
  origin: string;
  /** The UI server's per-run token, or null when the page has none (the server then answers 401). */
  token: string | null;
  fetch?: typeof fetch;
  WebSocket?: typeof WebSocket;
  /** Called when the update stream's state changes. */
  onLinkState?: (state: LinkState) => void;
}

export const RECONNECT_MIN_MS = 500;
export const RECONNECT_MAX_MS = 10_000;

/** The delay before reconnect attempt `attempt` (0-based): doubling from the minimum, capped. */
export const reconnectDelay = (attempt: number): number => Math.min(RECONNECT_MAX_MS, RECONNECT_MIN_MS * 2 ** attempt);

/** A CompanionApi reaching the server at `options.origin`. */
export function createHttpCompanion(options: HttpCompanionOptions): CompanionApi {
  const doFetch = options.fetch ?? fetch.bind(globalThis);
  const Socket = options.WebSocket ?? WebSocket;

  /** Read at each use: the token can change (transport/index.ts follows a restarted serve's new link). */
  const authHeader = (): Record<string, string> => (options.token === null ? {} : { Authorization: `Bearer ${options.token}` });

  async function invoke(method: string, input: unknown): Promise<unknown> {
    let response: Response;
    try {
      response = await doFetch(`${options.origin}/api/${method}`, {
        method: 'POST',
        headers: { ...authHeader(), ...(input === undefined ? {} : { 'Content-Type': 'application/json' }) },
        body: input === undefined ? undefined : JSON.stringify(input),
        credentials: 'omit',
      });
    } catch {
      throw new ApiError('failed', 'The Companion cannot be reached: is knit-sync still running?');
    }
    let reply: ApiReply;
    try {
      reply = (await response.json()) as ApiReply;
    } catch {
      throw new ApiError('failed', `The Companion answered ${response.status} without a readable reply.`);
    }
    return unwrapReply(reply);
  }

  const listeners = new Set<UpdateListener>();
  let socket: WebSocket | null = null;
  let attempt = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let everOpened = false;
  let link: LinkState | null = null;
  const setLink = (next: LinkState): void => {
    link = next;
    options.onLinkState?.(next);
  };

  const emit = (batch: UpdateBatch): void => {
    for (const l of listeners) l(batch);
  };

  /** Tells a server that is down (`reconnecting`) from one restarted with another token (`restarted`). */
  async function probe(): Promise<void> {
    let status = 0;
    try {
      status = (await doFetch(`${options.origin}/api/getStatus`, { method: 'POST', headers: authHeader(), credentials: 'omit' })).status;
    } catch {
      // unreachable: still reconnecting
    }
    if (socket || listeners.size === 0) return; // reconnected or unsubscribed meanwhile
    setLink(status === 401 ? 'restarted' : 'reconnecting');
  }

  function connect(): void {
    timer = null;
    if (!everOpened) setLink('connecting');
    const protocols = options.token === null ? [UI_SUBPROTOCOL] : [UI_SUBPROTOCOL, `${TOKEN_SUBPROTOCOL_PREFIX}${options.token}`];
    const ws = new Socket(`${options.origin.replace(/^http/, 'ws')}/api/updates`, protocols);
    socket = ws;
    ws.onopen = () => {
      attempt = 0;
      setLink('online');
      if (everOpened) emit({ reset: true });
      everOpened = true;
    };
    ws.onmessage = (msg) => {
      try {
        emit(JSON.parse(String(msg.data)) as UpdateBatch);
      } catch {
        // A message that is not JSON cannot be applied; re-query so nothing is silently missed.
        emit({ reset: true });
      }
    };
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = null;
      if (listeners.size === 0) return;
      if (link !== 'restarted') setLink('reconnecting'); // until the probe knows better
      timer = setTimeout(connect, reconnectDelay(attempt++));
      void probe();
    };
  }

  function disconnect(): void {
    if (timer) clearTimeout(timer);
    timer = null;
    const ws = socket;
    socket = null;
    ws?.close();
  }

  const api = Object.fromEntries(COMPANION_METHODS.map((m) => [m, (input?: unknown) => invoke(m, input)])) as Omit<CompanionApi, 'subscribe'>;
  return {
    ...(api as CompanionApi),
    subscribe(listener) {
      listeners.add(listener);
      if (!socket && !timer) connect();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) disconnect();
      };
    },
  };
}
