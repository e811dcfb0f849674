/**
 * Purge and retention: removing events (all, or one integration's, optionally only those older than N days)
 * from the journal store, with the rejected log and the forward attempts that went with them; the settings'
 * `retentionDays` purge runs at start and daily.
 */
import type { PurgeInput, PurgeResult } from '../../../shared/api/companion-api';
import type { Logger } from '../log';
import type { RejectedLog } from '../receiver/rejected-log';
import { NO_INTEGRATION } from '../state/state';
import type { JournalStore } from '../store/journal-store';
import type { Forwarding } from './forwarding';
import type { UpdateBatcher } from './updates';

export const DAY_MS = 24 * 60 * 60 * 1000;

/** What a purge touches. `forwarding` is null during the retention purge at start (not yet open). */
export interface PurgeTargets {
  store: JournalStore;
  rejected: RejectedLog;
  forwarding(): Forwarding | null;
  updates: UpdateBatcher;
  log: Logger;
}

/** Removes the events `input` selects; `all` without an age also clears the rejected log. */
export async function purgeEvents(targets: PurgeTargets, input: PurgeInput): Promise<PurgeResult> {
  const cutoff = input.olderThanDays !== undefined ? new Date(Date.now() - input.olderThanDays * DAY_MS).toISOString() : null;
  const result = await targets.store.purge(
    (meta) => (input.all || (meta.integrationId ?? NO_INTEGRATION) === input.integrationId) && (cutoff === null || meta.receivedAt < cutoff),
  );
  if (input.all && cutoff === null) await targets.rejected.clear();
  await targets.forwarding()?.forgetPurged();
  targets.updates.purged();
  targets.log.info(
    `purge ${input.all ? 'all' : `integration ${input.integrationId}`}${cutoff ? ` older than ${input.olderThanDays} days` : ''}: ${result.events} events, ${result.employees} employees`,
  );
  return result;
}

/** The retention purge: events older than `retentionDays` (none when unset), at start, daily, and when the setting changes. */
export class Retention {
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly retentionDays: () => number | null | undefined,
    private readonly purge: (input: PurgeInput) => Promise<PurgeResult>,
    private readonly log: Logger,
  ) {}

  /** Applies retention now, then daily. */
  async start(): Promise<void> {
    await this.apply();
    this.timer = setInterval(() => void this.apply(), DAY_MS);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Purges what is older than `retentionDays`; a failure is logged, never thrown. */
  async apply(): Promise<void> {
    const days = this.retentionDays();
    if (!days) return;
    try {
      await this.purge({ all: true, olderThanDays: days });
    } catch (error) {
      this.log.warn(`retention purge failed: ${(error as Error).message}`);
    }
  }
}
