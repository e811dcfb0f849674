/**
 * Forwarding over real HTTP on loopback, in process: a Companion with forward targets, Knit-signed deliveries
 * POSTed to its listener, and stand-in handlers (forward-target.ts) that check the signature over the bytes
 * they receive. Covers identical bytes and headers, retries recorded as attempts, a dead target that neither
 * blocks ingest nor the other targets nor grows its queue, redeliveries, filters and saved targets.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ForwardAttempt, UpdateBatch } from '../../shared/api/types';
import { openCompanion } from '../../electron/core/companion';
import type { CompanionOptions, CompanionService } from '../../electron/core/companion';
import { QUEUE_FULL } from '../../electron/core/forward/forwarder';
import { silentLogger } from '../../electron/core/log';
import { createHeadlessSecretStore } from '../../electron/core/secrets/headless-secret-store';
import { FIXTURES, PRODUCTION_KEY, postSigned, profileData, recordEvent, removeDir, tempDir } from '../support/core';
import { deadUrl, startTarget, type Target } from './forward-target';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function open(options: Partial<CompanionOptions> = {}): Promise<{ companion: CompanionService; dir: string; batches: UpdateBatch[] }> {
  const dir = await tempDir();
  const companion = await openCompanion({
    dataDir: dir,
    port: 0,
    log: silentLogger,
    secrets: createHeadlessSecretStore(dir, { KNIT_API_KEY: PRODUCTION_KEY }),
    forwarding: { retryDelaysMs: [20, 20], timeoutMs: 5_000 },
    ...options,
  });
  const batches: UpdateBatch[] = [];
  companion.subscribe((b) => batches.push(b));
  cleanups.push(async () => {
    await companion.close();
    await removeDir(dir);
  });
  return { companion, dir, batches };
}

async function target(...args: Parameters<typeof startTarget>): Promise<Target> {
  const t = await startTarget(...args);
  cleanups.push(() => t.close());
  return t;
}

/** Polls `check` until it returns a value (not undefined/false), for at most 10 s. */
async function eventually<T>(check: () => Promise<T | undefined | false> | T | undefined | false): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error('condition not met within 10 s');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The event's attempts once `n` are recorded. */
const attemptsOf = (companion: CompanionService, eventId: string, n: number): Promise<ForwardAttempt[]> =>
  eventually(async () => {
    const forwards = (await companion.getEvent({ eventId }))?.forwards ?? [];
    return forwards.length >= n && forwards;
  });

describe('forwarding', () => {
  it('forwards each verified event with identical bytes and Knit headers, after our own 200, and records the attempt', async () => {
    const handler = await target(PRODUCTION_KEY, () => ({ status: 200, body: `accepted ${'x'.repeat(2_000)}` }));
    const { companion, batches } = await open({ forwardTo: [handler.url] });
    const nonAscii = Buffer.from(recordEvent('e_utf8', 'record.new', 'r_utf8', profileData('Zoë', 'Ñúñez-Łukasiewicz', { note: '社員 🚀' })));
    const bodies = [await readFile(join(FIXTURES, 'record.new.json')), nonAscii];
    const headers = { 'X-Knit-Execution-Id': 'exec_42', 'Content-Type': 'application/json; charset=utf-8' };
    for (const body of bodies) {
      const res = await postSigned(companion.listenerUrl, body, PRODUCTION_KEY, headers);
      expect(res.status).toBe(200);
      expect(JSON.parse(res.body)).toMatchObject({ status: 'stored' });
    }
    await handler.waitFor(2);
    for (const [i, got] of handler.received.entries()) {
      expect(got.signatureOk).toBe(true);
      expect(got.body.equals(bodies[i] as Buffer)).toBe(true);
      expect(got.headers['x-knit-integration-id']).toBe('int_test');
      expect(got.headers['x-knit-execution-id']).toBe('exec_42');
      expect(got.headers['content-type']).toBe('application/json; charset=utf-8');
    }
    const detail = await companion.getEvent({ eventId: 'e_utf8' });
    expect(Buffer.from(detail?.rawBody ?? '').equals(nonAscii)).toBe(true);
    const [attempt] = await attemptsOf(companion, 'e_utf8', 1);
    expect(attempt).toMatchObject({ kind: 'forward', url: handler.url, status: 200, ok: true, attempt: 1, final: true, error: null, targetId: 'ft_session_1' });
    expect(attempt?.durationMs).toBeGreaterThanOrEqual(0);
    expect(Buffer.byteLength(attempt?.responsePreview ?? '')).toBe(512);
    expect(attempt?.responsePreview?.startsWith('accepted x')).toBe(true);
    await eventually(() => batches.some((b) => b.forwards?.some((a) => a.eventId === 'e_utf8')));
    const [listed] = await companion.listForwardTargets();
    expect(listed).toMatchObject({ url: handler.url, session: true, enabled: true, delivered: 2, failed: 0, queued: 0 });
  });

  it('retries a 500 with backoff and records every attempt; gives up after the bounded retries', async () => {
    const handler = await target(PRODUCTION_KEY, (got, n) =>
      got.eventId === 'e_flaky' && n === 1 ? { status: 500, body: 'boom' } : got.eventId === 'e_down' ? 503 : 200,
    );
    const { companion } = await open({ forwardTo: [handler.url] });
    expect((await postSigned(companion.listenerUrl, recordEvent('e_flaky', 'record.new', 'r1'))).status).toBe(200);
    expect((await postSigned(companion.listenerUrl, recordEvent('e_down', 'record.new', 'r2'))).status).toBe(200);
    const flaky = await attemptsOf(companion, 'e_flaky', 2);
    expect(flaky.map((a) => [a.attempt, a.status, a.ok, a.final])).toEqual([
      [1, 500, false, false],
      [2, 200, true, true],
    ]);
    expect(flaky[0]).toMatchObject({ responsePreview: 'boom', error: expect.stringMatching(/answered 500/) });
    const down = await attemptsOf(companion, 'e_down', 3);
    expect(down.map((a) => [a.attempt, a.status, a.final])).toEqual([
      [1, 503, false],
      [2, 503, false],
      [3, 503, true],
    ]);
    expect(handler.received.map((r) => r.eventId)).toEqual(['e_flaky', 'e_flaky', 'e_down', 'e_down', 'e_down']);
    await eventually(async () => (await companion.listForwardTargets())[0]?.failed === 1);
    expect((await companion.listForwardTargets())[0]).toMatchObject({ delivered: 1, failed: 1, lastError: expect.stringMatching(/503/) });
  });

  it('a dead target is reported, does not hold up ingest or the other target, and its queue stays bounded', async () => {
    const dead = await deadUrl();
    const alive = await target(PRODUCTION_KEY);
    // The dead target's first event waits a minute before its retry, so everything after it queues up.
    const { companion } = await open({ forwardTo: [dead, alive.url], forwarding: { retryDelaysMs: [60_000], queueCap: 3 } });
    const ids = Array.from({ length: 20 }, (_, i) => `e_burst_${String(i).padStart(2, '0')}`);
    const statuses: number[] = [];
    for (const id of ids) statuses.push((await postSigned(companion.listenerUrl, recordEvent(id, 'record.new', `r_${id}`))).status);
    expect(statuses).toEqual(ids.map(() => 200));
    await alive.waitFor(ids.length);
    expect(alive.received.map((r) => r.eventId)).toEqual(ids);

    const [first] = await attemptsOf(companion, ids[0] as string, 2);
    expect(first).toMatchObject({ url: dead, status: null, ok: false, final: false, error: expect.stringMatching(/connection refused/) });
    const targets = await companion.listForwardTargets();
    const deadTarget = targets.find((t) => t.url === dead);
    // one in its retry wait, three waiting, the other sixteen recorded as dropped
    expect(deadTarget).toMatchObject({ queued: 4, dropped: 16, delivered: 0, lastError: expect.stringMatching(/connection refused/) });
    const last = (await companion.getEvent({ eventId: ids[19] as string }))?.forwards ?? [];
    expect(last.find((a) => a.url === dead)).toMatchObject({ status: null, ok: false, final: true, durationMs: null, error: QUEUE_FULL });
    await eventually(async () => (await companion.listForwardTargets()).find((t) => t.url === alive.url)?.delivered === 20);
    expect(targets.find((t) => t.url === alive.url)?.dropped).toBe(0);
  });

  it('does not forward a redelivery of an event already stored', async () => {
    const handler = await target(PRODUCTION_KEY);
    const { companion } = await open({ forwardTo: [handler.url] });
    const body = recordEvent('e_once', 'record.new', 'r_once');
    expect((await postSigned(companion.listenerUrl, body)).status).toBe(200);
    const again = await postSigned(companion.listenerUrl, body);
    expect(JSON.parse(again.body)).toMatchObject({ status: 'duplicate' });
    expect((await postSigned(companion.listenerUrl, recordEvent('e_next', 'record.new', 'r_next'))).status).toBe(200);
    await handler.waitFor(2);
    // a target receives in arrival order: a forwarded redelivery would have come before e_next
    expect(handler.received.map((r) => r.eventId)).toEqual(['e_once', 'e_next']);
  });

  it('forgets the attempts of purged events, in memory and in forwards.jsonl', async () => {
    const handler = await target(PRODUCTION_KEY, () => ({ status: 200, body: 'hello Zoë' }));
    const { companion, dir } = await open({ forwardTo: [handler.url] });
    expect(
      (await postSigned(companion.listenerUrl, recordEvent('e_gone', 'record.new', 'r_gone'), PRODUCTION_KEY, { 'X-Knit-Integration-Id': 'int_gone' })).status,
    ).toBe(200);
    expect((await postSigned(companion.listenerUrl, recordEvent('e_kept', 'record.new', 'r_kept'))).status).toBe(200);
    await attemptsOf(companion, 'e_kept', 1);
    await eventually(async () => (await readFile(join(dir, 'forwards.jsonl'), 'utf8')).includes('e_kept'));
    expect(await readFile(join(dir, 'forwards.jsonl'), 'utf8')).toContain('e_gone');
    expect(await companion.purge({ integrationId: 'int_gone' })).toMatchObject({ events: 1 });
    const file = await readFile(join(dir, 'forwards.jsonl'), 'utf8');
    expect(file).not.toContain('e_gone');
    expect(file).toContain('e_kept');
    expect((await companion.getEvent({ eventId: 'e_kept' }))?.forwards).toHaveLength(1);
  });

  it('saves targets in the settings document, forwards only enabled ones and only the event types of their filter', async () => {
    const records = await target(PRODUCTION_KEY);
    const off = await target(PRODUCTION_KEY);
    const { companion, dir, batches } = await open();
    const saved = await companion.saveForwardTargets({
      targets: [
        { url: records.url, enabled: true, eventTypes: ['record.*'] },
        { url: off.url, enabled: false },
      ],
    });
    expect(saved.map((t) => [t.url, t.enabled, t.eventTypes, t.session])).toEqual([
      [records.url, true, ['record.*'], false],
      [off.url, false, [], false],
    ]);
    expect(saved.every((t) => /^ft_[0-9a-f]{12}$/.test(t.id))).toBe(true);
    const document = JSON.parse(await readFile(join(dir, 'companion.json'), 'utf8')) as { forwardTargets: unknown };
    expect(document.forwardTargets).toEqual(saved.map(({ id, url, enabled, eventTypes }) => ({ id, url, enabled, eventTypes })));
    await eventually(() => batches.some((b) => b.forwardTargets?.length === 2));

    for (const name of ['record.new', 'sync.events.processed', 'record.modified']) {
      expect((await postSigned(companion.listenerUrl, await readFile(join(FIXTURES, `${name}.json`)))).status).toBe(200);
    }
    await records.waitFor(2);
    const types = records.received.map((r) => (JSON.parse(r.body.toString('utf8')) as { eventType: string }).eventType);
    expect(types).toEqual(['record.new', 'record.modified']);
    await eventually(async () => (await companion.listForwardTargets())[0]?.delivered === 2);
    expect(off.received).toHaveLength(0);

    // re-saving keeps ids; an invalid input is refused
    const again = await companion.saveForwardTargets({ targets: saved.map((t) => ({ id: t.id, url: t.url, enabled: true })) });
    expect(again.map((t) => t.id)).toEqual(saved.map((t) => t.id));
    await expect(companion.saveForwardTargets({ targets: [{ url: 'ftp://x', enabled: true }] } as never)).rejects.toMatchObject({
      code: 'invalid_input',
      fields: [{ field: 'targets.0.url' }],
    });
  });
});
