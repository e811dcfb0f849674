/** A counting semaphore with a FIFO queue: bounds how many deliveries are in flight at once. */
export class Semaphore {
  private readonly waiting: Array<() => void> = [];
  private available: number;

  /** @param permits how many holders at once (at least 1). */
  constructor(permits: number) {
    this.available = Math.max(1, Math.floor(permits));
  }

  /** Resolves once a permit is held; call `release()` exactly once afterwards. */
  acquire(): Promise<void> {
    if (this.available > 0) {
      this.available--;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.available++;
  }
}
