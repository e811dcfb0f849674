/**
 * Knit-looking ids for the emulator: a prefix and 22 base62 characters (`ev_…` events, `sr_…` runs, `sj_…`
 * jobs, and `int_…` integrations connected through the emulated UI component), as in the guide's examples
 * (shared/knit/README.md "Webhook delivery"). Random (crypto), not seeded: ids
 * must be unique across runs and processes even when the company is the same; only a job's syncJobId is derived
 * from the key and the integration, so it stays stable like Knit's.
 */
import { createHmac, randomBytes } from 'node:crypto';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** `prefix` + `_` + 22 random base62 characters (about 131 bits). */
export function knitId(prefix: 'ev' | 'sr' | 'sj' | 'ex' | 'int'): string {
  return idOf(prefix, randomBytes(22));
}

/**
 * The syncJobId of an integration at an emulated Knit with this API key: derived (HMAC-SHA256), so it stays the
 * same across emulator restarts, as Knit's does for one integration (`sync.start` is idempotent).
 */
export function stableSyncJobId(apiKey: string, integrationId: string): string {
  return idOf('sj', createHmac('sha256', apiKey).update(`syncJobId:${integrationId}`).digest().subarray(0, 22));
}

function idOf(prefix: string, bytes: Buffer): string {
  let out = `${prefix}_`;
  // `b % 62` is slightly biased towards the first characters: irrelevant for unique ids.
  for (const b of bytes) out += BASE62[b % 62];
  return out;
}
