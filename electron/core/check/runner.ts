/**
 * Runs the check suite (suite.ts) against a handler over real HTTP, one request at a time in the suite's
 * order, each POSTed the way Knit delivers (exact bytes, `X-Knit-Signature`, `X-Knit-Integration-Id`,
 * `X-Knit-Execution-Id`). Each request may take up to twice the answer-time limit, so that a slow but correct
 * handler is graded on its answers too; the answer-time check then judges the slowest answer.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { KNIT_HEADERS } from '../../../shared/knit/events';
import type { CheckOutcome, CheckReport, CheckResult } from '../../../shared/api/check';
import { sendOnce, type SendResult } from '../forward/http-send';
import { knitSignature } from '../signature/sign';
import type { CheckIds } from './bodies';
import { ANSWER_TIME_CHECK, CHECKS, type CheckDefinition, type CheckRequest } from './suite';

/** Where and how to run the suite. */
export interface CheckSuiteOptions {
  /** The handler's URL (http or https). */
  url: string;
  /** The API key the handler verifies with: valid requests are signed with it. */
  apiKey: string;
  /** The answer-time limit in ms (default 10,000): slower fails, over half of it warns. */
  timeoutMs?: number;
  /** The `X-Knit-Integration-Id` sent (default `int_check`). */
  integrationId?: string;
  /** Called with each check's result as soon as it is known. */
  onResult?: (result: CheckResult) => void;
  signal?: AbortSignal;
}

/** The default answer-time limit: 10 s, as pass-through waits. */
export const DEFAULT_CHECK_TIMEOUT_MS = 10_000;
/** After this many requests in a row without any answer, the remaining checks are not sent. */
const GIVE_UP_AFTER_SILENT = 2;

/** Runs every check and resolves to the report. Never throws: connection failures are failed checks. */
export async function runCheckSuite(options: CheckSuiteOptions): Promise<CheckReport> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS;
  const started = performance.now();
  const ids: CheckIds = { nonce: randomBytes(4).toString('hex'), syncJobId: 'sj_check', syncRunId: `sr_check_${randomBytes(4).toString('hex')}` };
  const otherKey = `other_${randomBytes(16).toString('hex')}`;
  const results: CheckResult[] = [];
  const durations: number[] = [];
  let silent = 0;
  const report = (result: CheckResult) => {
    results.push(result);
    options.onResult?.(result);
  };

  for (const check of CHECKS) {
    if (silent >= GIVE_UP_AFTER_SILENT) {
      report({
        id: check.id,
        outcome: 'fail',
        sent: check.sent,
        got: `not sent: the ${silent} previous requests got no answer`,
        knit: check.ifFails,
        durationMs: 0,
        requests: 0,
      });
      continue;
    }
    const checkStarted = performance.now();
    const answers: SendResult[] = [];
    for (const request of check.requests(ids)) {
      const answer = await send(options, request, otherKey, timeoutMs * 2);
      answers.push(answer);
      silent = answer.status === null ? silent + 1 : 0;
      durations.push(answer.status === null ? Number.POSITIVE_INFINITY : answer.durationMs);
      if (options.signal?.aborted || silent >= GIVE_UP_AFTER_SILENT) break;
    }
    report(grade(check, answers, Math.round(performance.now() - checkStarted)));
  }
  report(gradeAnswerTime(durations, timeoutMs));
  const count = (outcome: CheckOutcome) => results.filter((r) => r.outcome === outcome).length;
  return {
    url: options.url,
    timeoutMs,
    results,
    passed: count('pass'),
    warned: count('warn'),
    failed: count('fail'),
    requests: durations.length,
    durationMs: Math.round(performance.now() - started),
  };
}

/** POSTs one request of a check, signed as it says. */
function send(options: CheckSuiteOptions, request: CheckRequest, otherKey: string, waitMs: number): Promise<SendResult> {
  const body = Buffer.from(request.body, 'utf8');
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    [KNIT_HEADERS.integrationId]: options.integrationId ?? 'int_check',
    [KNIT_HEADERS.executionId]: `exec_${randomUUID()}`,
  };
  const signature = signatureFor(request.signing, body, options.apiKey, otherKey);
  if (signature !== null) headers[KNIT_HEADERS.signature] = signature;
  // `altered`: signed, then one name changed, as a body tampered with in transit.
  const sent = request.signing === 'altered' ? Buffer.from(request.body.replace('"Ada"', '"Eve"'), 'utf8') : body;
  return sendOnce(options.url, sent, headers, { timeoutMs: waitMs, previewBytes: 200, signal: options.signal });
}

function signatureFor(signing: CheckRequest['signing'], body: Buffer, apiKey: string, otherKey: string): string | null {
  switch (signing) {
    case 'none':
      return null;
    case 'forged':
      return randomBytes(32).toString('base64url');
    case 'other-key':
      return knitSignature(body, otherKey);
    default:
      return knitSignature(body, apiKey);
  }
}

/** Grades one check from its answers: every answer 200 (`accepted`) or every answer non-2xx (`refused`). */
function grade(check: CheckDefinition, answers: SendResult[], durationMs: number): CheckResult {
  const expected = check.expect === 'accepted' ? (a: SendResult) => a.status === 200 : (a: SendResult) => a.status !== null && !a.ok;
  const bad = answers.find((a) => !expected(a));
  const outcome: CheckOutcome = bad ? 'fail' : 'pass';
  const knit = !bad ? (check.expect === 'accepted' ? 'Knit marks it consumed' : 'a forger is turned away') : check.ifFails;
  return { id: check.id, outcome, sent: check.sent, got: describeAnswers(answers, bad), knit, durationMs, requests: answers.length };
}

/** The answers in words: `200 ×5 (slowest 4 ms)`, with the first unexpected answer's reason and body start. */
function describeAnswers(answers: SendResult[], bad: SendResult | undefined): string {
  const counts = new Map<string, number>();
  for (const a of answers) {
    const key = a.status === null ? 'no answer' : String(a.status);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const summary = [...counts].map(([k, n]) => (n > 1 ? `${k} ×${n}` : k)).join(', ');
  const slowest = Math.max(0, ...answers.map((a) => a.durationMs));
  const detail = bad
    ? `; request ${answers.indexOf(bad) + 1}: ${bad.status === null ? bad.error : `${bad.status} ${oneLine(bad.responsePreview)}`.trim()}`
    : '';
  return `${summary} (slowest ${slowest} ms)${detail}`;
}

const oneLine = (text: string | null): string => (text ? JSON.stringify(text.replace(/\s+/g, ' ').slice(0, 80)) : '');

/** The answer-time check over every request: fail above the limit (or no answer), warn above half of it. */
function gradeAnswerTime(durations: number[], timeoutMs: number): CheckResult {
  const slowest = Math.max(0, ...durations);
  const limit = `${timeoutMs / 1000} s`;
  const outcome: CheckOutcome = slowest > timeoutMs ? 'fail' : slowest > timeoutMs / 2 ? 'warn' : 'pass';
  const got = Number.isFinite(slowest) ? `slowest answer ${slowest} ms (limit ${limit})` : `a request got no answer (limit ${limit})`;
  const knit = {
    pass: 'Knit gets its answers in time',
    warn: 'close to the limit: under load some answers come too late, and Knit delivers those events again',
    fail: 'an answer that comes too late counts as none: Knit delivers the event again, and the handler may process it twice',
  }[outcome];
  return { id: ANSWER_TIME_CHECK, outcome, sent: `every request above (${durations.length}), timed`, got, knit, durationMs: 0, requests: 0 };
}
