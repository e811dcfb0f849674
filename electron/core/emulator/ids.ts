/**
 * Knit-looking ids for the emulator: a prefix and 22 base62 characters (`ev_…` events, `sr_…` runs, `sj_…`
 * jobs), as in the guide's examples (../shared/KNIT.md "Webhook delivery"). Random (crypto), not seeded: ids
 * must be unique across runs and processes even when the company is the same.
 */
import { randomBytes } from 'node:crypto';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** `prefix` + `_` + 22 random base62 characters (about 131 bits). */
export function knitId(prefix: 'ev' | 'sr' | 'sj' | 'ex'): string {
  const bytes = randomBytes(22);
  let out = `${prefix}_`;
  // `b % 62` is slightly biased towards the first characters: irrelevant for unique ids.
  for (const b of bytes) out += BASE62[b % 62];
  return out;
}
