/** Runs one Companion call from a form: busy while it runs, its rejection message kept for inline display. */
import { useCallback, useState } from 'react';

export interface Action {
  busy: boolean;
  error: string | null;
  /** Runs `call`; resolves true when it succeeded. */
  run: (call: () => Promise<unknown>) => Promise<boolean>;
  clear: () => void;
}

export function useAction(): Action {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = useCallback(async (call: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await call();
      return true;
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      return false;
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, run, clear: useCallback(() => setError(null), []) };
}
