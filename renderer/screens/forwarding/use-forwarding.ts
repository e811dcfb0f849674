/**
 * Live forwarding state for the screens that show it: the forward targets, one event's forward and replay
 * attempts, and replay jobs. Each hook loads once from the CompanionApi and then follows the update batches
 * (`forwardTargets`, `forwards`, `replays`) through its own subscription, so the shared store stays as it is.
 */
import { useEffect, useState } from 'react';
import type { ForwardAttempt, ForwardTarget, ReplayJob } from '../../../shared/api/types';
import { useApi } from '../../state/use-companion';

/** The forward targets with their live figures; null while loading. */
export function useForwardTargets(): [ForwardTarget[] | null, (targets: ForwardTarget[]) => void] {
  const api = useApi();
  const [targets, setTargets] = useState<ForwardTarget[] | null>(null);
  useEffect(() => {
    let live = true;
    const unsubscribe = api.subscribe((batch) => {
      if (batch.forwardTargets) setTargets(batch.forwardTargets);
    });
    api.listForwardTargets().then(
      (list) => live && setTargets((current) => current ?? list),
      () => live && setTargets([]),
    );
    return () => {
      live = false;
      unsubscribe();
    };
  }, [api]);
  return [targets, setTargets];
}

/** `initial` (from getEvent) plus the attempts of `eventId` that arrive afterwards, oldest first. */
export function useEventForwards(eventId: string, initial: readonly ForwardAttempt[]): ForwardAttempt[] {
  const api = useApi();
  const [attempts, setAttempts] = useState<ForwardAttempt[]>([...initial]);
  // Restart from `initial` when another event or a newer detail arrives (by content: callers pass fresh arrays).
  const initialKey = `${eventId}:${initial.length}:${initial.at(-1)?.id ?? 0}`;
  useEffect(() => {
    setAttempts([...initial]);
    return api.subscribe((batch) => {
      const mine = batch.forwards?.filter((a) => a.eventId === eventId);
      if (mine?.length) setAttempts((current) => [...current, ...mine.filter((a) => !current.some((c) => c.id === a.id))]);
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- initialKey stands for eventId and initial (a new array each render)
  }, [api, initialKey]);
  return attempts;
}

/** The latest state of the replay jobs seen since mounting, by replayId. */
export function useReplayJobs(): Map<string, ReplayJob> {
  const api = useApi();
  const [jobs, setJobs] = useState<Map<string, ReplayJob>>(() => new Map());
  useEffect(
    () =>
      api.subscribe((batch) => {
        if (!batch.replays?.length) return;
        setJobs((current) => {
          const next = new Map(current);
          for (const job of batch.replays ?? []) next.set(job.replayId, job);
          return next;
        });
      }),
    [api],
  );
  return jobs;
}
