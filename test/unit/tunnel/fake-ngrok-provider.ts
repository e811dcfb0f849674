/**
 * A fake TunnelProvider that behaves as ngrok documents (https://ngrok.com/docs/errors/): a malformed token is
 * ERR_NGROK_105 (its message quotes the token, as ngrok's does), a missing one ERR_NGROK_4018, a second
 * session on a one-session plan ERR_NGROK_108; offline means no code; a session loss is 'disconnected' then
 * 'reconnected', possibly with a new URL.
 */
import { TunnelError, type TunnelConnectOptions, type TunnelConnection, type TunnelProvider } from '../../../electron/core/tunnel/provider';

export class FakeNgrokProvider implements TunnelProvider {
  /** Whether ngrok's cloud is reachable. */
  online = true;
  /** Never answer (a firewall that drops packets). */
  hang = false;
  /** When set, connect waits for it before answering (a slow network). */
  gate: Promise<void> | null = null;
  /** Tokens ngrok accepts. */
  validTokens = new Set(['2abcdefGoodToken_1234567890']);
  /** Sessions already running elsewhere on the account (free plan: 1). */
  otherSessions = 0;
  connects = 0;
  open: Array<{ options: TunnelConnectOptions; url: string; closed: boolean }> = [];
  #n = 0;

  async connect(options: TunnelConnectOptions): Promise<TunnelConnection> {
    this.connects += 1;
    if (this.hang) return new Promise<never>(() => undefined);
    if (this.gate) await this.gate;
    if (!this.online) throw new TunnelError('failed to connect session: failed to establish tcp connection', null);
    if (!options.authtoken) throw new TunnelError('Usage of ngrok requires a verified account and authtoken.', 'ERR_NGROK_4018');
    if (!this.validTokens.has(options.authtoken)) {
      throw new TunnelError(
        `authentication failed: The authtoken you specified does not look like a proper ngrok authtoken. Your authtoken: ${options.authtoken}`,
        'ERR_NGROK_105',
      );
    }
    if (this.otherSessions > 0) {
      throw new TunnelError('authentication failed: Your account is limited to 1 simultaneous ngrok agent sessions.', 'ERR_NGROK_108');
    }
    const entry = { options, url: options.domain ? `https://${options.domain}` : `https://fake${++this.#n}.ngrok-free.app`, closed: false };
    this.open.push(entry);
    return {
      url: () => entry.url,
      close: async () => {
        entry.closed = true;
      },
    };
  }

  /** The network drops: ngrok reports the session closed. */
  loseNetwork(): void {
    for (const entry of this.live()) entry.options.onEvent({ type: 'disconnected', message: 'The connection to ngrok was lost.' });
  }

  /** The network is back: ngrok reconnected; with `newUrl` the endpoint came back on another URL. */
  restoreNetwork(newUrl?: string): void {
    for (const entry of this.live()) {
      if (newUrl) entry.url = newUrl;
      entry.options.onEvent({ type: 'reconnected' });
    }
  }

  live() {
    return this.open.filter((entry) => !entry.closed);
  }
}
