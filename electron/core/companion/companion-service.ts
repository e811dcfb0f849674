/**
 * How a shell (the headless CLI or the Electron main process) opens and closes the Companion. The
 * Companion is opened by open-companion.ts: `openCompanion(options: CompanionOptions): Promise<CompanionService>`.
 */
import type { CompanionApi } from '../../../shared/api/companion-api';
import type { SecretStore } from '../secrets/secret-store';
import type { TunnelProvider } from '../tunnel/provider';

export interface CompanionOptions {
  /** The data folder (see store/data-dir.ts for the default). Locked for this process while open. */
  dataDir: string;
  secrets: SecretStore;
  /** Listener port on loopback; 0 takes a free one. Default 8787. */
  port?: number;
  /** Listener path; default `/knithook`. */
  path?: string;
  /** Listener host; default 127.0.0.1 (then also ::1 where available). */
  host?: string;
  /** Where logs go; default a logger to stderr and `<dataDir>/logs/knit-sync.log` (closed with the Companion). */
  log?: import('../log').Logger;
  /** The name written in the lock file, shown to a second process; default `knit-sync serve`. */
  command?: string;
  /** Snapshot after this many journal lines (default 10,000) or this often (ms, default 60,000). */
  snapshotEveryLines?: number;
  snapshotIntervalMs?: number;
  /** Bodies above this many bytes get 413; default 10 MB. */
  maxBodyBytes?: number;
  /** Bind the webhook listener (default true); false for a command that only works on the folder (purge). */
  listen?: boolean;
  /** Forward every verified event to these URLs too, for this run only (`serve --forward-to`, repeatable). */
  forwardTo?: string[];
  /**
   * The workbench (`serve --pass-through-to URL`, `--respond RULE`): the handler whose answer becomes the
   * listener's, and answer rules applied first (electron/core/workbench/).
   */
  workbench?: import('../workbench/workbench').SessionWorkbench;
  /** Retries, queue bound, timeout and preview size of forwarding and replay (tests shorten the waits). */
  forwarding?: import('../forward/forwarder').ForwardingOptions;
  /** Extra methods of the control endpoint (e.g. `sync`, `replay`), beside the CompanionApi methods. */
  controlMethods?: Record<string, (input: unknown) => Promise<unknown>>;
  /** `knit-sync demo`: its emulator's Scenario menu (getDemo / setDemoScenarios); absent elsewhere. */
  demo?: import('../../../shared/api/demo').DemoControl;
  /** `--no-tunnel`: no tunnel whatever the settings say (the listener URL is the destination). */
  noTunnel?: boolean;
  /** The tunnel service; default @ngrok/ngrok (electron/core/tunnel/ngrok-provider.ts). Tests pass a fake. */
  tunnelProvider?: TunnelProvider;
}

/**
 * What a shell needs to show Knit's UI component: the page of a one-purpose token, the events the page or
 * window passes back, and (desktop) a window of its own instead of a browser tab.
 */
export interface ConnectHost {
  page(token: string): import('../connect/pages').ConnectPage | null;
  /** @throws ConnectError for an unknown page or a malformed event */
  event(token: string, event: unknown): Promise<{ ok: true }>;
  /** The desktop shell opens each component in its own window; resolves true when it did. */
  setWindowOpener(open: ((page: import('../connect/pages').ConnectPage) => Promise<boolean>) | null): void;
}

/** The Companion as a shell holds it: the CompanionApi plus its lifecycle. */
export interface CompanionService extends CompanionApi {
  /** The same methods without input validation, for a transport that validates at its own edge (dispatch). */
  readonly unchecked: CompanionApi;
  /** Knit's UI component pages and their events (not part of the renderer's CompanionApi). */
  readonly connect: ConnectHost;
  /** The listener's URL once bound, e.g. `http://127.0.0.1:8787/knithook`. */
  readonly listenerUrl: string;
  /** Stops accepting, finishes in-flight requests, flushes the journal and snapshot, releases the lock. */
  close(): Promise<void>;
}
