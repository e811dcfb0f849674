/**
 * The emulator's `app.integration.activate`: once a connected integration is "validated", a signed POST to the
 * webhook registered in the emulator (Knit sends it to the URL registered in its dashboard: Knit's "Event
 * glossary"). Its body follows our guessed shape (shared/knit/activation.ts: `eventData` with the integration's
 * details and `validationErrors`), retried a few times like Knit's deliveries, never thrown.
 */
import { ACTIVATION_EVENT_TYPE } from '../../../shared/knit/activation';
import { knitSignature } from '../signature/sign';
import { knitId } from './ids';

/** The integration an activation is about, and the validation errors it carries (empty: activated). */
export interface ActivationFacts {
  integrationId: string;
  appId: string;
  categoryId: string;
  originOrgId: string;
  validationErrors: Array<{ code: string; message: string }>;
}

/** The body the emulator sends (our guess at Knit's; see shared/knit/activation.ts). */
export function activationBody(facts: ActivationFacts): Record<string, unknown> {
  return {
    eventId: knitId('ev'),
    eventType: ACTIVATION_EVENT_TYPE,
    eventData: { ...facts, success: facts.validationErrors.length === 0 },
    triggeredAt: String(Date.now()),
  };
}

/**
 * Signs and POSTs an activation to `url` with `X-Knit-Signature` and `X-Knit-Integration-Id`, retrying
 * (5 attempts, 200 ms doubling) until a 200.
 * @returns the last status, or null when the webhook was never reached.
 */
export async function sendActivation(url: string, apiKey: string, facts: ActivationFacts, attempts = 5): Promise<number | null> {
  const body = JSON.stringify(activationBody(facts));
  let status: number | null = null;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-knit-signature': knitSignature(body, apiKey),
          'x-knit-integration-id': facts.integrationId,
          'x-knit-execution-id': knitId('ex'),
        },
        body,
        signal: AbortSignal.timeout(10_000),
      });
      status = response.status;
      await response.arrayBuffer().catch(() => undefined);
      if (status === 200) return status;
    } catch {
      status = null;
    }
    if (attempt < attempts) await new Promise((resolve) => setTimeout(resolve, 200 * 2 ** (attempt - 1)));
  }
  return status;
}
