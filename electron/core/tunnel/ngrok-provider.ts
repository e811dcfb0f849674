/**
 * The real TunnelProvider: the ngrok agent as a Node library (@ngrok/ngrok, a native module shipped as one npm
 * package per platform). API: node_modules/@ngrok/ngrok/index.d.ts (`forward(config)` → Listener with `url()`
 * and `close()`; `onStatusChange` reports 'closed' when the session is lost and 'connected' when ngrok's own
 * reconnect succeeded; errors carry `errorCode` = ERR_NGROK_<n> when ngrok's cloud refused).
 */
import { TunnelError, type TunnelConnection, type TunnelConnectOptions, type TunnelProvider } from './provider';
import { ngrokCodeOf } from './ngrok-errors';

type NgrokModule = typeof import('@ngrok/ngrok');

export interface NgrokProviderOptions {
  /**
   * ngrok's ingress address (`host:port`), for a custom agent ingress; default ngrok's own
   * (https://ngrok.com/docs/agent/config/ `server_addr`). Tests point it at loopback.
   */
  serverAddr?: string;
  /** Loads the module; default `import('@ngrok/ngrok')`. */
  load?: () => Promise<NgrokModule>;
}

/** One line of ngrok's message: its multi-line errors end with `error_code: ...` lines we carry separately. */
function firstLine(message: string): string {
  return (message.split('\n')[0] ?? '').replace(/,?\s*error_code: ERR_NGROK_\d+\s*$/, '').trim();
}

/** Creates the @ngrok/ngrok provider. The module is loaded on the first connect, so a missing build fails there. */
export function createNgrokProvider(options: NgrokProviderOptions = {}): TunnelProvider {
  const load = options.load ?? (() => import('@ngrok/ngrok'));
  let loaded: Promise<NgrokModule> | undefined;
  return {
    async connect({ port, authtoken, domain, onEvent }: TunnelConnectOptions): Promise<TunnelConnection> {
      let ngrok: NgrokModule;
      try {
        loaded ??= load().then((m) => (m as { default?: NgrokModule }).default ?? m);
        ngrok = await loaded;
      } catch (error) {
        loaded = undefined;
        const reason = error instanceof Error ? firstLine(error.message) : String(error);
        throw new TunnelError(`The ngrok module could not be loaded on this system (${reason}).`, null);
      }
      let listener: Awaited<ReturnType<NgrokModule['forward']>>;
      try {
        listener = await ngrok.forward({
          addr: `127.0.0.1:${port}`,
          authtoken,
          ...(domain ? { domain } : {}),
          ...(options.serverAddr ? { server_addr: options.serverAddr } : {}),
          onStatusChange: (status: string) => {
            if (status === 'connected') onEvent({ type: 'reconnected' });
            else if (status === 'closed') onEvent({ type: 'disconnected', message: 'The connection to ngrok was lost.' });
          },
        });
      } catch (error) {
        const raw = error instanceof Error ? error.message : String(error);
        const given = (error as { errorCode?: unknown }).errorCode;
        const code = typeof given === 'string' ? given : ngrokCodeOf(raw);
        throw new TunnelError(firstLine(raw) || 'ngrok failed without a message.', code);
      }
      const url = listener.url();
      if (!url) {
        await listener.close().catch(() => undefined);
        throw new TunnelError('ngrok opened the tunnel without a public URL.', null);
      }
      return {
        url: () => listener.url() ?? url,
        close: () => listener.close().catch(() => undefined),
      };
    },
  };
}
