/**
 * Progress of long deliveries, for people watching a terminal: a line every few seconds while work is under
 * way (`1,200/5,000 events answered, 410/s, ETA 10 s`), none for work that ends sooner. Used by `emulate`, `demo` and
 * `replay`.
 */

import type { DeliveryProgress } from '../delivery';

/** Counts done work against a total and reports it every `everyMs` through `write`. */
export class ProgressTicker {
  private done = 0;
  private total = 0;
  private started = Date.now();
  private timer: NodeJS.Timeout | null = null;
  private active = 0;

  constructor(
    private readonly write: (line: string) => void,
    private readonly unit: string,
    private readonly everyMs = 3_000,
  ) {}

  /** A batch of `total` items starts (batches under way at once add up; lines stop when the last one stops). */
  start(total: number): void {
    this.active++;
    if (this.timer === null) {
      this.started = Date.now();
      this.done = 0;
      this.total = 0;
      this.timer = setInterval(() => this.write(this.line()), this.everyMs);
      this.timer.unref();
    }
    this.total += total;
  }

  /** One more item done. */
  tick(): void {
    this.done++;
  }

  /** The count of items done, when it is known as a figure rather than one by one. */
  set(done: number): void {
    this.done = done;
  }

  /** A batch ended; after the last one, no more lines until the next start. */
  stop(): void {
    this.active = Math.max(0, this.active - 1);
    if (this.active > 0) return;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Feeds the ticker from an emulator run's progress: a run is a batch, an accepted or given-up event is done. */
  observe(progress: DeliveryProgress): void {
    if (progress.type === 'run-start') this.start(progress.events + 2);
    else if (progress.type === 'run-end') this.stop();
    else if (progress.outcome !== 'retry') this.tick();
  }

  /** The current line, e.g. `1,200/5,000 events answered, 410/s, ETA 10 s` (the ETA at the rate so far). */
  line(): string {
    const seconds = Math.max(0.001, (Date.now() - this.started) / 1000);
    const rate = this.done / seconds;
    const eta = rate > 0 && this.total > this.done ? `, ETA ${describeDuration((this.total - this.done) / rate)}` : '';
    return `${this.done.toLocaleString('en-US')}/${this.total.toLocaleString('en-US')} ${this.unit}, ${Math.round(rate).toLocaleString('en-US')}/s${eta}`;
  }
}

/** A duration for people: `45 s`, `3 min 20 s`, `2 h 05 min`. */
export function describeDuration(seconds: number): string {
  const s = Math.ceil(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
}

/** A retry schedule compressed into one line: `0.25 s, 0.5 s, 1 s, 2 s (4 retries over 3.75 s)`. */
export function describeRetrySchedule(policy: { attempts: number; baseDelayMs: number; maxDelayMs: number }): string {
  const waits = Array.from({ length: Math.max(0, policy.attempts - 1) }, (_, i) => Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** i));
  const s = (ms: number) => `${Number((ms / 1000).toFixed(2))} s`;
  const total = waits.reduce((a, b) => a + b, 0);
  return waits.length === 0 ? 'no retries' : `${waits.map(s).join(', ')} (${waits.length} retries over ${s(total)})`;
}
