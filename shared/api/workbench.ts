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
  answerRules: z.array(z.string().trim().regex(ANSWER_RULE_PATTERN, 'A rule is STATUS[:DELAY_MS][:TIMES][:EVENT_TYPES], e.g. 500::3 or 200:3000.')).max(20),
});
export type SaveWorkbenchInput = z.infer<typeof SaveWorkbenchSchema>;

/** The saved workbench settings and this run's (from `serve` flags, read-only). */
export interface WorkbenchSettings extends SaveWorkbenchInput {
  session: { passThroughUrl: string | null; answerRules: string[] };
}

/** A body to start composing from: a template of `eventType`, or a stored event's body. */
export const ComposeEventSchema = z
  .object({ eventType: z.string().min(1).max(200).optional(), fromEventId: z.string().min(1).max(512).optional() })
  .refine((r) => (r.eventType === undefined) !== (r.fromEventId === undefined), 'give either eventType or fromEventId');
export type ComposeEventInput = z.infer<typeof ComposeEventSchema>;

/** Signs `body` (its UTF-8 bytes, as typed) with `environment`'s key and POSTs it to `to` as Knit delivers. */
export const DeliverComposedSchema = z.object({
  body: z
    .string()
    .min(1)
    .max(10 * 1024 * 1024),
  environment: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/),
  to: z.url({ protocol: /^https?$/ }),
  integrationId: z.string().min(1).max(512).optional(),
});
export type DeliverComposedInput = z.infer<typeof DeliverComposedSchema>;

/** How a composed send was answered. */
export interface ComposedSendResult {
  to: string;
  /** The HTTP status, or null when none arrived. */
  status: number | null;
  ok: boolean;
  durationMs: number;
  /** The start of the answer (bounded). */
  responsePreview: string | null;
  error: string | null;
  /** The X-Knit-Signature sent. */
  signature: string;
}
