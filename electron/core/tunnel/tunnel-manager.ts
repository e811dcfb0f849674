/**
 * The TunnelManager: gives the listener a public URL, in one of three modes (Settings.tunnelMode):
 * - `ngrok`: a TunnelProvider (the real one is @ngrok/ngrok) forwards a public HTTPS URL to the loopback listener;
 * - `manual`: the user runs another tunnel and tells us its public URL (we cannot check it: state `online`);
 * - `off` (`--no-tunnel`): no public URL.
 * Status flow in `ngrok` mode: connecting → online ⇄ reconnecting (session lost, ngrok reconnects by itself);
 * connecting → offline (unreachable or timed out: retried with backoff) or error (ngrok refused: the user must
 * act, no retry). The local listener is never touched. Plain Node: used by both shells.
 */
import type { TunnelMode, TunnelStatus as CompanionTunnelStatus } from '../../../shared/api/types';

/** CompanionStatus.tunnel as the manager knows it (the Companion adds the authtoken's status). */
export type TunnelStatus = Omit<CompanionTunnelStatus, 'authtoken'>;
import { isRetryable, ngrokAdvice } from './ngrok-errors';
import { TunnelError, type TunnelConnection, type TunnelProvider, type TunnelSessionEvent } from './provider';

/** What the tunnel should be; `configure()` applies it. Secrets: `authtoken` is kept in memory only. */
export interface TunnelConfig {
  mode: TunnelMode;
  /** The ngrok authtoken, or null when none is saved. */
  authtoken: string | null;
  /** A reserved ngrok domain, or null. */
  domain: string | null;
  /** The public URL for `manual` mode (origin, e.g. `https://hooks.example.com`), or null. */
  manualUrl: string | null;
}

export interface TunnelManagerOptions {
  provider: TunnelProvider;
  /** The local listener's TCP port on loopback. */
  port: number;
  /** Give up one connect attempt after this long (ms); default 10,000, so offline fails within seconds. */
  connectTimeoutMs?: number;
  /** Retry delays after an unreachable ngrok (ms): doubles from `initialMs` up to `maxMs`. Default 2 s → 60 s. */
  retry?: { initialMs: number; maxMs: number };
  /** Log lines (no secrets); default none. */
  log?: (line: string) => void;
}

/** A change of the public URL: the sync's destination may now be stale (ARCHITECTURE.md "Tunnel"). */
export interface PublicUrlChange {
  /** The new public URL (origin), or null when there is none any more (mode off, manual URL cleared). */
  url: string | null;
  /** The URL announced before, or null. */
  previous: string | null;
}

type Listener<T> = (value: T) => void;

const NO_TOKEN = new TunnelError('No ngrok authtoken is saved.', 'ERR_NGROK_4018');

/** A sentence for the UI: ngrok's message (or ours) plus what to do. */
function describe(error: TunnelError, retryInMs: number | null): { code: string | null; message: string } {
  const advice = ngrokAdvice(error.code);
  const retry = retryInMs === null ? '' : ` Retrying in ${Math.round(retryInMs / 1000)} s; the local listener keeps working.`;
  return { code: error.code, message: `${error.message}${advice ? ` ${advice}` : ''}${retry}` };
}

/**
 * Any failure as a TunnelError of one line without the authtoken (ngrok's ERR_NGROK_105 message quotes the
 * token it was given: https://ngrok.com/docs/errors/err_ngrok_105/).
 */
function asTunnelError(error: unknown, authtoken: string): TunnelError {
  const code = error instanceof TunnelError ? error.code : null;
  const line = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
  return new TunnelError(authtoken ? line.split(authtoken).join('[authtoken]') : line, code);
}

export class TunnelManager {
  readonly #provider: TunnelProvider;
  readonly #port: number;
  readonly #timeoutMs: number;
  readonly #retry: { initialMs: number; maxMs: number };
  readonly #log: (line: string) => void;
  readonly #statusListeners = new Set<Listener<TunnelStatus>>();
  readonly #urlListeners = new Set<Listener<PublicUrlChange>>();

  #config: TunnelConfig = { mode: 'off', authtoken: null, domain: null, manualUrl: null };
  #status: TunnelStatus = { mode: 'off', state: 'off', publicUrl: null, error: null, authtokenSet: false, domain: null };
  /** The last URL announced through onPublicUrl. */
  #announced: string | null = null;
  /** Incremented by every configure/close: work started for an older generation is discarded. */
  #generation = 0;
  #connection: TunnelConnection | null = null;
  #retryTimer: ReturnType<typeof setTimeout> | null = null;
  #nextDelay: number;
  /** The close of the last connection, awaited by close(). */
  #closing: Promise<void> = Promise.resolve();

  constructor(options: TunnelManagerOptions) {
    this.#provider = options.provider;
    this.#port = options.port;
    this.#timeoutMs = options.connectTimeoutMs ?? 10_000;
    this.#retry = options.retry ?? { initialMs: 2_000, maxMs: 60_000 };
    this.#nextDelay = this.#retry.initialMs;
    this.#log = options.log ?? (() => undefined);
  }

  /** The current status, as CompanionStatus.tunnel carries it. */
  get status(): TunnelStatus {
    return { ...this.#status, error: this.#status.error ? { ...this.#status.error } : null };
  }

  /** Called with every status change; returns the unsubscribe function. */
  onStatus(listener: Listener<TunnelStatus>): () => void {
    this.#statusListeners.add(listener);
    return () => this.#statusListeners.delete(listener);
  }

  /** Called when the public URL changes (a new ngrok URL, another manual URL, none any more). */
  onPublicUrl(listener: Listener<PublicUrlChange>): () => void {
    this.#urlListeners.add(listener);
    return () => this.#urlListeners.delete(listener);
  }

  /**
   * Applies a configuration: closes the current tunnel and opens what `config` asks for. Resolves with the
   * status once the first attempt is settled (online, offline with a retry planned, or error); never rejects.
   */
  async configure(config: TunnelConfig): Promise<TunnelStatus> {
    const generation = this.#reset();
    this.#config = { ...config };
    const base = { mode: config.mode, authtokenSet: config.authtoken !== null, domain: config.domain, error: null };
    if (config.mode === 'off') {
      this.#setStatus({ ...base, state: 'off', publicUrl: null });
    } else if (config.mode === 'manual') {
      this.#setStatus(
        config.manualUrl
          ? { ...base, state: 'online', publicUrl: config.manualUrl }
          : { ...base, state: 'error', publicUrl: null, error: { code: null, message: 'Enter the public URL of your tunnel in Settings.' } },
      );
    } else {
      this.#nextDelay = this.#retry.initialMs;
      await this.#connect(generation);
    }
    return this.status;
  }

  /** Closes the tunnel for good (app quit) and waits for it; the status becomes `off`, listeners are dropped. */
  async close(): Promise<void> {
    this.#statusListeners.clear();
    this.#urlListeners.clear();
    this.#reset();
    this.#status = { ...this.#status, state: 'off', publicUrl: null, error: null };
    await this.#closing;
  }

  /** Discards all work of the current generation and closes the connection; returns the new generation. */
  #reset(): number {
    this.#generation += 1;
    if (this.#retryTimer) clearTimeout(this.#retryTimer);
    this.#retryTimer = null;
    const connection = this.#connection;
    this.#connection = null;
    if (connection) this.#closing = connection.close();
    return this.#generation;
  }

  async #connect(generation: number): Promise<void> {
    const { authtoken, domain } = this.#config;
    const base = { mode: 'ngrok' as const, authtokenSet: authtoken !== null, domain };
    if (authtoken === null) {
      this.#setStatus({ ...base, state: 'error', publicUrl: null, error: describe(NO_TOKEN, null) });
      return;
    }
    this.#setStatus({ ...base, state: 'connecting', publicUrl: null, error: null });
    let connection: TunnelConnection;
    try {
      connection = await this.#withTimeout(
        this.#provider.connect({
          port: this.#port,
          authtoken,
          domain,
          onEvent: (event) => this.#onSessionEvent(generation, event),
        }),
      );
    } catch (error) {
      if (generation !== this.#generation) return;
      const failure = asTunnelError(error, authtoken);
      this.#log(`tunnel: ${failure.code ?? 'no code'}: ${failure.message}`);
      if (isRetryable(failure.code)) {
        const delay = this.#nextDelay;
        this.#nextDelay = Math.min(delay * 2, this.#retry.maxMs);
        this.#setStatus({ ...base, state: 'offline', publicUrl: null, error: describe(failure, delay) });
        this.#retryTimer = setTimeout(() => {
          this.#retryTimer = null;
          void this.#connect(generation);
        }, delay);
        this.#retryTimer.unref?.();
      } else {
        this.#setStatus({ ...base, state: 'error', publicUrl: null, error: describe(failure, null) });
      }
      return;
    }
    if (generation !== this.#generation) {
      void connection.close();
      return;
    }
    this.#connection = connection;
    this.#nextDelay = this.#retry.initialMs;
    this.#setStatus({ ...base, state: 'online', publicUrl: connection.url(), error: null });
  }

  /** A provider session event, ignored unless it belongs to the live connection of this generation. */
  #onSessionEvent(generation: number, event: TunnelSessionEvent): void {
    if (generation !== this.#generation || !this.#connection) return;
    if (event.type === 'disconnected') {
      this.#setStatus({
        ...this.#status,
        state: 'reconnecting',
        error: { code: null, message: `${event.message} Reconnecting; the local listener keeps working.` },
      });
    } else {
      this.#setStatus({ ...this.#status, state: 'online', publicUrl: this.#connection.url(), error: null });
    }
  }

  /** `connecting` bounded by the connect timeout; a connection that arrives after it is closed at once. */
  #withTimeout(connecting: Promise<TunnelConnection>): Promise<TunnelConnection> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new TunnelError(`ngrok did not answer within ${Math.round(this.#timeoutMs / 1000)} s (offline, or a firewall blocks it).`, null));
        connecting.then(
          (late) => late.close(),
          () => undefined,
        );
      }, this.#timeoutMs);
      connecting.then(
        (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        (error: unknown) => {
          clearTimeout(timer);
          reject(error);
        },
      );
    });
  }

  #setStatus(status: TunnelStatus): void {
    this.#status = status;
    for (const listener of [...this.#statusListeners]) listener(this.status);
    const url = status.publicUrl;
    // Announce a new URL as soon as there is one; announce "none" only when the mode no longer has one (a
    // tunnel that is merely offline or reconnecting keeps its destination: it will come back).
    const gone = url === null && (status.mode === 'off' || (status.mode === 'manual' && status.state === 'error'));
    if ((url !== null && url !== this.#announced) || (gone && this.#announced !== null)) {
      const change = { url, previous: this.#announced };
      this.#announced = url;
      for (const listener of [...this.#urlListeners]) listener(change);
    }
  }
}
