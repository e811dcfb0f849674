/**
 * The `serve` attachment that reports the tunnel (issue 5) on stderr, one line per change of what the user
 * should know: `tunnel online <public webhook URL> → forwarding to <listener URL>`, ngrok's error in one line,
 * or, without an authtoken, once how to set one. `--no-tunnel` (the Companion then has no tunnel) says nothing.
 */
import type { CompanionStatus } from '../../../shared/api/types';
import type { ServeAttachment } from '../serve-attachments';

/** The line for a status, or null when there is nothing to say (off, connecting). */
export function tunnelLine(status: CompanionStatus, listenerUrl: string): string | null {
  const tunnel = status.tunnel;
  if (tunnel.mode === 'ngrok' && !tunnel.authtokenSet) {
    return 'tunnel: no ngrok authtoken, so Knit cannot reach this listener yet: set NGROK_AUTHTOKEN (from https://dashboard.ngrok.com/get-started/your-authtoken) and restart, or use --no-tunnel; the listener keeps working on loopback';
  }
  if (tunnel.state === 'online') return `tunnel online ${status.destination} → forwarding to ${listenerUrl}`;
  if (tunnel.error && (tunnel.state === 'error' || tunnel.state === 'offline' || tunnel.state === 'reconnecting')) {
    return `tunnel ${tunnel.state}: ${tunnel.error.code ? `${tunnel.error.code} ` : ''}${tunnel.error.message}`;
  }
  return null;
}

export const tunnelAttachment: ServeAttachment = async ({ companion, options }) => {
  if (options.tunnel === false) return {};
  let last: string | null = null;
  const report = (status: CompanionStatus): void => {
    const line = tunnelLine(status, companion.listenerUrl);
    if (line !== null && line !== last) process.stderr.write(`${line}\n`);
    if (line !== null) last = line;
  };
  const unsubscribe = companion.subscribe((batch) => batch.status && report(batch.status));
  report(await companion.getStatus());
  return { close: async () => unsubscribe() };
};
