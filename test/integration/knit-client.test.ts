/**
 * KnitClient against the Knit emulator over real HTTP on loopback: envelopes, 401, 429 with Retry-After,
 * 5xx retries, bounded retries, timeouts, refused connections, and the key never in an error or log line.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MODEL_IDS } from '../../shared/knit/models';
import { KnitClient, type KnitClientOptions } from '../../electron/core/knit/client';
import { KnitApiError } from '../../electron/core/knit/errors';
import { Emulator, type RunningEmulator } from '../../electron/core/emulator/emulator';
import { startTestReceiver, type TestReceiver } from './emulator-test-receiver';

const KEY = 'sk_test_Zq8vL2pN6xR4tY7uW1aB';
const START = { models: DEFAULT_MODEL_IDS, frequency: 'standard' as const, destination: '' };

let running: RunningEmulator;
let receiver: TestReceiver;
const messages: string[] = [];

beforeAll(async () => {
  receiver = await startTestReceiver(KEY);
  START.destination = receiver.url;
  running = await Emulator.start({ apiKey: KEY, employees: 3, deltaEverySeconds: null });
});
afterEach(() => running.emulator.faults.clear());
afterAll(async () => {
  // Every sentence any test produced, errors and log lines alike: none may carry the key.
  for (const m of messages) expect(m).not.toContain(KEY);
  expect(messages.length).toBeGreaterThan(5);
  await running.close();
  await receiver.close();
});

/** A client whose backoff waits are recorded instead of slept, and whose log lines are kept. */
function client(overrides: Partial<KnitClientOptions> = {}) {
  const waits: number[] = [];
  const c = new KnitClient({
    baseUrl: running.baseUrl,
    apiKey: KEY,
    integrationId: 'int_client',
    environment: 'sandbox',
    sleep: async (ms) => void waits.push(ms),
    log: (line) => messages.push(line),
    ...overrides,
  });
  return { c, waits };
}

async function failure(promise: Promise<unknown>): Promise<KnitApiError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(KnitApiError);
  const e = error as KnitApiError;
  messages.push(e.message, String(e.stack));
  return e;
}

describe('KnitClient against the emulator', () => {
  it('unwraps the success envelope; sync.start is idempotent per integration', async () => {
    const { c } = client();
    const first = await c.syncStart(START);
    const second = await c.syncStart(START);
    expect(first.syncJobId).toMatch(/^sj_/);
    expect(first.syncRunId).toMatch(/^sr_/);
    expect(second.syncJobId).toBe(first.syncJobId);
    expect(second.syncRunId).not.toBe(first.syncRunId);
    expect(await c.syncPause({ syncJobId: first.syncJobId })).toMatchObject({ syncJobId: first.syncJobId, status: 'paused' });
    expect(await c.syncResume({ syncJobId: first.syncJobId })).toMatchObject({ status: 'active' });
    expect(await c.syncUpdate({ syncJobId: first.syncJobId, frequency: 'high' })).toMatchObject({ syncJobId: first.syncJobId });
    await running.emulator.idle();
  });

  it('turns 401 into "the API key is not valid for the <env> environment" with the execution id, not retried', async () => {
    const { c, waits } = client({ apiKey: 'wrong-key-0000000000' });
    const e = await failure(c.syncStart(START));
    expect(e.kind).toBe('unauthorized');
    expect(e.status).toBe(401);
    expect(e.executionId).toMatch(/^ex_/);
    expect(e.message).toBe(
      `Knit sync.start failed: the API key is not valid for the sandbox environment (HTTP 401; Knit says "Invalid API key"; execution id ${e.executionId}).`,
    );
    expect(waits).toEqual([]);
  });

  it("refusals carry Knit's error.msg", async () => {
    const { c } = client();
    const e = await failure(c.syncPause({ syncJobId: 'sj_unknown' }));
    expect(e.kind).toBe('rejected');
    expect(e.message).toContain('"sync job sj_unknown not found for integration int_client"');
    expect(e.message).toContain('HTTP 404');
  });

  it('waits as long as Retry-After says (seconds) on 429, then succeeds', async () => {
    running.emulator.faults.add({ status: 429, retryAfter: '2' }, 2);
    const { c, waits } = client();
    const result = await c.syncStart(START);
    expect(result.syncJobId).toMatch(/^sj_/);
    expect(waits).toHaveLength(2);
    for (const w of waits) expect(w).toBeGreaterThanOrEqual(2000);
    await running.emulator.idle();
  });

  it('honours Retry-After as an HTTP date', async () => {
    running.emulator.faults.add({ status: 503, retryAfter: new Date(Date.now() + 5_000).toUTCString() });
    const { c, waits } = client();
    await c.syncUpdate({ syncJobId: (await c.syncStart(START)).syncJobId, frequency: 'medium' });
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThan(2_000);
    await running.emulator.idle();
  });

  it('retries 5xx with exponential backoff, then succeeds', async () => {
    running.emulator.faults.add({ status: 500 }, 2);
    const { c, waits } = client({ retry: { baseDelayMs: 100 } });
    expect((await c.syncStart(START)).syncJobId).toMatch(/^sj_/);
    expect(waits).toHaveLength(2);
    expect(waits[0]).toBeLessThanOrEqual(100);
    expect(waits[1]).toBeGreaterThan(100);
    expect(messages.some((m) => m.includes('Knit sync.start: HTTP 500, retrying in'))).toBe(true);
    await running.emulator.idle();
  });

  it('gives up after the bounded attempts with one clear sentence', async () => {
    running.emulator.faults.add({ status: 502 }, 10);
    const { c, waits } = client({ retry: { attempts: 3 } });
    const e = await failure(c.syncStart(START));
    expect(e.kind).toBe('unavailable');
    expect(e.attempts).toBe(3);
    expect(waits).toHaveLength(2);
    expect(e.message).toMatch(
      /^Knit sync\.start failed: Knit is unavailable or rate-limiting, try again later \(HTTP 502; Knit says "injected failure \(HTTP 502\)"; execution id ex_\w+; 3 attempts\)\.$/,
    );
  });

  it('does not wait for a Retry-After beyond its limit', async () => {
    running.emulator.faults.add({ status: 429, retryAfter: '3600' });
    const { c, waits } = client();
    const e = await failure(c.syncStart(START));
    expect(e.kind).toBe('unavailable');
    expect(e.message).toContain('asked to retry after 3600 s');
    expect(waits).toEqual([]);
  });

  it('times out a request that gets no answer', async () => {
    running.emulator.faults.add({ delayMs: 1_500, status: 200 });
    const { c } = client({ timeoutMs: 200 });
    const e = await failure(c.syncStart(START));
    expect(e.kind).toBe('timeout');
    expect(e.message).toBe(`Knit sync.start failed: ${new URL(running.baseUrl).host} did not answer within 0.2 s.`);
  });

  it('says the host could not be reached when the connection is refused', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const { c, waits } = client({ baseUrl: `http://127.0.0.1:${port}/v1.0`, retry: { attempts: 2 } });
    const e = await failure(c.syncStart(START));
    expect(e.kind).toBe('network');
    expect(waits).toHaveLength(1);
    expect(e.message).toBe(`Knit sync.start failed: could not reach 127.0.0.1:${port} (ECONNREFUSED) (2 attempts).`);
  });

  it('rejects a 2xx that is not the envelope, and redacts a key echoed by Knit', async () => {
    running.emulator.faults.add({ status: 200, body: '<html>proxy login</html>' });
    running.emulator.faults.add({ status: 400, body: JSON.stringify({ success: false, error: { msg: `bad key ${KEY} for this call` } }) });
    const { c } = client();
    expect((await failure(c.syncStart(START))).kind).toBe('invalid-response');
    const echoed = await failure(c.syncStart(START));
    expect(echoed.knitMessage).toBe('bad key [API key] for this call');
    expect(echoed.message).not.toContain(KEY);
  });
});
