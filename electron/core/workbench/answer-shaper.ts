/**
 * The listener's answer to a stored delivery when the workbench is on: answer rules first (answer-rules.ts),
 * else pass-through (the user's handler gets the event's exact bytes and Knit's headers, and its status and
 * body become the answer; no answer in time is a 504, no connection a 502), else the usual 200. Every answer
 * given this way is recorded as an attempt on the event (`kind` `answer` or `pass-through`). The event is
 * stored before any of this runs, so a failing handler never loses it.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { ForwardAttempt } from '../../../shared/api/types';
import { sendOnce } from '../forward/http-send';
import { outgoingHeaders } from '../forward/outgoing';
import type { Reply } from '../receiver/listener';
import type { StoredDelivery } from '../receiver/pipeline';
import { ruleFor, type AnswerRule } from './answer-rules';

/** The default wait for a pass-through handler's answer: 10 s. */
export const DEFAULT_PASS_THROUGH_TIMEOUT_MS = 10_000;
/** How much of the handler's answer is passed back (and 512 bytes of it kept on the attempt). */
const PASS_BACK_BYTES = 64 * 1024;
const KEPT_PREVIEW = 512;
/** Deliveries counted per eventId for the rules; the oldest counts are dropped beyond this. */
const MAX_COUNTED_EVENTS = 100_000;

/** What the workbench answers with, read again for every delivery (Settings may change it). */
export interface AnswerConfig {
  rules: readonly AnswerRule[];
  /** The one pass-through handler, or null. */
  passThrough: { url: string; timeoutMs: number } | null;
}

/** How the workbench answers. */
export interface AnswerShaperOptions {
  config(): AnswerConfig;
  /** Records an attempt on the event (the forward-attempt log). */
  record(attempt: Omit<ForwardAttempt, 'id'>): void;
}

/** Answers stored deliveries by the options; `answer` is PipelineDeps.answer. */
export class AnswerShaper {
  /** Deliveries seen per eventId since start (insertion order: oldest first). */
  private readonly deliveries = new Map<string, number>();

  constructor(private readonly options: AnswerShaperOptions) {}

  /** The answer to a stored delivery: `normal` when no rule or pass-through is configured. */
  async answer(delivery: StoredDelivery, normal: Reply): Promise<Reply> {
    const { rules, passThrough } = this.options.config();
    if (rules.length === 0 && passThrough === null) return normal;
    const n = this.count(delivery.eventId);
    const rule = ruleFor(rules, delivery.eventType, n);
    if (rule) return this.byRule(rule, delivery, n, normal);
    if (passThrough) return this.passThrough(passThrough, delivery, n);
    this.recordAnswer(delivery, n, 'normal answer', 200, 0);
    return normal;
  }

  private count(eventId: string): number {
    const n = (this.deliveries.get(eventId) ?? 0) + 1;
    this.deliveries.delete(eventId);
    this.deliveries.set(eventId, n);
    if (this.deliveries.size > MAX_COUNTED_EVENTS) this.deliveries.delete(this.deliveries.keys().next().value as string);
    return n;
  }

  private async byRule(rule: AnswerRule, delivery: StoredDelivery, n: number, normal: Reply): Promise<Reply> {
    if (rule.delayMs > 0) await sleep(rule.delayMs);
    this.recordAnswer(delivery, n, `rule ${rule.text}`, rule.status, rule.delayMs);
    if (rule.status === 200) return normal;
    return {
      status: rule.status,
      body: { status: 'answer-rule', rule: rule.text, eventId: delivery.eventId, delivery: n, message: 'Stored; answered by an answer rule on purpose.' },
    };
  }

  private recordAnswer(delivery: StoredDelivery, n: number, url: string, status: number, delayMs: number): void {
    this.options.record({
      ...attemptBase(delivery, n, url, 'answer'),
      status,
      ok: status === 200,
      durationMs: delayMs,
      responsePreview: null,
      error: status === 200 ? null : `answered ${status} on purpose`,
      final: status === 200,
    });
  }

  private async passThrough(target: { url: string; timeoutMs: number }, delivery: StoredDelivery, n: number): Promise<Reply> {
    const headers = outgoingHeaders({ eventId: delivery.eventId, eventType: delivery.eventType, body: delivery.raw, headers: delivery.headers }, null);
    const result = await sendOnce(target.url, delivery.raw, headers, { timeoutMs: target.timeoutMs, previewBytes: PASS_BACK_BYTES });
    const timedOut = result.status === null && (result.error ?? '').startsWith('no answer');
    this.options.record({
      ...attemptBase(delivery, n, target.url, 'pass-through'),
      status: result.status,
      ok: result.status === 200,
      durationMs: result.durationMs,
      responsePreview: result.responsePreview?.slice(0, KEPT_PREVIEW) ?? null,
      error:
        result.status === 200 ? null : `${result.error ?? `answered ${result.status}`}${result.status === null ? `: answered ${timedOut ? 504 : 502}` : ''}`,
      final: result.status === 200,
    });
    if (result.status === null) {
      const status = timedOut ? 504 : 502;
      return {
        status,
        body: {
          error: timedOut ? 'pass_through_timeout' : 'pass_through_unreachable',
          message: `Stored; the handler at ${target.url}: ${result.error}.`,
          eventId: delivery.eventId,
        },
      };
    }
    return { status: result.status, body: {}, raw: { contentType: result.contentType ?? null, bytes: Buffer.from(result.responsePreview ?? '', 'utf8') } };
  }
}

function attemptBase(delivery: StoredDelivery, n: number, url: string, kind: ForwardAttempt['kind']) {
  return { eventId: delivery.eventId, kind, targetId: null, url, replayId: null, attempt: n, at: new Date().toISOString(), resignedWith: null };
}
