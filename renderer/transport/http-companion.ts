/**
 * The CompanionApi over HTTP, for the renderer served by the headless shell (electron/core/ui-server):
 * every method is `POST /api/<method>` with the input as JSON, answered `{ok:true,result}` or
 * `{ok:false,error}`; updates arrive on the WebSocket `/api/updates`, one UpdateBatch per message. The
 * per-run token goes with each call as a Bearer header and with the socket as a subprotocol (shared/api/ui-auth.ts).
 * The methods are generated from COMPANION_METHODS so this client cannot drift from the contract.
 * When the socket drops it reconnects with exponential backoff (0.5 s doubling to 10 s) and then delivers
 * `{reset:true}` to listeners so they query everything again (nothing sent meanwhile is lost).
 */
import { COMPANION_METHODS, type CompanionApi, type UpdateListener } from '../../shared/api/companion-api';
import type { UpdateBatch } from '../../shared/api/types';
import { TOKEN_SUBPROTOCOL_PREFIX, UI_SUBPROTOCOL } from '../../shared/api/ui-auth';

/** What the transport says about its link, for the connection bar. */
export type LinkState = 'connecting' | 'online' | 'reconnecting';

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

/** The reply envelope of `POST /api/<method>`. */
type Reply = { ok: true; result: unknown } | { ok: false; error: string };

export const RECONNECT_MIN_MS = 500;
export const RECONNECT_MAX_MS = 10_000;

/** The delay before reconnect attempt `attempt` (0-based): doubling from the minimum, capped. */
export const reconnectDelay = (attempt: number): number => Math.min(RECONNECT_MAX_MS, RECONNECT_MIN_MS * 2 ** attempt);

/** A CompanionApi reaching the server at `options.origin`. */
export function createHttpCompanion(options: HttpCompanionOptions): CompanionApi {
  const doFetch = options.fetch ?? fetch.bind(globalThis);
  const Socket = options.WebSocket ?? WebSocket;

  async function invoke(method: string, input: unknown): Promise<unknown> {
    let response: Response;
    try {
      response = await doFetch(`${options.origin}/api/${method}`, {
        method: 'POST',
        headers: { ...(options.token === null ? {} : { Authorization: `Bearer ${options.token}` }), ...(input === undefined ? {} : { 'Content-Type': 'application/json' }) },
        body: input === undefined ? undefined : JSON.stringify(input),
        credentials: 'omit',
      });
    } catch {
      throw new Error('The Companion cannot be reached: is knit-sync still running?');
    }
    let reply: Reply;
    try {
      reply = (await response.json()) as Reply;
    } catch {
      throw new Error(`The Companion answered ${response.status} without a readable reply.`);
    }
    if (!reply.ok) throw new Error(reply.error);
    return reply.result;
  }

  const listeners = new Set<UpdateListener>();
  let socket: WebSocket | null = null;
  let attempt = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let everOpened = false;

  const emit = (batch: UpdateBatch): void => {
    for (const l of listeners) l(batch);
  };

  function connect(): void {
    options.onLinkState?.(everOpened ? 'reconnecting' : 'connecting');
    const protocols = options.token === null ? [UI_SUBPROTOCOL] : [UI_SUBPROTOCOL, `${TOKEN_SUBPROTOCOL_PREFIX}${options.token}`];
    const ws = new Socket(`${options.origin.replace(/^http/, 'ws')}/api/updates`, protocols);
    socket = ws;
    ws.onopen = () => {
      attempt = 0;
      options.onLinkState?.('online');
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
      options.onLinkState?.('reconnecting');
      timer = setTimeout(connect, reconnectDelay(attempt++));
    };
  }

  function disconnect(): void {
    if (timer) clearTimeout(timer);
    timer = null;
    const ws = socket;
    socket = null;
    ws?.close();
  }

  const api = Object.fromEntries(COMPANION_METHODS.map((m) => [m, (input?: unknown) => invoke(m, input)])) as Omit<
    CompanionApi,
    'subscribe'
  >;
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
