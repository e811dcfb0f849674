/**
 * Forward targets as configured: the saved ones (the settings document's `forwardTargets`, edited with
 * `saveForwardTargets`) and this run's session ones (`knit-sync serve --forward-to URL`, never saved), and
 * the event-type filter they apply.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { ForwardTargetInputSchema } from '../../../shared/api/companion-api';
import type { SecretName } from '../secrets/secret-store';
import { maskUrlText, splitCredentials } from './url-credentials';

/** A target's configuration (without its live figures). */
export interface TargetConfig {
  id: string;
  /** The URL without userinfo. */
  url: string;
  /** The URL's userinfo (`user:pass`), kept with the secrets; never logged, stored with the URL or shown. */
  credentials: string | null;
  enabled: boolean;
  /** Event types (`record.new`) or families (`record.*`); empty forwards every type. */
  eventTypes: string[];
  session: boolean;
}

/** A saved target as kept in the settings document (its URL without credentials). */
export type SavedTarget = Omit<TargetConfig, 'session' | 'credentials'>;

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
  return urls.map((text, i) => ({ id: `ft_session_${i + 1}`, ...splitCredentials(text), enabled: true, eventTypes: [], session: true }));
}

/** The secret that holds a saved target's URL credentials. */
export const targetCredentialsSecret = (id: string): SecretName => `forwardTarget:${id}`;

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
    throw new Error(`"${maskUrlText(text)}" is not a URL (e.g. http://localhost:3000/knithook)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`"${maskUrlText(text)}" is not an http or https URL`);
  return url.href;
}
