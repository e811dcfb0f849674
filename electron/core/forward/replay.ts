/**
 * Replay: stored events sent again to a URL (a forward target or any handler), one at a time in the order
 * given (the caller passes arrival order), one attempt each: the user replays on purpose and wants each
 * answer, not a retry hiding it. With the original signature, or re-signed with another environment's key.
 * Progress is reported after every event; every attempt is recorded like a forward's.
 */
import { randomBytes } from 'node:crypto';
import type { ForwardAttempt, ReplayJob, ReplayResult } from '../../../shared/api/types';
import { sendOnce, type SendOptions } from './http-send';
import { outgoingHeaders, type Outgoing } from './outgoing';
import { maskUrlText } from './url-credentials';

/** What to replay, in order, where, and how to sign. */
export interface ReplayRequest {
  /** Where to send, credentials included (they are sent, and masked in the job and the attempts). */
  to: string;
  /** eventIds in the order to send them. */
  eventIds: readonly string[];
  /** The environment and API key that re-sign every body; null sends the original signature. */
  resign: { environment: string; key: string } | null;
}

/** What a replay needs from the Companion. */
export interface ReplayDeps {
  read(eventId: string): Promise<Outgoing | null>;
  /** Records an attempt and returns it with its id. */
  record(attempt: Omit<ForwardAttempt, 'id'>): ForwardAttempt;
  /** The job's figures changed (after every event, and once done). */
  progress(job: ReplayJob): void;
  send: SendOptions;
}

/** A new replay id, `rp_` + 12 hex digits. */
export const newReplayId = (): string => `rp_${randomBytes(6).toString('hex')}`;

/** Sends every event of `request` in order; resolves with the figures and the attempts once all were sent. */
export async function runReplay(request: ReplayRequest, deps: ReplayDeps, replayId = newReplayId()): Promise<ReplayResult> {
  const shownTo = maskUrlText(request.to);
  const job: ReplayJob = {
    replayId,
    to: shownTo,
    state: 'running',
    total: request.eventIds.length,
    sent: 0,
    ok: 0,
    failed: 0,
    resignedWith: request.resign?.environment ?? null,
    startedAt: new Date().toISOString(),
    finishedAt: null,
  };
  deps.progress({ ...job });
  const attempts: ForwardAttempt[] = [];
  for (const eventId of request.eventIds) {
    const at = new Date().toISOString();
    const event = await deps.read(eventId);
    const result = event
      ? await sendOnce(request.to, event.body, outgoingHeaders(event, request.resign?.key ?? null), deps.send)
      : { status: null, ok: false, durationMs: null, responsePreview: null, error: 'the event is no longer stored' };
    attempts.push(
      deps.record({ eventId, kind: 'replay', targetId: null, url: shownTo, replayId, attempt: 1, at, ...result, final: true, resignedWith: job.resignedWith }),
    );
    job.sent++;
    if (result.ok) job.ok++;
    else job.failed++;
    deps.progress({ ...job });
  }
  job.state = 'done';
  job.finishedAt = new Date().toISOString();
  deps.progress({ ...job });
  return { replayId, sent: job.sent, ok: job.ok, failed: job.failed, attempts };
}
