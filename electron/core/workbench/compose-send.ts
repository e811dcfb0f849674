/**
 * The UI's event composer behind CompanionApi composeEvent / deliverComposed: a starting body (a template of
 * an event type, or a stored event's body as received), and a send of the edited body signed the way Knit
 * signs (base64url HMAC-SHA256 of its exact UTF-8 bytes, keyed with the chosen environment's API key) to the
 * listener, a forward target or any URL. `knit-sync send --type/--from/--set` is the CLI's side of it.
 */
import { randomUUID } from 'node:crypto';
import type { ComposedSendResult, ComposeEventInput, DeliverComposedInput } from '../../../shared/api/workbench';
import type { EventDetail } from '../../../shared/api/types';
import { KNIT_HEADERS } from '../../../shared/knit/events';
import { InputError } from '../../../shared/api/reply';
import { sendOnce } from '../forward/http-send';
import { apiKeySecret, type SecretStore } from '../secrets/secret-store';
import { knitSignature } from '../signature/sign';
import { eventTemplate } from './composer';

/** What composing needs from the Companion. */
export interface ComposeDeps {
  getEvent(input: { eventId: string }): Promise<EventDetail | null>;
  environments(): Array<{ name: string }>;
  secrets: SecretStore;
}

/** @throws Error when the stored event is not there. */
export async function composeEvent(input: ComposeEventInput, deps: ComposeDeps): Promise<{ body: string }> {
  if (input.fromEventId !== undefined) {
    const stored = await deps.getEvent({ eventId: input.fromEventId });
    if (!stored) throw new Error(`No stored event has the id ${input.fromEventId}.`);
    return { body: stored.rawBody };
  }
  return { body: `${JSON.stringify(eventTemplate(input.eventType!), null, 2)}\n` };
}

/** @throws InputError for an unknown environment; Error when it has no key. Never throws for the send itself. */
export async function deliverComposed(input: DeliverComposedInput, deps: ComposeDeps): Promise<ComposedSendResult> {
  const known = deps.environments().map((e) => e.name);
  if (!known.includes(input.environment)) throw new InputError(`no environment named ${input.environment} (known: ${known.join(', ')})`);
  const key = await deps.secrets.get(apiKeySecret(input.environment));
  if (!key) throw new Error(`The environment ${input.environment} has no API key to sign with.`);
  const body = Buffer.from(input.body, 'utf8');
  const signature = knitSignature(body, key);
  const headers = {
    'content-type': 'application/json',
    [KNIT_HEADERS.signature]: signature,
    [KNIT_HEADERS.integrationId]: input.integrationId ?? 'int_composer',
    [KNIT_HEADERS.executionId]: `exec_${randomUUID()}`,
  };
  const result = await sendOnce(input.to, body, headers, { timeoutMs: 10_000, previewBytes: 2048 });
  return {
    to: input.to,
    status: result.status,
    ok: result.ok,
    durationMs: result.durationMs,
    responsePreview: result.responsePreview,
    error: result.error,
    signature,
  };
}
