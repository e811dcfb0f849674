/** The record events of a run, delivered as they are read from its changes (delivery.ts). */
import type { ChangeList, RecordChange } from './deltas';
import { Semaphore } from './semaphore';

/**
 * Starts `deliver` for each of `changes` in turn, as they are read, with at most `window` started and not yet
 * finished (retries included): a run of a million holds a bounded number of bodies. `answered` resolves with
 * how many were started once each got its first answer (`onFirst`); `finished` once each finished, with
 * whether all were accepted. An abort stops the reading. A change that cannot be made rejects both.
 */
export function streamRecords(
  changes: ChangeList,
  window: number,
  signal: AbortSignal | undefined,
  deliver: (change: RecordChange, index: number, onFirst: () => void) => Promise<boolean>,
): { answered: Promise<number>; finished: Promise<{ emitted: number; allOk: boolean }> } {
  const slots = new Semaphore(window);
  const running = new Set<Promise<void>>();
  let started = 0;
  let firstAnswers = 0;
  let fed = false;
  let allOk = true;
  let answer!: (count: number) => void;
  let fail!: (error: unknown) => void;
  const answered = new Promise<number>((resolve, reject) => ((answer = resolve), (fail = reject)));
  const onFirst = () => {
    if (++firstAnswers === started && fed) answer(started);
  };
  const feeding = (async () => {
    const next = changes[Symbol.iterator]();
    for (;;) {
      await slots.acquire(); // before the change is made: at most `window` made and unfinished
      const change = signal?.aborted ? null : next.next();
      if (!change || change.done) break;
      const done: Promise<void> = deliver(change.value, started++, onFirst)
        .then((ok) => void (allOk &&= ok))
        .finally(() => {
          slots.release();
          running.delete(done);
        });
      running.add(done);
    }
    fed = true;
    if (firstAnswers === started) answer(started);
    await Promise.all(running);
    return { emitted: started, allOk };
  })();
  feeding.catch(fail);
  return { answered, finished: feeding };
}
