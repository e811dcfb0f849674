/**
 * Answer rules: the listener's answers chosen on purpose, to watch Knit (or the emulator) retry. Knit's
 * contract (the sync guide): only a 200 marks an event consumed; anything else is retried. A rule is written
 * `STATUS[:DELAY_MS][:TIMES][:EVENT_TYPES]`, e.g. `500::3` (the first three deliveries of each event answered
 * 500), `200:3000` (every answer 3 s late), `503:0:1:record.*` (the first delivery of each record event 503).
 */
import { passesFilter } from '../forward/targets';

/** One rule, as parsed. */
export interface AnswerRule {
  /** The HTTP status to answer (100-599); a 200 answers normally, after `delayMs`. */
  status: number;
  /** Wait this many ms before answering (0-600,000). */
  delayMs: number;
  /** How many deliveries of each event the rule answers; null: every one from its turn on. */
  times: number | null;
  /** Only events of these types (`record.new`, or a family `record.*`); empty: every type. */
  eventTypes: string[];
  /** The rule as written, e.g. `500::3`. */
  text: string;
}

/**
 * Parses `STATUS[:DELAY_MS][:TIMES][:EVENT_TYPES]`.
 * @throws Error with a sentence naming the bad part.
 */
export function parseAnswerRule(text: string): AnswerRule {
  const [status = '', delay = '', times = '', types = '', ...rest] = text.trim().split(':');
  if (rest.length > 0) throw new Error(`"${text}" has too many parts: STATUS[:DELAY_MS][:TIMES][:EVENT_TYPES], e.g. 500::3`);
  const whole = (part: string, name: string, min: number, max: number): number => {
    const n = Number(part);
    if (!/^\d+$/.test(part) || n < min || n > max) throw new Error(`"${text}": ${name} must be a whole number from ${min} to ${max}, not "${part}"`);
    return n;
  };
  return {
    status: whole(status, 'STATUS', 100, 599),
    delayMs: delay === '' ? 0 : whole(delay, 'DELAY_MS', 0, 600_000),
    times: times === '' ? null : whole(times, 'TIMES', 1, 1_000_000),
    eventTypes: types
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean),
    text: text.trim(),
  };
}

/**
 * The rule that answers the `delivery`-th delivery (1-based) of an event of `eventType`, or null: the rules
 * that match the type, in order, each taking its `times` deliveries (a rule without `times` takes the rest).
 */
export function ruleFor(rules: readonly AnswerRule[], eventType: string, delivery: number): AnswerRule | null {
  let before = 0;
  for (const rule of rules) {
    if (!passesFilter(rule.eventTypes, eventType)) continue;
    if (rule.times === null || delivery <= before + rule.times) return rule;
    before += rule.times;
  }
  return null;
}
