/**
 * Replay over real HTTP on loopback, in process: a whole sync run in its original arrival order, a selection,
 * re-signing with another environment's key, progress in update batches, attempts on the event detail, and
 * the refusals (unknown event, empty run, environment without a key, bad input).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UpdateBatch } from '../../shared/api/types';
import { openCompanion } from '../../electron/core/companion';
import type { CompanionService } from '../../electron/core/companion';
import { silentLogger } from '../../electron/core/log';
import { createHeadlessSecretStore } from '../../electron/core/secrets/headless-secret-store';
import { PRODUCTION_KEY, SANDBOX_KEY, postSigned, profileData, recordEvent, removeDir, tempDir } from '../support/core';
import { deadUrl, startTarget } from './forward-target';

let dir: string;
let companion: CompanionService;
const batches: UpdateBatch[] = [];
/** Arrival order: runs A and B interleaved. */
const arrivals = ['a1', 'b1', 'a2', 'a3', 'b2', 'a4'].map((n) => ({ eventId: `e_${n}`, run: `sr_${n[0]?.toUpperCase()}` }));

beforeAll(async () => {
  dir = await tempDir();
  companion = await openCompanion({
    dataDir: dir,
    port: 0,
    log: silentLogger,
    secrets: createHeadlessSecretStore(dir, { KNIT_API_KEY: PRODUCTION_KEY, KNIT_SANDBOX_API_KEY: SANDBOX_KEY }),
  });
  companion.subscribe((b) => batches.push(b));
  for (const [i, { eventId, run }] of arrivals.entries()) {
    const body = recordEvent(eventId, 'record.new', `r_${i}`, profileData('Åsa', `Öberg${i}`), run);
    expect((await postSigned(companion.listenerUrl, body)).status).toBe(200);
  }
});
afterAll(async () => {
  await companion.close();
  await removeDir(dir);
});

describe('replay', () => {
  it('sends every event of a run in its original arrival order, with the original signature and bytes', async () => {
    const handler = await startTarget(PRODUCTION_KEY);
    try {
      const result = await companion.replay({ to: handler.url, syncRunId: 'sr_A' });
      expect(result).toMatchObject({ sent: 4, ok: 4, failed: 0 });
      expect(result.replayId).toMatch(/^rp_[0-9a-f]{12}$/);
      expect(handler.received.map((r) => r.eventId)).toEqual(['e_a1', 'e_a2', 'e_a3', 'e_a4']);
      expect(handler.received.every((r) => r.signatureOk)).toBe(true);
      const stored = await companion.getEvent({ eventId: 'e_a2' });
      expect(handler.received[1]?.body.equals(Buffer.from(stored?.rawBody ?? ''))).toBe(true);
      expect(handler.received[1]?.headers['x-knit-signature']).toBe(stored?.headers['x-knit-signature']);
      expect(result.attempts.map((a) => [a.eventId, a.status, a.kind, a.replayId, a.resignedWith])).toEqual(
        ['e_a1', 'e_a2', 'e_a3', 'e_a4'].map((id) => [id, 200, 'replay', result.replayId, null]),
      );
      expect(stored?.forwards?.at(-1)).toMatchObject({ kind: 'replay', replayId: result.replayId, status: 200, url: handler.url });
      const jobs = () => batches.flatMap((b) => b.replays ?? []).filter((j) => j.replayId === result.replayId);
      for (let i = 0; i < 250 && jobs().at(-1)?.state !== 'done'; i++) await new Promise((r) => setTimeout(r, 20)); // the next batch flush
      expect(jobs().at(-1)).toMatchObject({ state: 'done', total: 4, sent: 4, ok: 4, failed: 0 });
    } finally {
      await handler.close();
    }
  });

  it('sends a selection in arrival order whatever order it was given in', async () => {
    const handler = await startTarget(PRODUCTION_KEY);
    try {
      const result = await companion.replay({ to: handler.url, eventIds: ['e_a4', 'e_b1', 'e_a1'] });
      expect(result.ok).toBe(3);
      expect(handler.received.map((r) => r.eventId)).toEqual(['e_a1', 'e_b1', 'e_a4']);
    } finally {
      await handler.close();
    }
  });

  it("re-signs with another environment's key, which the handler verifies", async () => {
    const sandboxHandler = await startTarget(SANDBOX_KEY);
    try {
      const original = await companion.replay({ to: sandboxHandler.url, eventIds: ['e_b2'] });
      expect(original).toMatchObject({ ok: 0, failed: 1, attempts: [{ status: 401, ok: false }] });
      const resigned = await companion.replay({ to: sandboxHandler.url, eventIds: ['e_b2'], resignWithEnvironment: 'sandbox' });
      expect(resigned).toMatchObject({ ok: 1, failed: 0, attempts: [{ status: 200, resignedWith: 'sandbox' }] });
      expect(sandboxHandler.received.map((r) => r.signatureOk)).toEqual([false, true]);
      expect(sandboxHandler.received[1]?.body.equals(sandboxHandler.received[0]?.body as Buffer)).toBe(true);
    } finally {
      await sandboxHandler.close();
    }
  });

  it('reports a handler that is down for each event and carries on', async () => {
    const result = await companion.replay({ to: await deadUrl(), syncRunId: 'sr_B' });
    expect(result).toMatchObject({ sent: 2, ok: 0, failed: 2 });
    expect(result.attempts.map((a) => a.error)).toEqual([expect.stringMatching(/connection refused/), expect.stringMatching(/connection refused/)]);
  });

  it('refuses an unknown event, a run without events, an environment without a key and a bad input, sending nothing', async () => {
    const handler = await startTarget(PRODUCTION_KEY);
    try {
      await expect(companion.replay({ to: handler.url, eventIds: ['e_a1', 'e_nope'] })).rejects.toThrow(/No stored event has the id e_nope/);
      await expect(companion.replay({ to: handler.url, syncRunId: 'sr_none' })).rejects.toThrow(/No stored event belongs to the sync run sr_none/);
      await expect(companion.replay({ to: handler.url, eventIds: ['e_a1'], resignWithEnvironment: 'staging' })).rejects.toThrow(/no environment named staging/);
      await companion.saveEnvironment({ name: 'staging', baseUrl: 'http://127.0.0.1:9/' });
      await expect(companion.replay({ to: handler.url, eventIds: ['e_a1'], resignWithEnvironment: 'staging' })).rejects.toThrow(/staging has no API key/);
      await expect(companion.replay({ to: handler.url, eventIds: ['e_a1'], syncRunId: 'sr_A' })).rejects.toThrow(/either eventIds or syncRunId/);
      await expect(companion.replay({ to: 'file:///etc/passwd', eventIds: ['e_a1'] })).rejects.toMatchObject({
        code: 'invalid_input',
        fields: [{ field: 'to' }],
      });
      expect(handler.received).toHaveLength(0);
    } finally {
      await handler.close();
    }
  });
});
