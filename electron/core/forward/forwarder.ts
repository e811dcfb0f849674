/**
 * Forwards stored events to the forward targets, off the request path: `enqueue` only appends an eventId to
 * each matching target's queue (the 200 to Knit was already decided), and each target drains its own queue,
 * one event at a time in arrival order, so a slow or dead target delays nobody but itself.
 *
 * A delivery that is not answered 2xx (a status, a timeout, a refused connection) is tried again after each
 * of `retryDelaysMs` (default 1 s, 5 s, 30 s), then given up. Each target's queue is bounded (`queueCap`): an
 * event arriving at a full queue is not queued but recorded as an attempt "queue full, not forwarded", so
 * memory stays bounded and nothing is dropped silently. Bodies are read from the journal when sent, never
 * held in the queue.
 */
import type { ForwardAttempt, ForwardTarget } from '../../../shared/api/types';
import type { Logger } from '../log';
import { sendOnce } from './http-send';
import { outgoingHeaders, type Outgoing } from './outgoing';
import { passesFilter, type TargetConfig } from './targets';
import { maskedUrl, withCredentials } from './url-credentials';

/** Tuning of forwarding and replay; every field has a default. */
export interface ForwardingOptions {
  /** Waits before each retry of a failed forward, in ms; its length is the number of retries. Default [1000, 5000, 30000]. */
  retryDelaysMs?: number[];
  /** Events waiting per target at most; default 1,000. */
  queueCap?: number;
  /** One attempt's whole exchange, in ms; default 10,000. */
  timeoutMs?: number;
  /** Response bytes kept per attempt; default 512. */
  previewBytes?: number;
}

/** The defaults of ForwardingOptions. */
export const FORWARDING_DEFAULTS: Required<ForwardingOptions> = {
  retryDelaysMs: [1_000, 5_000, 30_000],
  queueCap: 1_000,
  timeoutMs: 10_000,
  previewBytes: 512,
};

/** The `error` of the attempt recorded for an event not queued because its target's queue was full. */
export const QUEUE_FULL = 'queue full, not forwarded';

/** What the Forwarder needs from the Companion. */
export interface ForwarderDeps {
  /** The stored event, read back from the journal; null when it is gone (purged). */
  read(eventId: string): Promise<Outgoing | null>;
  /** Records an attempt (the attempt log gives it its id) and publishes it. */
  record(attempt: Omit<ForwardAttempt, 'id'>): void;
  /** A target's figures changed. */
  changed(): void;
  log: Logger;
}

/** The forward targets' queues (see the file's docstring). */
export class Forwarder {
  private readonly queues = new Map<string, TargetQueue>();
  private readonly options: Required<ForwardingOptions>;

  constructor(
    private readonly deps: ForwarderDeps,
    options: ForwardingOptions = {},
  ) {
    this.options = { ...FORWARDING_DEFAULTS, ...options };
  }

  /**
   * Sets the targets: a known id keeps its queue and figures with the new configuration; a removed target is
   * stopped and a disabled one stops too (their waiting events are not forwarded, which is logged).
   */
  setTargets(configs: readonly TargetConfig[]): void {
    const ids = new Set(configs.map((c) => c.id));
    for (const [id, queue] of this.queues) {
      if (!ids.has(id)) {
        queue.stop('removed');
        this.queues.delete(id);
      }
    }
    for (const config of configs) {
      const queue = this.queues.get(config.id);
      if (queue) queue.configure(config);
      else this.queues.set(config.id, new TargetQueue(config, this.deps, this.options));
    }
    this.deps.changed();
  }

  /** Queues a newly stored event for every enabled target whose filter it passes. Never waits. */
  enqueue(eventId: string, eventType: string): void {
    for (const queue of this.queues.values()) queue.offer(eventId, eventType);
  }

  /** The targets' configurations, credentials included (for the Companion, never the UI). */
  configs(): TargetConfig[] {
    return [...this.queues.values()].map((q) => q.configuration);
  }

  /** The targets with their live figures, in configuration order. */
  list(): ForwardTarget[] {
    return [...this.queues.values()].map((q) => q.view());
  }

  /** Stops every target: in-flight attempts are abandoned, waiting events are not forwarded. */
  close(): void {
    for (const queue of this.queues.values()) queue.stop('shutting down');
    this.queues.clear();
  }
}

/** One target's queue and its drain loop. */
class TargetQueue {
  private waiting: string[] = [];
  private draining = false;
  private inFlight = 0;
  private stopped = false;
  private delivered = 0;
  private failed = 0;
  private dropped = 0;
  private lastError: string | null = null;
  /** Aborts the attempt in flight and the wait before a retry when the target stops. */
  private readonly abort = new AbortController();

  constructor(
    private config: TargetConfig,
    private readonly deps: ForwarderDeps,
    private readonly options: Required<ForwardingOptions>,
  ) {}

  get configuration(): TargetConfig {
    return { ...this.config };
  }

  configure(config: TargetConfig): void {
    const wasEnabled = this.config.enabled;
    this.config = config;
    if (wasEnabled && !config.enabled) this.discard('disabled');
  }

  offer(eventId: string, eventType: string): void {
    if (this.stopped || !this.config.enabled || !passesFilter(this.config.eventTypes, eventType)) return;
    if (this.waiting.length >= this.options.queueCap) {
      this.dropped++;
      this.deps.record(
        this.attempt(eventId, 1, new Date().toISOString(), { status: null, ok: false, durationMs: null, responsePreview: null, error: QUEUE_FULL }, true),
      );
      this.deps.changed();
      return;
    }
    this.waiting.push(eventId);
    this.deps.changed();
    if (!this.draining) {
      this.draining = true;
      setImmediate(() => void this.drain());
    }
  }

  /** The target's URL as logged and shown: its password masked. */
  private get shownUrl(): string {
    return maskedUrl(this.config.url, this.config.credentials);
  }

  view(): ForwardTarget {
    const { credentials: _kept, ...config } = this.config;
    return {
      ...config,
      url: this.shownUrl,
      queued: this.waiting.length + this.inFlight,
      delivered: this.delivered,
      failed: this.failed,
      dropped: this.dropped,
      lastError: this.lastError,
    };
  }

  stop(why: string): void {
    this.stopped = true;
    this.discard(why);
    this.abort.abort();
  }

  private discard(why: string): void {
    if (this.waiting.length > 0) this.deps.log.warn(`forward target ${this.shownUrl} ${why}: ${this.waiting.length} waiting event(s) not forwarded`);
    this.waiting = [];
  }

  private async drain(): Promise<void> {
    try {
      let eventId: string | undefined;
      while (!this.stopped && (eventId = this.waiting.shift()) !== undefined) {
        this.inFlight = 1;
        await this.deliver(eventId).catch((error: Error) => this.deps.log.error(`forwarding ${eventId} failed: ${error.message}`));
        this.inFlight = 0;
        this.deps.changed();
      }
    } finally {
      this.draining = false;
    }
  }

  /** Sends one event, retrying with backoff while the target is enabled; records every attempt. */
  private async deliver(eventId: string): Promise<void> {
    const event = await this.deps.read(eventId);
    if (!event) return; // purged since it was queued
    const retries = this.options.retryDelaysMs;
    for (let attempt = 1; ; attempt++) {
      const url = this.shownUrl;
      const at = new Date().toISOString();
      const result = await sendOnce(withCredentials(this.config.url, this.config.credentials), event.body, outgoingHeaders(event, null), {
        ...this.options,
        signal: this.abort.signal,
      });
      if (this.stopped) return; // abandoned at shutdown or removal: not an answer from the target
      const final = result.ok || attempt > retries.length || !this.config.enabled;
      this.deps.record(this.attempt(eventId, attempt, at, result, final, url));
      if (result.ok) {
        if (this.lastError !== null) this.deps.log.info(`forwarding to ${url} works again`);
        this.delivered++;
        this.lastError = null;
        return;
      }
      if (this.lastError === null) this.deps.log.warn(`forwarding to ${url} failed: ${result.error}`);
      this.lastError = result.error;
      if (final) {
        this.failed++;
        return;
      }
      await sleep(retries[attempt - 1] as number, this.abort.signal);
      if (this.stopped || !this.config.enabled) return;
    }
  }

  private attempt(
    eventId: string,
    attempt: number,
    at: string,
    result: Pick<ForwardAttempt, 'status' | 'ok' | 'durationMs' | 'responsePreview' | 'error'>,
    final: boolean,
    url = this.shownUrl,
  ): Omit<ForwardAttempt, 'id'> {
    return { eventId, kind: 'forward', targetId: this.config.id, url, replayId: null, attempt, at, ...result, final, resignedWith: null };
  }
}

/** Waits `ms`, or until `signal` aborts. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
