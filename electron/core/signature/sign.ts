/**
 * Knit's webhook signature: base64url, without padding, of HMAC-SHA256 over the raw request body bytes,
 * keyed with the API key of the environment (there is no separate webhook secret).
 * Sources: Knit "Authenticating Knit Webhooks" and the employee sync guide's `getSignature`;
 * base64url per RFC 4648 section 5; HMAC per RFC 2104.
 */
import { createHmac } from 'node:crypto';

/** The raw HMAC-SHA256 digest (32 bytes) of `body` keyed with `apiKey` (UTF-8). */
export function knitDigest(body: Uint8Array | string, apiKey: string): Buffer {
  return createHmac('sha256', apiKey).update(body).digest();
}

/** The `X-Knit-Signature` value Knit sends for `body`: 43 base64url characters, no padding. */
export function knitSignature(body: Uint8Array | string, apiKey: string): string {
  return knitDigest(body, apiKey).toString('base64url');
}
