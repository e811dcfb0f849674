/**
 * Runs one Companion call from a form: busy while it runs, its rejection kept for inline display: the
 * sentence, and for input the user can fix one sentence per field (ApiError.fields) to show beside it.
 */
import { useCallback, useState } from 'react';
import { fieldErrorsOf } from '../../../shared/api/reply';

export interface Action {
  busy: boolean;
  error: string | null;
  /** The failed call's sentence per input field (`retentionDays`, `baseUrl`), empty when none. */
  fields: Readonly<Record<string, string>>;
  /** The sentence to show under the whole form: null when every problem is shown beside its field. */
  formError: (shownFields: readonly string[]) => string | null;
  /** Runs `call`; resolves true when it succeeded. */
  run: (call: () => Promise<unknown>) => Promise<boolean>;
  clear: () => void;
}

const NO_FIELDS: Readonly<Record<string, string>> = Object.freeze(Object.create(null) as Record<string, string>);

export function useAction(): Action {
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<{ error: string; fields: Readonly<Record<string, string>> } | null>(null);
  const run = useCallback(async (call: () => Promise<unknown>) => {
    setBusy(true);
    setFailure(null);
    try {
      await call();
      return true;
    } catch (e) {
      setFailure({ error: e instanceof Error ? e.message : String(e), fields: fieldErrorsOf(e) });
      return false;
    } finally {
      setBusy(false);
    }
  }, []);
  const fields = failure?.fields ?? NO_FIELDS;
  const named = Object.keys(fields);
  const formError = (shown: readonly string[]): string | null => (named.length > 0 && named.every((f) => shown.includes(f)) ? null : (failure?.error ?? null));
  return { busy, error: failure?.error ?? null, fields, formError, run, clear: useCallback(() => setFailure(null), []) };
}
