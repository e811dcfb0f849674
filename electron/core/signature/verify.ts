/**
 * Verifies Knit's `X-Knit-Signature` over the raw body bytes against every configured API key, and on failure
 * diagnoses why (reason codes of shared/api/rejections.ts). The signature is base64url(HMAC-SHA256(raw body,
 * API key)) without padding (Knit "Authenticating Knit Webhooks"; RFC 4648 section 5; RFC 2104).
 * The compare is constant-time (`crypto.timingSafeEqual` on the 32-byte digests). The costly diagnoses
 * (other encodings, normalised bodies) run only after every key failed.
 */
import { timingSafeEqual } from 'node:crypto';
import { REJECTION_REASONS, type RejectionReason } from '../../../shared/api/rejections';
import { knitDigest } from './sign';

/** One configured key: the environment it belongs to and its value. */
export interface VerificationKey {
  environment: string;
  key: string;
}

export type VerifyResult =
  | { ok: true; environment: string }
  | { ok: false; reason: RejectionReason; detail: string };

const BASE64URL_DIGEST = /^[A-Za-z0-9_-]{43}$/;
const BASE64URL_CHARS = /^[A-Za-z0-9_-]+$/;
const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/**
 * Checks `signature` (the header value, or undefined when absent) for `body` against `keys`.
 * @returns the environment whose key matched, or a reason code with a sentence naming the environments tried.
 */
export function verifySignature(body: Buffer, signature: string | undefined, keys: readonly VerificationKey[]): VerifyResult {
  if (signature === undefined) return fail('signature_missing', '');
  const value = signature.trim();
  if (value === '') return fail('signature_empty', '');
  if (keys.length === 0) return fail('no_key_configured', '');
  if (BASE64URL_DIGEST.test(value)) {
    const given = Buffer.from(value, 'base64url');
    for (const { environment, key } of keys) {
      if (given.length === 32 && timingSafeEqual(knitDigest(body, key), given)) return { ok: true, environment };
    }
  }
  return diagnose(body, value, keys);
}

/**
 * Whether a stored body still matches the signature it arrived with (`signature`: its stored X-Knit-Signature)
 * under `key`: an exact base64url digest only, as accepted (fsck, the store's integrity check); constant-time.
 */
export function matchesSignature(body: Buffer, signature: string | undefined, key: string): boolean {
  const given = Buffer.from(signature?.trim() ?? '', 'base64url');
  return given.length === 32 && timingSafeEqual(knitDigest(body, key), given);
}

/** Why no key matched: the slow path, run only on failure. */
function diagnose(body: Buffer, value: string, keys: readonly VerificationKey[]): VerifyResult {
  const tried = `Tried the API keys of: ${keys.map((k) => k.environment).join(', ')}.`;
  for (const { environment, key } of keys) {
    const digest = knitDigest(body, key);
    const which = `It matches the ${environment} key. ${tried}`;
    if (value.toLowerCase() === digest.toString('hex')) return fail('signature_hex', which);
    // Padded base64url first: when the digest has no + or /, it is also padded standard base64.
    if (value === `${digest.toString('base64url')}=`) return fail('signature_padded', which);
    const standard = digest.toString('base64');
    if (value === standard || (value === standard.replace(/=+$/, '') && /[+/]/.test(value))) {
      return fail('signature_base64_standard', which);
    }
  }
  if (!BASE64URL_CHARS.test(value)) return fail('signature_malformed', tried);
  for (const variant of normalisedVariants(body)) {
    for (const { environment, key } of keys) {
      if (knitDigest(variant, key).toString('base64url') === value) {
        return fail('body_altered', `It matches a normalised copy of the body with the ${environment} key. ${tried}`);
      }
    }
  }
  return fail('signature_mismatch', tried);
}

/**
 * Copies of the body a proxy or framework may have produced from the original: BOM stripped, trailing
 * whitespace trimmed, and JSON re-serialized (compact and 2-space indented). Only those that differ.
 */
export function normalisedVariants(body: Buffer): Buffer[] {
  const noBom = body.subarray(0, 3).equals(UTF8_BOM) ? body.subarray(3) : body;
  const text = noBom.toString('utf8');
  const candidates = [noBom, Buffer.from(text.trimEnd(), 'utf8'), Buffer.from(text.trim(), 'utf8')];
  try {
    const parsed: unknown = JSON.parse(text);
    candidates.push(Buffer.from(JSON.stringify(parsed), 'utf8'), Buffer.from(JSON.stringify(parsed, null, 2), 'utf8'));
  } catch {
    // not JSON: only the byte-level variants apply
  }
  const unique: Buffer[] = [];
  for (const c of candidates) if (!c.equals(body) && !unique.some((u) => u.equals(c))) unique.push(c);
  return unique;
}

/** `detail` is only what the reason's sentence does not say, or the sentence itself when there is nothing more. */
function fail(reason: RejectionReason, extra: string): VerifyResult {
  return { ok: false, reason, detail: extra || REJECTION_REASONS[reason].sentence };
}
