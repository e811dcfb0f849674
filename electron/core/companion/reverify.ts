/**
 * "Check again with current keys" (issue 14): every refused delivery whose body the rejected log kept in
 * full is verified again with the keys configured now; one that verifies goes through the receiving pipeline
 * as if it had just arrived (verify, envelope, dedupe, journal, apply) and leaves the rejected log. A body
 * that still matches no key is left as it is, and nothing in it is read (it is unauthenticated).
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { ReverifyOutcome, ReverifyResult } from '../../../shared/api/types';
import type { Delivery, Reply } from '../receiver/listener';
import type { RejectedLog } from '../receiver/rejected-log';
import { matchesSignature, type VerificationKey } from '../signature/verify';

export interface ReverifyDeps {
  rejected: RejectedLog;
  keys: readonly VerificationKey[];
  /** The receiving pipeline's delivery handler (receiver/pipeline.ts). */
  onDelivery: (delivery: Delivery) => Promise<Reply>;
}

/**
 * Checks the kept refused deliveries again, oldest first (see the file's docstring).
 * @throws Error when the journal cannot be written (503): the deliveries accepted so far stay accepted.
 */
export async function reverifyRejected({ rejected, keys, onDelivery }: ReverifyDeps): Promise<ReverifyResult> {
  const outcomes: ReverifyOutcome[] = [];
  const settled = new Set<number>();
  try {
    for (const entry of rejected.withBodies()) {
      const body = await rejected.body(entry);
      const signature = entry.headers['x-knit-signature'];
      if (body === null || !keys.some((k) => matchesSignature(body, signature, k.key))) {
        outcomes.push({ id: entry.id, eventId: null, result: 'still_refused' });
        continue;
      }
      const headers: IncomingHttpHeaders = { ...entry.headers };
      const reply = await onDelivery({ headers, body, remoteAddress: entry.remoteAddress, receivedAt: new Date().toISOString() });
      const answer = reply.body as { status?: string; eventId?: string; message?: string };
      if (reply.status === 503) throw new Error(answer.message ?? 'The journal cannot be written.');
      // verified: it leaves the log either way (a body that is no Knit event was logged again as a 400)
      settled.add(entry.id);
      const accepted = reply.status === 200;
      outcomes.push({
        id: entry.id,
        eventId: accepted ? (answer.eventId ?? null) : null,
        result: accepted ? (answer.status === 'stored' ? 'stored' : 'duplicate') : 'still_refused',
      });
    }
  } finally {
    await rejected.remove(settled);
  }
  const count = (result: ReverifyOutcome['result']): number => outcomes.filter((o) => o.result === result).length;
  return {
    outcomes,
    checked: outcomes.length,
    stored: count('stored'),
    duplicate: count('duplicate'),
    stillRefused: count('still_refused'),
    bodiesDropped: rejected.bodiesDropped,
  };
}
