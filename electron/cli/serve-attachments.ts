/**
 * What `knit-sync serve` starts beside the Companion once it listens (the UI server, the tunnel...): each
 * attachment gets the open Companion, may print machine-readable lines on stdout (e.g.
 * `ui http://127.0.0.1:<port>/?token=...`), and is closed before the Companion at shutdown.
 * The list is empty here; the shells' owners add to it.
 */
import type { CompanionService } from '../core/companion-service';
import type { Logger } from '../core/log';

export interface ServeContext {
  companion: CompanionService;
  dataDir: string;
  log: Logger;
  /** The `serve` options as parsed (e.g. `tunnel: false` for `--no-tunnel`). */
  options: Record<string, unknown>;
}

export interface Attachment {
  /** Lines to print on stdout after the `listening` line. */
  lines?: string[];
  close?: () => Promise<void>;
}

export type ServeAttachment = (context: ServeContext) => Promise<Attachment>;

export const SERVE_ATTACHMENTS: ServeAttachment[] = [];
