/**
 * The data flow of one delivery (ARCHITECTURE.md "Data flow of one event", steps 3 to 6): verify the signature
 * over the raw bytes, parse and flag the envelope, hand it to the store (dedupe, journal) and answer 200 as soon
 * as it is durable, before it is applied. Refusals go to the rejected log; an unwritable journal answers 503.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { REJECTION_REASONS, type RejectionReason } from '../../../shared/api/rejections';
import type { RejectedDelivery } from '../../../shared/api/types';
import { KNIT_HEADERS } from '../../../shared/knit/events';
import type { Logger } from '../log';
import { verifySignature, type VerificationKey } from '../signature/verify';
import { StoreWriteError, type AcceptInput, type AcceptResult } from '../store/journal-store';
import { eventFlags, parseEnvelope } from './envelope';
import { DEFAULT_MAX_BODY_BYTES, type Delivery, type OversizedDelivery, type Reply } from './listener';
import { refusalLines } from './refusal-lines';
import { PREVIEW_BYTES } from './rejected-log';

export interface PipelineDeps {
  /** The configured API keys (cached: called once per request). */
  keys(): readonly VerificationKey[];
  /** The environment of the integration's sync job, or null when none is known. */
  jobEnvironment(integrationId: string | null): string | null;
  accept(input: AcceptInput): Promise<AcceptResult>;
  /** Logs a refusal; `body` is what was read of it (the whole body but for a 413), kept in full for a 401 (rejected-log.ts). */
  reject(entry: Omit<RejectedDelivery, 'id'>, body: Buffer): void;
  log: Logger;
  /** The listener's body limit in bytes, named in a 413's detail; default DEFAULT_MAX_BODY_BYTES (listener.ts). */
  maxBodyBytes?: number;
  /**
   * Decides the answer to a verified delivery once it is stored (answer rules, pass-through: workbench/);
   * given the stored event and the 200 the pipeline would send. Absent: that 200.
   */
  answer?(delivery: StoredDelivery, reply: Reply): Promise<Reply>;
}

/** A verified, stored delivery as `PipelineDeps.answer` sees it: the bytes and Knit's kept headers. */
export interface StoredDelivery {
  eventId: string;
  eventType: string;
  raw: Buffer;
  headers: Record<string, string>;
}

/** The headers kept with a stored event: Knit's `x-knit-*` and the content type. */
export function keptHeaders(headers: IncomingHttpHeaders, extra: readonly string[] = []): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const name in headers) {
    const value = headers[name];
    if (value === undefined) continue;
    if (name.startsWith('x-knit-') || name === 'content-type' || extra.includes(name)) {
      const text = Array.isArray(value) ? value.join(', ') : value;
      kept[name] = text.length > 1024 ? `${text.slice(0, 1024)}...` : text;
    }
  }
  return kept;
}

/** Seconds a sender is asked to wait (`Retry-After`, RFC 9110 section 10.2.3) when the body budget is spent. */
const BUSY_RETRY_AFTER_S = 2;

const REJECTED_EXTRA_HEADERS = ['user-agent', 'content-length', 'transfer-encoding', 'x-forwarded-for'];

/**
 * The detail of a 413: the size seen and the limit, e.g. `11,000,000 bytes; the limit is 10 MB (10,485,760
 * bytes).` (`bodySize` is the declared Content-Length or the bytes read before refusing).
 */
export function tooLargeDetail(bodySize: number, maxBodyBytes: number): string {
  const mb = maxBodyBytes / (1024 * 1024);
  const limit = Number.isInteger(mb) ? `${mb} MB (${maxBodyBytes.toLocaleString('en-US')} bytes)` : `${maxBodyBytes.toLocaleString('en-US')} bytes`;
  return `${bodySize.toLocaleString('en-US')} bytes; the limit is ${limit}.`;
}

/** Builds the delivery handler and the oversized-body handler the listener calls. */
export function createPipeline(deps: PipelineDeps): {
  onDelivery(d: Delivery): Promise<Reply>;
  onOversized(d: OversizedDelivery): Reply;
  onBusy(d: OversizedDelivery): Reply;
} {
  const refusalLine = refusalLines(deps.log);
  const refuse = (
    reason: RejectionReason,
    detail: string,
    d: { headers: IncomingHttpHeaders; remoteAddress: string | null; receivedAt: string },
    bodySize: number,
    preview: Buffer,
  ): Reply => {
    const { status } = REJECTION_REASONS[reason];
    deps.reject(
      {
        receivedAt: d.receivedAt,
        status,
        reason,
        detail,
        remoteAddress: d.remoteAddress,
        headers: keptHeaders(d.headers, REJECTED_EXTRA_HEADERS),
        bodySize,
        preview: preview.subarray(0, PREVIEW_BYTES).toString('utf8'),
      },
      preview,
    );
    refusalLine(reason, `rejected ${status} ${reason} from ${d.remoteAddress ?? '?'} (${bodySize} bytes)`);
    const { sentence } = REJECTION_REASONS[reason];
    // an unauthenticated sender learns the reason and its sentence only: the detail (environments tried, which
    // key matched) stays in the rejected log
    const message = status === 401 || detail === sentence ? sentence : `${sentence} ${detail}`;
    return { status, body: { error: reason, message }, ...(status === 503 ? { headers: { 'Retry-After': String(BUSY_RETRY_AFTER_S) } } : {}) };
  };

  return {
    onOversized: (d) => refuse('body_too_large', tooLargeDetail(d.bodySize, deps.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES), d, d.bodySize, d.preview),
    onBusy: (d) => refuse('listener_busy', `${d.bodySize.toLocaleString('en-US')} bytes were not read.`, d, d.bodySize, d.preview),

    async onDelivery(d) {
      const signature = d.headers[KNIT_HEADERS.signature];
      const verified = verifySignature(d.body, Array.isArray(signature) ? signature[0] : signature, deps.keys());
      if (!verified.ok) return refuse(verified.reason, verified.detail, d, d.body.length, d.body);
      const envelope = parseEnvelope(d.body);
      if (!envelope.ok) return refuse(envelope.reason, envelope.detail, d, d.body.length, d.body);
      const header = d.headers[KNIT_HEADERS.integrationId];
      const integrationId = (Array.isArray(header) ? header[0] : header)?.trim() || null;
      const { event, warnings, missing } = envelope;
      const flags = eventFlags({
        event,
        warnings,
        missing,
        integrationId,
        environment: verified.environment,
        jobEnvironment: deps.jobEnvironment(integrationId),
      });
      const stored = (seq: number): Reply => ({ status: 200, body: { status: 'stored', eventId: event.eventId, seq } });
      const headers = keptHeaders(d.headers);
      // answered as soon as the event is durable (onDurable), else when accept resolves (a redelivery, a failure)
      const answered = new Promise<Reply>((resolve, reject) => {
        deps
          .accept({
            eventId: event.eventId,
            raw: d.body,
            body: event,
            receivedAt: d.receivedAt,
            environment: verified.environment,
            integrationId,
            headers,
            flags,
            onDurable: (seq) => resolve(stored(seq)),
          })
          .then(
            (result) =>
              resolve(
                result.kind === 'stored'
                  ? stored(result.changes.event.seq)
                  : { status: 200, body: { status: 'duplicate', eventId: event.eventId, retries: result.event?.retries ?? null } },
              ),
            (error: unknown) =>
              error instanceof StoreWriteError
                ? resolve({ status: 503, body: { error: 'store_unavailable', message: `${error.message}. Not stored: Knit will retry.` } })
                : reject(error),
          );
      });
      const answer = deps.answer;
      if (!answer) return answered;
      return answered.then((reply) =>
        reply.status === 200 ? answer({ eventId: event.eventId, eventType: event.eventType, raw: d.body, headers }, reply) : reply,
      );
    },
  };
}
