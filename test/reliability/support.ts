/**
 * Helpers of the reliability suite (issue 6): the status of a running serve through its control endpoint,
 * the exported eventIds, the resident memory of a process, and a seeded random source whose seed each
 * test prints, so that a failing run can be replayed.
 */
import { readFileSync } from 'node:fs';
import type { CompanionStatus } from '../../shared/api/types';
import { CONTROL_TOKEN_HEADER } from '../../electron/core/companion/control-server';
import { readLock } from '../../electron/core/store/lock';
import { runCli } from '../support/core';

/** `getStatus()` of the serve holding `dataDir`, through the control endpoint named in its lock file. */
export async function statusOf(dataDir: string): Promise<CompanionStatus> {
  const lock = await readLock(dataDir);
  if (!lock?.control || !lock.token) throw new Error(`no control endpoint in the lock of ${dataDir}`);
  const response = await fetch(`${lock.control}/control/getStatus`, { method: 'POST', headers: { [CONTROL_TOKEN_HEADER]: lock.token } });
  return ((await response.json()) as { result: CompanionStatus }).result;
}

/** The eventIds of `knit-sync export events --data dir`, in the exported order. */
export async function exportedEventIds(dataDir: string): Promise<string[]> {
  const exported = await runCli(['export', 'events', '--data', dataDir]);
  if (exported.code !== 0) throw new Error(`export events exited ${exported.code}: ${exported.stderr}`);
  return exported.stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as { eventId: string }).eventId);
}

/** Resident set size of a live process in MB, from /proc (Linux). */
export function rssMb(pid: number): number {
  const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
  return kb / 1024;
}

/** A seeded random source (mulberry32): `next()` in [0, 1), `int(n)` in [0, n). */
export function seededRandom(seed: number): { seed: number; next(): number; int(n: number): number } {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { seed, next, int: (n) => Math.floor(next() * n) };
}
