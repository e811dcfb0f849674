/**
 * How a shell (the headless CLI or the Electron main process) opens and closes the Companion. The
 * Companion itself lives in companion.ts: `openCompanion(options: CompanionOptions): Promise<CompanionService>`.
 */
import type { CompanionApi } from '../../shared/api/companion-api';
import type { SecretStore } from './secrets/secret-store';

export interface CompanionOptions {
  /** The data folder (see store/data-dir.ts for the default). Locked for this process while open. */
  dataDir: string;
  secrets: SecretStore;
  /** Listener port on loopback; 0 takes a free one. Default 8787. */
  port?: number;
  /** Listener path; default `/knithook`. */
  path?: string;
}

/** The Companion as a shell holds it: the CompanionApi plus its lifecycle. */
export interface CompanionService extends CompanionApi {
  /** The listener's URL once bound, e.g. `http://127.0.0.1:8787/knithook`. */
  readonly listenerUrl: string;
  /** Stops accepting, finishes in-flight requests, flushes the journal and snapshot, releases the lock. */
  close(): Promise<void>;
}
