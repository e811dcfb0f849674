/**
 * Why the saved tunnel mode is not what this run does, in words, so Settings never shows "ngrok tunnel"
 * selected beside a tunnel that is off without saying why. Pure function, no DOM.
 */
import type { TunnelMode, TunnelStatus } from '../../shared/api/types';

const MODE_WORDS: Record<TunnelMode, string> = { ngrok: 'an ngrok tunnel', manual: 'your own public URL', off: 'no tunnel' };

/**
 * `saved` is settings.tunnelMode; `running` is getStatus().tunnel. When this run started without a tunnel
 * (`knit-sync serve --no-tunnel`, and always `knit-sync demo`, whose status is mode 'off', state 'off') but
 * the saved choice is another mode, says so; otherwise null.
 */
export function tunnelModeNote(saved: TunnelMode, running: Pick<TunnelStatus, 'mode' | 'state'> | undefined): string | null {
  if (!running || saved === 'off' || running.mode !== 'off') return null;
  return `The tunnel is off in this run: it was started without one (knit-sync demo, or serve --no-tunnel), so only the listener on this machine receives events. The saved choice, ${MODE_WORDS[saved]}, applies the next time the Companion starts with a tunnel.`;
}
