/**
 * Verifies Knit's `X-Knit-Signature` over the raw body bytes against every configured API key, and on failure
 * diagnoses why (reason codes of shared/api/rejections.ts). The signature is base64url(HMAC-SHA256(raw body,
 * API key)) without padding (Knit "Authenticating Knit Webhooks"; RFC 4648 section 5; RFC 2104).
 * The body is unauthenticated until a key matches: it costs one HMAC per key, every compare with a digest is
 * constant-time (`crypto.timingSafeEqual`), and the normalised-copy diagnosis (re-serialized JSON, BOM and
 * whitespace variants) runs only for bodies up to DIAGNOSIS_MAX_BYTES.
 */
import { timingSafeEqual } from 'node:crypto';
import { REJECTION_REASONS, type RejectionReason } from '../../../shared/api/rejections';
import { knitDigest } from './sign';

/** One configured key: the environment it belongs to and its value. */
export interface VerificationKey {
  environment: string;
  key: string;
}

export type VerifyResult = { ok: true; environment: string } | { ok: false; reason: RejectionReason; detail: string };

/**
 * 64 KB: the largest body whose signature failure is diagnosed against normalised copies (Knit's events are
 * 1-3 KB). A larger unauthenticated body costs only its read and one HMAC per key.
 */
export const DIAGNOSIS_MAX_BYTES = 64 * 1024;

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
  const digests = keys.map(({ environment, key }) => ({ environment, digest: knitDigest(body, key) }));
  for (const { environment, digest } of digests) {
    if (sameText(value, digest.toString('base64url'))) return { ok: true, environment };
  }
  return diagnose(body, value, keys, digests);
}

/**
 * Whether a stored body still matches the signature it arrived with (`signature`: its stored X-Knit-Signature)
 * under `key`: an exact base64url digest only, as accepted (fsck, the store's integrity check); constant-time.
 */
export function matchesSignature(body: Buffer, signature: string | undefined, key: string): boolean {
  const given = Buffer.from(signature?.trim() ?? '', 'base64url');
  return given.length === 32 && timingSafeEqual(knitDigest(body, key), given);
}

/** Equal strings, compared in constant time for a given length (the length of a digest is no secret). */
function sameText(given: string, expected: string): boolean {
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Why no key matched: other encodings of the digests already computed, then (small bodies only) normalised copies. */
function diagnose(body: Buffer, value: string, keys: readonly VerificationKey[], digests: readonly { environment: string; digest: Buffer }[]): VerifyResult {
  const tried = `Tried the API keys of: ${keys.map((k) => k.environment).join(', ')}.`;
  for (const { environment, digest } of digests) {
    const which = `It matches the ${environment} key. ${tried}`;
    if (sameText(value.toLowerCase(), digest.toString('hex'))) return fail('signature_hex', which);
    // Padded base64url first: when the digest has no + or /, it is also padded standard base64.
    if (sameText(value, `${digest.toString('base64url')}=`)) return fail('signature_padded', which);
    const standard = digest.toString('base64');
    if (sameText(value, standard) || (sameText(value, standard.replace(/=+$/, '')) && /[+/]/.test(value))) {
      return fail('signature_base64_standard', which);
    }
  }
  if (!BASE64URL_CHARS.test(value)) return fail('signature_malformed', tried);
  if (body.length > DIAGNOSIS_MAX_BYTES) {
    return fail('signature_mismatch', `${tried} The body is over ${DIAGNOSIS_MAX_BYTES / 1024} KB, so normalised copies of it were not tried.`);
  }
  for (const variant of normalisedVariants(body)) {
    for (const { environment, key } of keys) {
      if (sameText(value, knitDigest(variant, key).toString('base64url'))) {
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
