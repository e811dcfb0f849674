/**
 * ngrok's error codes: which failures a retry can fix, and advice for the common ones.
 * Source: https://ngrok.com/docs/errors/ (one page per code, e.g. https://ngrok.com/docs/errors/err_ngrok_105/).
 */

/** What the user should do about the codes a first-time user meets most (token, plan, version). */
const ADVICE: Record<string, string> = {
  ERR_NGROK_105: 'ngrok refused the authtoken: copy it again from https://dashboard.ngrok.com/get-started/your-authtoken and save it in Settings.',
  ERR_NGROK_107:
    'ngrok does not know this authtoken (it may have been reset): save your current one from https://dashboard.ngrok.com/get-started/your-authtoken in Settings.',
  ERR_NGROK_108: 'ngrok allows only one agent session on this account and another one is running: stop it (or upgrade the plan) and try again.',
  ERR_NGROK_120: 'ngrok says this agent version is no longer supported: update Knit Sync Companion.',
  ERR_NGROK_4018:
    'ngrok needs an authtoken: sign up at https://dashboard.ngrok.com/signup, copy your authtoken and save it in Settings (or choose a manual public URL or no tunnel).',
};

/**
 * Whether a failure is worth retrying by itself: only when ngrok gave no code (unreachable, timed out). A code
 * means ngrok answered and refused (token, plan, domain), and the same request would be refused again.
 */
export function isRetryable(code: string | null): boolean {
  return code === null;
}

/** What the user should do about an ngrok error code, or null when we have nothing to add to ngrok's message. */
export function ngrokAdvice(code: string | null): string | null {
  return code === null ? null : (ADVICE[code] ?? null);
}

/** The code ngrok puts at the end of its messages (`..., error_code: ERR_NGROK_105`), or null. */
export function ngrokCodeOf(message: string): string | null {
  return /\b(ERR_NGROK_\d+)\b/.exec(message)?.[1] ?? null;
}
