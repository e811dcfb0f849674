/**
 * Forward targets as configured: the saved ones (the settings document's `forwardTargets`, edited with
 * `saveForwardTargets`) and this run's session ones (`knit-sync serve --forward-to URL`, never saved), and
 * the event-type filter they apply.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { ForwardTargetInputSchema } from '../../../shared/api/companion-api';

/** A target's configuration (without its live figures). */
export interface TargetConfig {
  id: string;
  url: string;
  enabled: boolean;
  /** Event types (`record.new`) or families (`record.*`); empty forwards every type. */
  eventTypes: string[];
  session: boolean;
}

/** A saved target as kept in the settings document. */
export type SavedTarget = Omit<TargetConfig, 'session'>;

const SavedTargetSchema = ForwardTargetInputSchema.extend({ id: z.string().min(1) });

/** A new target id, `ft_` + 12 hex digits. */
export const newTargetId = (): string => `ft_${randomBytes(6).toString('hex')}`;

/**
 * The saved targets of the document's `forwardTargets` value; entries that do not validate (a hand-edited
 * file) are left out and named in `skipped`, never a crash.
 */
export function savedTargetsOf(value: unknown): { targets: SavedTarget[]; skipped: number } {
  if (!Array.isArray(value)) return { targets: [], skipped: 0 };
  const targets: SavedTarget[] = [];
  for (const entry of value) {
    const parsed = SavedTargetSchema.safeParse(entry);
    if (parsed.success) targets.push(parsed.data);
  }
  return { targets, skipped: value.length - targets.length };
}

/** The session targets of `serve --forward-to` (ids `ft_session_1`...), enabled, every event type. */
export function sessionTargets(urls: readonly string[]): TargetConfig[] {
  return urls.map((url, i) => ({ id: `ft_session_${i + 1}`, url, enabled: true, eventTypes: [], session: true }));
}

/** Whether `eventType` passes a target's filter: an exact type, or a `family.*` prefix; empty passes all. */
export function passesFilter(eventTypes: readonly string[], eventType: string): boolean {
  if (eventTypes.length === 0) return true;
  return eventTypes.some((f) => (f.endsWith('.*') ? eventType.startsWith(f.slice(0, -1)) : f === eventType));
}

/**
 * `text` as a forward or replay URL (http or https, with a host), normalised by WHATWG URL parsing.
 * @throws Error with a sentence when it is not one.
 */
export function targetUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`"${text}" is not a URL (e.g. http://localhost:3000/knithook)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`"${text}" is not an http or https URL`);
  return url.href;
}
