/**
 * The seam between the TunnelManager and a tunnel service: the real one is @ngrok/ngrok (ngrok-provider.ts),
 * tests use a fake that behaves as ngrok documents. Plain Node: nothing here imports 'electron'.
 */

/** What the manager asks a provider for: forward a public HTTPS URL to `http://127.0.0.1:<port>`. */
export interface TunnelConnectOptions {
  /** The local listener's TCP port on loopback. */
  port: number;
  /** The ngrok authtoken (https://dashboard.ngrok.com/get-started/your-authtoken). Never logged. */
  authtoken: string;
  /** A reserved domain (e.g. `example.ngrok.app`), or null for the one ngrok assigns. */
  domain: string | null;
  /** Session events after the connection is up (ngrok's `onStatusChange`: 'closed' / 'connected'). */
  onEvent(event: TunnelSessionEvent): void;
}

/**
 * `disconnected`: the session to ngrok's cloud was lost (network loss, sleep); ngrok is reconnecting by itself.
 * `reconnected`: the session is back; the URL may have changed (read `url()` again).
 */
export type TunnelSessionEvent = { type: 'disconnected'; message: string } | { type: 'reconnected' };

/** A live tunnel. */
export interface TunnelConnection {
  /** The public URL, origin only, e.g. `https://abc123.ngrok-free.app`. */
  url(): string;
  /** Closes the tunnel (the local listener is not touched). Never throws. */
  close(): Promise<void>;
}

export interface TunnelProvider {
  /**
   * Opens a tunnel.
   * @throws TunnelError with ngrok's code (e.g. ERR_NGROK_105) when ngrok refused, or without a code when it
   * could not be reached.
   */
  connect(options: TunnelConnectOptions): Promise<TunnelConnection>;
}

/**
 * A tunnel failure: ngrok's error code (`ERR_NGROK_<n>`, see https://ngrok.com/docs/errors/) when ngrok gave
 * one, else null (network failure, timeout); `message` is one sentence without secrets.
 */
export class TunnelError extends Error {
  constructor(
    message: string,
    readonly code: string | null,
  ) {
    super(message);
    this.name = 'TunnelError';
  }
}
