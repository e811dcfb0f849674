/**
 * The renderer's HTTP transport, with the network seam injected (fetch and WebSocket constructors): one
 * method per COMPANION_METHODS entry posting JSON to /api/<method>, `{ok:false}` turned into a rejection
 * with the server's sentence, and the update socket reconnecting with backoff then asking for a re-query.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { COMPANION_METHODS } from '../../../shared/api/companion-api';
import type { UpdateBatch } from '../../../shared/api/types';
import { createHttpCompanion, reconnectDelay, RECONNECT_MAX_MS } from '../../../renderer/transport/http-companion';

class FakeSocket {
  static all: FakeSocket[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((m: { data: string }) => void) | null = null;
  onclose: (() => void) | null = null;
  closed = false;
  constructor(
    readonly url: string,
    readonly protocols?: string[],
  ) {
    FakeSocket.all.push(this);
  }
  close() {
    this.closed = true;
    this.onclose?.();
  }
}

beforeEach(() => {
  FakeSocket.all = [];
  vi.useFakeTimers();
});
afterEach(() => vi.useRealTimers());

const ws = FakeSocket as unknown as typeof WebSocket;

describe('createHttpCompanion', () => {
  it('has every contract method, posting JSON to /api/<method>', async () => {
    const requests: Array<{ url: string; init: RequestInit }> = [];
    const fetch = (async (url: string, init: RequestInit) => {
      requests.push({ url, init });
      return new Response(JSON.stringify({ ok: true, result: { seen: true } }));
    }) as unknown as typeof globalThis.fetch;
    const api = createHttpCompanion({ origin: 'http://127.0.0.1:9', token: 'tok_1', fetch, WebSocket: ws });
    for (const m of COMPANION_METHODS) expect(typeof api[m]).toBe('function');
    expect(await api.getEvent({ eventId: 'e_1' })).toEqual({ seen: true });
    await api.getStatus();
    expect(requests[0]).toMatchObject({
      url: 'http://127.0.0.1:9/api/getEvent',
      init: { method: 'POST', body: '{"eventId":"e_1"}', credentials: 'omit', headers: { Authorization: 'Bearer tok_1', 'Content-Type': 'application/json' } },
    });
    expect(requests[1]?.init.body).toBeUndefined();
    expect(requests[1]?.init.headers).toEqual({ Authorization: 'Bearer tok_1' });
  });

  it('rejects with the server sentence, or a clear one when unreachable', async () => {
    const refusing = (async () =>
      new Response(JSON.stringify({ ok: false, error: 'No API key is set for production.' }), { status: 500 })) as unknown as typeof fetch;
    await expect(createHttpCompanion({ origin: 'http://x', token: null, fetch: refusing, WebSocket: ws }).startSync({} as never)).rejects.toThrow(
      'No API key is set for production.',
    );
    const down = (async () => {
      throw new TypeError('fetch failed');
    }) as unknown as typeof fetch;
    await expect(createHttpCompanion({ origin: 'http://x', token: null, fetch: down, WebSocket: ws }).getStatus()).rejects.toThrow(/cannot be reached/);
  });

  it('streams batches, reconnects with backoff, then asks for a re-query with reset', () => {
    const states: string[] = [];
    const api = createHttpCompanion({ origin: 'http://127.0.0.1:9', token: 'tok_1', WebSocket: ws, onLinkState: (s) => states.push(s) });
    const got: UpdateBatch[] = [];
    const unsubscribe = api.subscribe((b) => got.push(b));
    expect(FakeSocket.all).toHaveLength(1);
    expect(FakeSocket.all[0]?.url).toBe('ws://127.0.0.1:9/api/updates');
    expect(FakeSocket.all[0]?.protocols).toEqual(['knit-ui', 'knit-token.tok_1']);
    FakeSocket.all[0]!.onopen?.();
    FakeSocket.all[0]!.onmessage?.({ data: JSON.stringify({ runs: [] }) });
    expect(got).toEqual([{ runs: [] }]);

    FakeSocket.all[0]!.onclose?.();
    expect(states.at(-1)).toBe('reconnecting');
    vi.advanceTimersByTime(reconnectDelay(0) - 1);
    expect(FakeSocket.all).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(FakeSocket.all).toHaveLength(2);
    FakeSocket.all[1]!.onopen?.();
    expect(got.at(-1)).toEqual({ reset: true });
    expect(states.at(-1)).toBe('online');

    unsubscribe();
    expect(FakeSocket.all[1]?.closed).toBe(true);
    vi.advanceTimersByTime(RECONNECT_MAX_MS * 2);
    expect(FakeSocket.all).toHaveLength(2);
  });

  it('backs off exponentially up to a cap', () => {
    expect([0, 1, 2, 3].map(reconnectDelay)).toEqual([500, 1000, 2000, 4000]);
    expect(reconnectDelay(20)).toBe(RECONNECT_MAX_MS);
  });
});
