/** The "how to fix" hint of a rejected delivery, for signature and key problems. Pure. */
import type { RejectedDelivery } from '../../shared/api/types';

/** What to do about a signature problem, in words (Knit: base64url HMAC-SHA256 of the raw body with the API key). */
export function signatureHint(r: Pick<RejectedDelivery, 'reason'>): string | null {
  switch (r.reason) {
    case 'signature_missing':
    case 'signature_empty':
      return 'Knit always sends X-Knit-Signature. If you replay requests by hand, compute base64url(HMAC-SHA256(raw body, API key)) without padding and send it in X-Knit-Signature; if a proxy sits in front, make it pass the header through.';
    case 'signature_hex':
    case 'signature_base64_standard':
    case 'signature_padded':
    case 'signature_malformed':
      return 'Your sender computes the right digest but encodes it differently: encode the 32-byte HMAC-SHA256 as base64url (RFC 4648 section 5: - and _ instead of + and /) and strip the trailing "=".';
    case 'no_key_configured':
      return 'Open Setup and save the API key of the environment the sync runs in (production or sandbox); the same key signs the webhooks.';
    case 'signature_mismatch':
      return 'Check that the key saved in Setup is the one of the environment the sync was started in, and that the sender signs the raw body bytes exactly as sent (no re-serialization).';
    case 'body_altered':
      return 'Something between Knit and this app re-encoded the JSON body. Sign and verify the raw bytes; configure the proxy or framework to pass the body through untouched.';
    default:
      return null;
  }
}
