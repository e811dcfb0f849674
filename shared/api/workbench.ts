/**
 * The workbench settings (Settings → Forwarding): which forward target's handler answers Knit (pass-through),
 * how long it may take, and the answer rules (`STATUS[:DELAY_MS][:TIMES][:EVENT_TYPES]`, applied in order).
 * `serve --pass-through-to` / `--respond` set the same for one run; those win while the run lasts.
 */
import { z } from 'zod';

/** One answer rule as written, e.g. `500::3` (checked again by the Companion, with a sentence when wrong). */
export const ANSWER_RULE_PATTERN = /^\d{3}(:\d*)?(:\d*)?(:[A-Za-z0-9._*,\s-]*)?$/;

export const SaveWorkbenchSchema = z.object({
  /** The forward target whose handler answers Knit, or null: the Companion answers itself. */
  passThroughTargetId: z.string().min(1).max(512).nullable(),
  /** Seconds to wait for the pass-through handler before answering 504 (default 10). */
  passThroughTimeoutSeconds: z.number().positive().max(600),
  answerRules: z.array(z.string().trim().regex(ANSWER_RULE_PATTERN, 'STATUS[:DELAY_MS][:TIMES][:EVENT_TYPES], e.g. 500::3')).max(20),
});
export type SaveWorkbenchInput = z.infer<typeof SaveWorkbenchSchema>;

/** The saved workbench settings and this run's (from `serve` flags, read-only). */
export interface WorkbenchSettings extends SaveWorkbenchInput {
  session: { passThroughUrl: string | null; answerRules: string[] };
}
