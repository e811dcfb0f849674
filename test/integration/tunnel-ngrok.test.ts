/**
 * The real @ngrok/ngrok native module: it loads, and without a reachable ngrok it fails fast with a clear
 * message, never hangs. ngrok's ingress is pointed at loopback (its `server_addr` option) so no packet leaves
 * the machine: a closed port (connection refused, like being offline) and a server that accepts and never
 * answers (like a firewall that drops packets).
 */
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createNgrokProvider } from '../../electron/core/tunnel/ngrok-provider';
import { TunnelError } from '../../electron/core/tunnel/provider';
import { TunnelManager } from '../../electron/core/tunnel/tunnel-manager';

const TOKEN = '2abcdefFakeToken_1234567890';
const cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0)) await fn();
});

async function listen(onConnection?: (socket: net.Socket) => void): Promise<net.Server> {
  const server = net.createServer(onConnection ?? (() => undefined));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}
const portOf = (server: net.Server) => (server.address() as net.AddressInfo).port;

/** A loopback port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const server = await listen();
  const port = portOf(server);
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('@ngrok/ngrok (real module) without ngrok reachable', { timeout: 20_000 }, () => {
  it('loads and rejects with a TunnelError without a code when the ingress refuses', async () => {
    const provider = createNgrokProvider({ serverAddr: `127.0.0.1:${await closedPort()}` });
    const error = await provider.connect({ port: 8787, authtoken: TOKEN, domain: null, onEvent: () => undefined }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TunnelError);
    expect((error as TunnelError).code).toBeNull();
    expect((error as TunnelError).message).toMatch(/failed to connect session/);
    expect((error as TunnelError).message).not.toContain('\n');
  });

  it('through the manager: offline with a clear message and a retry planned', async () => {
    const manager = new TunnelManager({
      provider: createNgrokProvider({ serverAddr: `127.0.0.1:${await closedPort()}` }),
      port: 8787,
      retry: { initialMs: 60_000, maxMs: 60_000 },
    });
    cleanup.push(() => manager.close());
    const status = await manager.configure({ mode: 'ngrok', authtoken: TOKEN, domain: null, manualUrl: null });
    expect(status.state).toBe('offline');
    expect(status.error?.message).toMatch(/failed to connect session.*Retrying in 60 s; the local listener keeps working\./);
    expect(JSON.stringify(status)).not.toContain(TOKEN);
  });

  it('an ingress that never answers is given up after the connect timeout', async () => {
    const sockets: net.Socket[] = [];
    const silent = await listen((socket) => sockets.push(socket));
    cleanup.push(
      () =>
        new Promise<void>((resolve) => {
          for (const s of sockets) s.destroy();
          silent.close(() => resolve());
        }),
    );
    const manager = new TunnelManager({
      provider: createNgrokProvider({ serverAddr: `127.0.0.1:${portOf(silent)}` }),
      port: 8787,
      connectTimeoutMs: 1_000,
      retry: { initialMs: 60_000, maxMs: 60_000 },
    });
    cleanup.push(() => manager.close());
    const status = await manager.configure({ mode: 'ngrok', authtoken: TOKEN, domain: null, manualUrl: null });
    expect(status.state).toBe('offline');
    expect(status.error?.message).toMatch(/ngrok did not answer within 1 s/);
  });
});
