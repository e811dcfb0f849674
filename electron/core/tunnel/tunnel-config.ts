/**
 * From the Companion's settings to a TunnelConfig, and from a public URL to the webhook URL Knit calls.
 * Shared by both shells so `serve --no-tunnel`, the app and the UI agree on what the tunnel should be.
 */
import type { Settings } from '../../../shared/api/types';
import type { TunnelConfig } from './tunnel-manager';

/**
 * The tunnel the settings ask for. `noTunnel` (the CLI's `--no-tunnel`) forces mode `off` whatever is saved.
 * `authtoken` comes from the SecretStore (NGROK_AUTHTOKEN_SECRET), never from the settings document.
 */
export function tunnelConfigFrom(
  settings: Pick<Settings, 'tunnelMode' | 'ngrokDomain' | 'publicUrl'>,
  authtoken: string | null,
  options: { noTunnel?: boolean } = {},
): TunnelConfig {
  return {
    mode: options.noTunnel ? 'off' : settings.tunnelMode,
    authtoken,
    domain: settings.ngrokDomain?.trim() || null,
    manualUrl: settings.publicUrl ? originOnly(settings.publicUrl) : null,
  };
}

/** The webhook URL for a public URL (origin) and the listener path, e.g. `https://x.ngrok.app/knithook`. */
export function webhookUrlOf(publicUrl: string | null, listenerPath: string): string | null {
  if (!publicUrl) return null;
  return `${publicUrl.replace(/\/+$/, '')}${listenerPath.startsWith('/') ? listenerPath : `/${listenerPath}`}`;
}

function originOnly(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    return url.replace(/\/+$/, '');
  }
}
