/**
 * "Check again with current keys": after a key mix-up, the refused deliveries whose body was kept are
 * verified again with the keys saved now (CompanionApi.reverifyRejected); each that verifies is stored as if
 * it had just arrived. Shows how many were kept and dropped, then what the check gave.
 */
import { useState } from 'react';
import type { RejectedDelivery, ReverifyResult } from '../../../shared/api/types';
import { formatCount } from '../../model/format';
import { useApi } from '../../state/use-companion';

/** How many refused deliveries can be checked again (body kept) and how many cannot any more (dropped). */
export function keptRefusals(rejected: readonly RejectedDelivery[]): { kept: number; dropped: number } {
  let kept = 0;
  let dropped = 0;
  for (const r of rejected) {
    if (r.fullBody === 'kept') kept++;
    else if (r.fullBody === 'dropped') dropped++;
  }
  return { kept, dropped };
}

export function CheckAgain({ rejected }: { rejected: readonly RejectedDelivery[] }) {
  const api = useApi();
  const [running, setRunning] = useState(false);
  const [result, setResult] = useState<ReverifyResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const { kept, dropped } = keptRefusals(rejected);
  if (kept === 0 && dropped === 0 && !result) return null;
  const check = (): void => {
    setRunning(true);
    setError(null);
    api
      .reverifyRejected()
      .then(setResult, (e: Error) => setError(e.message))
      .finally(() => setRunning(false));
  };
  return (
    <div className="actions" role="group" aria-label="Check again with current keys">
      <button type="button" className="btn" disabled={running || kept === 0} onClick={check}>
        {running ? 'Checking…' : 'Check again with current keys'}
      </button>
      <span className="muted">
        {formatCount(kept)} refused {kept === 1 ? 'delivery is' : 'deliveries are'} kept in full
        {dropped > 0 &&
          `; ${formatCount(dropped)} older ${dropped === 1 ? 'body was' : 'bodies were'} dropped to stay within 64 MB and cannot be checked again`}
      </span>
      {result && (
        <p role="status">
          Checked {formatCount(result.checked)}: {formatCount(result.stored)} stored, {formatCount(result.duplicate)} already stored,{' '}
          {formatCount(result.stillRefused)} still refused.
        </p>
      )}
      {error && (
        <p role="alert" className="inline-error">
          {error}
        </p>
      )}
    </div>
  );
}
