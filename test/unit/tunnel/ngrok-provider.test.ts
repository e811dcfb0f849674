/**
 * The @ngrok/ngrok adapter's own logic with a stand-in module (the real module is exercised in
 * test/integration/tunnel-ngrok.test.ts): load failures, ngrok's error codes, session status mapping.
 */
import { describe, expect, it } from 'vitest';
import { createNgrokProvider } from '../../../electron/core/tunnel/ngrok-provider';
import { TunnelError, type TunnelSessionEvent } from '../../../electron/core/tunnel/provider';

type Forward = (config: Record<string, unknown>) => Promise<{ url(): string | null; close(): Promise<void> }>;
const withForward = (forward: Forward) => createNgrokProvider({ load: async () => ({ forward }) as never });
/** The rejection of `promise` (fails the test when it resolves). */
const failureOf = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e as TunnelError,
  );
const options = (events: TunnelSessionEvent[] = []) => ({
  port: 8787,
  authtoken: 'tok_12345678',
  domain: null,
  onEvent: (e: TunnelSessionEvent) => events.push(e),
});

describe('the @ngrok/ngrok provider', () => {
  it('a module that cannot load is a TunnelError in one line', async () => {
    const provider = createNgrokProvider({ load: () => Promise.reject(new Error("Cannot find module '@ngrok/ngrok-linux-x64-gnu'\nRequire stack:\n- x")) });
    const error = await failureOf(provider.connect(options()));
    expect(error).toBeInstanceOf(TunnelError);
    expect(error.message).toBe("The ngrok module could not be loaded on this system (Cannot find module '@ngrok/ngrok-linux-x64-gnu').");
    expect(error.code).toBeNull();
  });

  it('carries ngrok’s error code and drops the trailing error_code text', async () => {
    const provider = withForward(async () => {
      throw Object.assign(
        new Error(
          'authentication failed: The authtoken you specified does not look like a proper ngrok authtoken.\n\nERR_NGROK_105\n, error_code: ERR_NGROK_105',
        ),
        { errorCode: 'ERR_NGROK_105' },
      );
    });
    const error = await failureOf(provider.connect(options()));
    expect(error.code).toBe('ERR_NGROK_105');
    expect(error.message).toBe('authentication failed: The authtoken you specified does not look like a proper ngrok authtoken.');
  });

  it('forwards to the loopback listener with the token and domain, and maps session status', async () => {
    let config: Record<string, unknown> = {};
    let url = 'https://a.ngrok.app';
    const provider = withForward(async (c) => {
      config = c;
      return { url: () => url, close: async () => undefined };
    });
    const events: TunnelSessionEvent[] = [];
    const connection = await provider.connect({ ...options(events), domain: 'a.ngrok.app' });
    expect(config).toMatchObject({ addr: '127.0.0.1:8787', authtoken: 'tok_12345678', domain: 'a.ngrok.app' });
    expect(connection.url()).toBe('https://a.ngrok.app');
    (config.onStatusChange as (s: string) => void)('closed');
    url = 'https://b.ngrok.app';
    (config.onStatusChange as (s: string) => void)('connected');
    expect(events).toEqual([{ type: 'disconnected', message: 'The connection to ngrok was lost.' }, { type: 'reconnected' }]);
    expect(connection.url()).toBe('https://b.ngrok.app');
  });
});
