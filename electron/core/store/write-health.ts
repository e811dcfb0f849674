/**
 * Whether journal writes work: a failed write is announced at once (log line, onWriteState(error)), the
 * recovery only once the last write succeeded and none failed for `recoveryMs` (at the edge of a full disk
 * small batches fit and large ones fail, and the state would otherwise flap several times a second).
 */
import type { Logger } from '../log';

/** See JournalStoreOptions.writeRecoveryMs (ms). */
export const WRITE_RECOVERY_MS = 2_000;

export class WriteHealth {
  /** A write failed and its recovery is not announced yet. */
  private failing = false;
  private lastFailedAt = 0;
  private lastOk = true;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly log: Logger,
    private readonly recoveryMs: number,
    /** Called when a write fails and when writes work again (error null). */
    private readonly announce: (error: Error | null) => void,
    private readonly isClosed: () => boolean,
  ) {}

  /** Records a failed write; the first of a run is logged and announced. */
  failed(error: Error): void {
    this.lastOk = false;
    this.lastFailedAt = Date.now();
    if (this.failing) return;
    this.failing = true;
    this.log.error(`journal write failed: ${error.message}`);
    this.announce(error);
  }

  /** Records a durable write; announces the recovery once due. */
  succeeded(): void {
    this.lastOk = true;
    if (this.failing) this.announceRecovery();
  }

  /** Stops the pending recovery check. */
  stopTimer(): void {
    if (this.timer) clearTimeout(this.timer);
  }

  /** Announces the recovery once none failed for `recoveryMs`; until then a timer checks again. */
  private announceRecovery(): void {
    const wait = this.lastFailedAt + this.recoveryMs - Date.now();
    if (wait > 0) {
      this.timer ??= setTimeout(() => {
        this.timer = null;
        if (this.failing && this.lastOk && !this.isClosed()) this.announceRecovery();
      }, wait).unref();
      return;
    }
    this.failing = false;
    this.log.info('journal writes work again');
    this.announce(null);
  }
}
