/**
 * Is the process a lock names really the folder's holder? A live pid alone proves nothing (pids are reused
 * after a crash, and a lock file can be forged), so the lock's control endpoint is asked: it must answer
 * `POST /control/holder` (no token sent) with its pid, its data folder and `proof`, base64url(HMAC-SHA256(nonce,
 * key: the lock's token)) for a nonce of ours (RFC 2104), i.e. know the token without being shown it.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { realpath } from 'node:fs/promises';
import type { LockInfo } from './lock';

/** The header carrying the nonce of a holder check. */
export const HOLDER_NONCE_HEADER = 'x-knit-sync-nonce';
/** The control path of the holder check. */
export const HOLDER_PATH = '/control/holder';

/** What the holder answers: `{pid, dataDir, proof}`. */
export interface HolderAnswer {
  pid: number;
  dataDir: string;
  proof: string;
}

/** The holder's proof of knowing `token`: base64url HMAC-SHA256 of `nonce` keyed with the token. */
export const holderProof = (token: string, nonce: string): string => createHmac('sha256', token).update(nonce).digest('base64url');

/**
 * `holder`: the lock's process answered as the holder of `dir`; `not-holder`: it cannot be (nothing listens at
 * its control address, a wrong proof, pid or folder): the lock is stale; `unknown`: no answer in time (a busy
 * holder looks the same), so the lock must be respected. `why` completes "process N ...".
 */
export type HolderCheck = { kind: 'holder' } | { kind: 'not-holder' | 'unknown'; why: string };

/** Asks the control endpoint of `lock` whether it holds `dir`; waits at most `timeoutMs`. Never throws. */
export async function checkHolder(dir: string, lock: LockInfo, timeoutMs = 5_000): Promise<HolderCheck> {
  if (!lock.control || !lock.token) return { kind: 'not-holder', why: 'names no control endpoint' };
  const nonce = randomBytes(18).toString('base64url');
  let answer: Partial<HolderAnswer>;
  try {
    const response = await fetch(`${lock.control}${HOLDER_PATH}`, {
      method: 'POST',
      headers: { [HOLDER_NONCE_HEADER]: nonce },
      signal: AbortSignal.timeout(timeoutMs),
    });
    answer = response.ok ? (((await response.json()) as { result?: Partial<HolderAnswer> }).result ?? {}) : {};
  } catch (error) {
    if ((error as Error).name === 'TimeoutError') return { kind: 'unknown', why: `did not answer at ${lock.control} within ${timeoutMs / 1000} s` };
    return { kind: 'not-holder', why: `does not answer at ${lock.control}` };
  }
  const expected = Buffer.from(holderProof(lock.token, nonce));
  const given = Buffer.from(typeof answer.proof === 'string' ? answer.proof : '');
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { kind: 'not-holder', why: `is not what answers at ${lock.control} (it does not know the lock's token)` };
  if (answer.pid !== lock.pid) return { kind: 'not-holder', why: `is not what answers at ${lock.control} (process ${String(answer.pid)} does)` };
  const same = await Promise.all([realpath(dir), realpath(String(answer.dataDir))]).then(
    ([a, b]) => a === b,
    () => false,
  );
  if (!same) return { kind: 'not-holder', why: `holds another data folder (${String(answer.dataDir)})` };
  return { kind: 'holder' };
}
