import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TunnelState } from '../../../shared/api/types';
import { TunnelManager, type PublicUrlChange, type TunnelConfig, type TunnelStatus } from '../../../electron/core/tunnel/tunnel-manager';
import { FakeNgrokProvider } from './fake-ngrok-provider';

const GOOD = '2abcdefGoodToken_1234567890';
const ngrok = (authtoken: string | null, domain: string | null = null): TunnelConfig => ({ mode: 'ngrok', authtoken, domain, manualUrl: null });

let managers: TunnelManager[] = [];
function setup(options: { timeoutMs?: number } = {}) {
  const provider = new FakeNgrokProvider();
  const manager = new TunnelManager({
    provider,
    port: 8787,
    connectTimeoutMs: options.timeoutMs ?? 5_000,
    retry: { initialMs: 20, maxMs: 80 },
  });
  managers.push(manager);
  const states: TunnelState[] = [];
  const urls: PublicUrlChange[] = [];
  manager.onStatus((s) => states.push(s.state));
  manager.onPublicUrl((c) => urls.push(c));
  return { provider, manager, states, urls };
}

/** Resolves with the first status in `state`. */
function next(manager: TunnelManager, state: TunnelState): Promise<TunnelStatus> {
  return new Promise((resolve) => {
    const off = manager.onStatus((s) => {
      if (s.state === state) {
        off();
        resolve(s);
      }
    });
  });
}

afterEach(async () => {
  await Promise.all(managers.map((m) => m.close()));
  managers = [];
});

describe('TunnelManager with a fake ngrok', () => {
  it('goes connecting → online and announces the public URL', async () => {
    const { manager, states, urls, provider } = setup();
    const status = await manager.configure(ngrok(GOOD));
    expect(states).toEqual(['connecting', 'online']);
    expect(status).toMatchObject({ mode: 'ngrok', state: 'online', publicUrl: 'https://fake1.ngrok-free.app', error: null, authtokenSet: true });
    expect(urls).toEqual([{ url: 'https://fake1.ngrok-free.app', previous: null }]);
    expect(provider.live()[0]!.options.port).toBe(8787);
  });

  it('uses the reserved domain', async () => {
    const { manager } = setup();
    const status = await manager.configure(ngrok(GOOD, 'acme.ngrok.app'));
    expect(status.publicUrl).toBe('https://acme.ngrok.app');
    expect(status.domain).toBe('acme.ngrok.app');
  });

  it("a bad token is an error with ngrok's code, advice, no retry and no token in the message", async () => {
    const { manager, provider } = setup();
    const bad = 'not-a-real-token-abcdef';
    const status = await manager.configure(ngrok(bad));
    expect(status.state).toBe('error');
    expect(status.error?.code).toBe('ERR_NGROK_105');
    expect(status.error?.message).toContain('dashboard.ngrok.com/get-started/your-authtoken');
    expect(status.error?.message).not.toContain(bad);
    await new Promise((r) => setTimeout(r, 100));
    expect(provider.connects).toBe(1);
  });

  it('no token: ERR_NGROK_4018 without calling ngrok', async () => {
    const { manager, provider } = setup();
    const status = await manager.configure(ngrok(null));
    expect(status).toMatchObject({ state: 'error', authtokenSet: false, error: { code: 'ERR_NGROK_4018' } });
    expect(status.error?.message).toMatch(/authtoken/);
    expect(provider.connects).toBe(0);
  });

  it('session limit: ERR_NGROK_108 explained', async () => {
    const { manager, provider } = setup();
    provider.otherSessions = 1;
    const status = await manager.configure(ngrok(GOOD));
    expect(status.error).toMatchObject({ code: 'ERR_NGROK_108' });
    expect(status.error?.message).toMatch(/only one agent session/);
  });

  it('offline: says so at once, retries with backoff and comes online when the network is back', async () => {
    const { manager, provider, states } = setup();
    provider.online = false;
    const status = await manager.configure(ngrok(GOOD));
    expect(status.state).toBe('offline');
    expect(status.error?.code).toBeNull();
    expect(status.error?.message).toMatch(/local listener keeps working/);
    const secondFailure = next(manager, 'offline');
    await secondFailure;
    expect(provider.connects).toBeGreaterThanOrEqual(2);
    provider.online = true;
    const online = await next(manager, 'online');
    expect(online.publicUrl).toMatch(/^https:\/\/fake\d\.ngrok-free\.app$/);
    expect(states.slice(0, 3)).toEqual(['connecting', 'offline', 'connecting']);
  });

  it('a connect that never answers times out with a clear message', async () => {
    const { manager, provider } = setup({ timeoutMs: 30 });
    provider.hang = true;
    const status = await manager.configure(ngrok(GOOD));
    expect(status.state).toBe('offline');
    expect(status.error?.message).toMatch(/did not answer within/);
  });

  it('a tunnel that comes up after the timeout is closed at once, not leaked', async () => {
    const { manager, provider } = setup({ timeoutMs: 20 });
    let release!: () => void;
    provider.gate = new Promise((resolve) => (release = resolve));
    expect((await manager.configure(ngrok(GOOD))).state).toBe('offline');
    release();
    await vi.waitFor(() => expect(provider.open[0]?.closed).toBe(true));
    // Only the connection the manager holds (its retry may have come online meanwhile) stays open.
    await vi.waitFor(() => expect(provider.live()).toHaveLength(manager.status.state === 'online' ? 1 : 0));
  });

  it('network loss: reconnecting, then online again; a new URL is announced', async () => {
    const { manager, provider, states, urls } = setup();
    await manager.configure(ngrok(GOOD));
    provider.loseNetwork();
    expect(manager.status.state).toBe('reconnecting');
    expect(manager.status.publicUrl).toBe('https://fake1.ngrok-free.app');
    provider.restoreNetwork('https://fake9.ngrok-free.app');
    expect(manager.status).toMatchObject({ state: 'online', publicUrl: 'https://fake9.ngrok-free.app', error: null });
    expect(states).toEqual(['connecting', 'online', 'reconnecting', 'online']);
    expect(urls.at(-1)).toEqual({ url: 'https://fake9.ngrok-free.app', previous: 'https://fake1.ngrok-free.app' });
  });

  it('a reconnect on the same URL announces nothing', async () => {
    const { manager, provider, urls } = setup();
    await manager.configure(ngrok(GOOD));
    provider.loseNetwork();
    provider.restoreNetwork();
    expect(urls).toHaveLength(1);
  });

  it('reconfiguring closes the old tunnel; events of the old one are ignored', async () => {
    const { manager, provider } = setup();
    await manager.configure(ngrok(GOOD));
    const first = provider.open[0]!;
    await manager.configure(ngrok(GOOD, 'acme.ngrok.app'));
    expect(first.closed).toBe(true);
    first.options.onEvent({ type: 'disconnected', message: 'lost' });
    expect(manager.status.state).toBe('online');
  });

  it('manual mode uses the given URL; off has none; both announce the change', async () => {
    const { manager, urls, provider } = setup();
    const manual = await manager.configure({ mode: 'manual', authtoken: null, domain: null, manualUrl: 'https://hooks.example.com' });
    expect(manual).toMatchObject({ mode: 'manual', state: 'online', publicUrl: 'https://hooks.example.com' });
    const off = await manager.configure({ mode: 'off', authtoken: GOOD, domain: null, manualUrl: null });
    expect(off).toMatchObject({ mode: 'off', state: 'off', publicUrl: null, error: null });
    expect(urls).toEqual([
      { url: 'https://hooks.example.com', previous: null },
      { url: null, previous: 'https://hooks.example.com' },
    ]);
    expect(provider.connects).toBe(0);
  });

  it('close() closes the tunnel, waits for it, reports off and stops retrying', async () => {
    const { manager, provider } = setup();
    await manager.configure(ngrok(GOOD));
    await manager.close();
    expect(provider.live()).toHaveLength(0);
    expect(manager.status).toMatchObject({ state: 'off', publicUrl: null });
    const offline = setup();
    offline.provider.online = false;
    await offline.manager.configure(ngrok(GOOD));
    await offline.manager.close();
    const before = offline.provider.connects;
    await new Promise((r) => setTimeout(r, 100));
    expect(offline.provider.connects).toBe(before);
  });
});
