/**
 * What `knit-sync serve` starts beside the Companion once it listens (the UI server, the tunnel...): each
 * attachment gets the open Companion, may print machine-readable lines on stdout (e.g.
 * `ui http://127.0.0.1:<port>/?token=...`), and is closed before the Companion at shutdown.
 * In order: the UI server (attachments/ui.ts), the tunnel's status lines (attachments/tunnel.ts).
 */
import type { CompanionService } from '../core/companion';
import type { Logger } from '../core/log';
import { tunnelAttachment } from './attachments/tunnel';
import { uiAttachment } from './attachments/ui';

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

export const SERVE_ATTACHMENTS: ServeAttachment[] = [uiAttachment, tunnelAttachment];

/**
 * Starts `attachments` in order without printing anything, so that a failure leaves stdout empty (the caller
 * prints the `listening` line and then `printAttachmentLines` once all started).
 * @returns them, for closing in reverse order. @throws the first failure, after closing those already started.
 */
export async function startAttachments(attachments: ServeAttachment[], context: ServeContext): Promise<Attachment[]> {
  const started: Attachment[] = [];
  try {
    for (const attach of attachments) {
      const attachment = await attach(context);
      started.push(attachment);
    }
  } catch (error) {
    await closeAttachments(started, context.log);
    throw error;
  }
  return started;
}

/** Prints the attachments' stdout lines (after the `listening` line), in their order. */
export function printAttachmentLines(attachments: Attachment[]): void {
  for (const attachment of attachments) for (const line of attachment.lines ?? []) process.stdout.write(`${line}\n`);
}

/** Closes attachments in reverse order; a failure is logged, never thrown. */
export async function closeAttachments(attachments: Attachment[], log: Logger): Promise<void> {
  for (const attachment of [...attachments].reverse()) await attachment.close?.().catch((e: Error) => log.warn(`attachment close failed: ${e.message}`));
}
