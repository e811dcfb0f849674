/**
 * The latest answer of a Companion query that a screen shows: asked again whenever `deps` change (the
 * question, or a version saying the data changed), one request at a time, the latest wanted one next, so
 * that a stream of live batches costs one request in flight, never a queue of stale ones. With `remember`,
 * the last answers outlive the screen: opened again, it shows what it last showed at once (also while the
 * Companion is unreachable) and asks again.
 */
import { useEffect, useRef, useState, type DependencyList } from 'react';

/** The answer held, with the question it answers; undefined until the first one. */
export interface Latest<Q, A> {
  answer: A | undefined;
  question: Q | undefined;
  /** The last failure in words, cleared by the next answer. */
  error: string | null;
}

/** Answers kept for `remember`, newest last. */
const memory = new Map<string, Latest<unknown, unknown>>();
const REMEMBERED = 20;

function keep(key: string, latest: Latest<unknown, unknown>): void {
  memory.delete(key);
  memory.set(key, latest);
  if (memory.size > REMEMBERED) memory.delete(memory.keys().next().value!);
}

/**
 * Asks `ask(question)` per the file's comment; `question` must change identity only when it changes (memoize
 * it). `remember` names the query for the memory (answers are kept per name and question).
 */
export function useLatest<Q, A>(ask: (question: Q) => Promise<A>, question: Q, deps: DependencyList, remember?: string): Latest<Q, A> {
  const memoryKey = remember === undefined ? undefined : `${remember} ${JSON.stringify(question)}`;
  const [held, setHeld] = useState<Latest<Q, A>>(
    () =>
      (memoryKey === undefined ? undefined : (memory.get(memoryKey) as Latest<Q, A> | undefined)) ?? { answer: undefined, question: undefined, error: null },
  );
  const wanted = useRef({ ask, question, remember });
  const mounted = useRef(true);
  const busy = useRef(false);
  const again = useRef(false);

  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  useEffect(() => {
    wanted.current = { ask, question, remember };
    const run = (): void => {
      if (busy.current) {
        again.current = true;
        return;
      }
      busy.current = true;
      const w = wanted.current;
      const done = (): void => {
        busy.current = false;
        if (again.current && mounted.current) {
          again.current = false;
          run();
        }
      };
      w.ask(w.question).then(
        (answer) => {
          const latest = { answer, question: w.question, error: null };
          if (w.remember !== undefined) keep(`${w.remember} ${JSON.stringify(w.question)}`, latest);
          if (mounted.current) setHeld(latest);
          done();
        },
        (err: unknown) => {
          if (mounted.current) setHeld((h) => ({ ...h, error: err instanceof Error ? err.message : String(err) }));
          done();
        },
      );
    };
    run();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `deps` say when to ask again
  }, [question, ...deps]);

  return held;
}
