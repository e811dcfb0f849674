/**
 * Pass-through and answer rules over real HTTP: the emulator delivers to a real Companion whose answers come
 * from the user's handler (pass-through) or from answer rules; every delivery is stored once, and every answer
 * shows on the event.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_MODEL_IDS } from '../../../shared/knit/models';
import { openCompanion } from '../../../electron/core/companion';
import type { CompanionOptions, CompanionService } from '../../../electron/core/companion';
import { Company } from '../../../electron/core/emulator/company';
import { initialChanges } from '../../../electron/core/emulator/deltas';
import { deliverRun } from '../../../electron/core/emulator/delivery';
import { silentLogger } from '../../../electron/core/log';
import { createHeadlessSecretStore } from '../../../electron/core/secrets/headless-secret-store';
import { parseAnswerRule } from '../../../electron/core/workbench/answer-rules';
import { PRODUCTION_KEY, postSigned, profileData, recordEvent, removeDir, tempDir } from '../../support/core';
import { startTestReceiver } from '../emulator-test-receiver';

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

async function companion(workbench: CompanionOptions['workbench']): Promise<CompanionService> {
  const dir = await tempDir();
  const c = await openCompanion({
    dataDir: dir,
    port: 0,
    log: silentLogger,
    secrets: createHeadlessSecretStore(dir, { KNIT_API_KEY: PRODUCTION_KEY }),
    noTunnel: true,
    workbench,
  });
  closers.push(async () => {
    await c.close();
    await removeDir(dir);
  });
  return c;
}

describe('pass-through', () => {
  it("the handler's 500 reaches the emulator, which retries; the event is stored once and shows every attempt", async () => {
    const perEvent = new Map<unknown, number>();
    const handler = await startTestReceiver(PRODUCTION_KEY, (r) => {
      const n = (perEvent.get(r.body.eventId) ?? 0) + 1;
      perEvent.set(r.body.eventId, n);
      return n <= 2 ? 500 : 200;
    });
    closers.push(() => handler.close());
    const c = await companion({ passThrough: { url: handler.url, timeoutMs: 2_000 } });
    const changes = initialChanges(new Company({ seed: 3, employees: 1 }), DEFAULT_MODEL_IDS);
    const run = await deliverRun({
      destination: c.listenerUrl,
      apiKey: PRODUCTION_KEY,
      integrationId: 'int_pt',
      syncJobId: 'sj_pt',
      syncType: 'initial_sync',
      changes,
      retry: { attempts: 4, baseDelayMs: 10, maxDelayMs: 20 },
    });

    expect(run).toMatchObject({ consumed: 1, allConsumedDelivered: true, answers: { '500': 6, '200': 3 }, retries: 6 });
    expect(handler.requests.every((r) => r.signatureValid)).toBe(true);
    const events = await c.listEvents();
    expect(events.map((e) => [e.eventType, e.retries])).toEqual([
      ['record.new', 2],
      ['sync.events.processed', 2],
      ['sync.events.allConsumed', 2],
    ]);
    const detail = await c.getEvent({ eventId: events[0]!.eventId });
    expect(detail?.forwards?.map((a) => [a.kind, a.attempt, a.status, a.url])).toEqual([
      ['pass-through', 1, 500, handler.url],
      ['pass-through', 2, 500, handler.url],
      ['pass-through', 3, 200, handler.url],
    ]);
    // the handler got the exact bytes Knit's emulator sent, each time
    const bodies = handler.requests.filter((r) => r.body.eventId === events[0]!.eventId).map((r) => r.raw.toString());
    expect(new Set(bodies).size).toBe(1);
  });

  it("passes the handler's status and body back as they are; 504 when it does not answer in time, 502 when it is down; stored either way", async () => {
    const handler = await startTestReceiver(PRODUCTION_KEY, () => 202);
    closers.push(() => handler.close());
    const c = await companion({ passThrough: { url: handler.url, timeoutMs: 300 } });
    const answered = await postSigned(c.listenerUrl, recordEvent('e_pt_1', 'record.new', 'r1', profileData('Ana', 'Okafor')));
    expect([answered.status, answered.body]).toEqual([202, 'not ok']);

    const silent = await companion({ passThrough: { url: `${handler.url.replace('/knithook', '')}/slow`, timeoutMs: 300 } });
    await handler.close();
    const down = await postSigned(silent.listenerUrl, recordEvent('e_pt_2', 'record.new', 'r2', profileData('Bo', 'Li')));
    expect(down.status).toBe(502);
    expect(JSON.parse(down.body)).toMatchObject({ error: 'pass_through_unreachable' });
    expect((await silent.listEvents()).map((e) => e.eventId)).toEqual(['e_pt_2']);
  });

  it('answers 504 when the handler is slower than the timeout', async () => {
    const { createServer } = await import('node:http');
    const hanging = createServer(() => {});
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
    closers.push(() => new Promise((resolve) => (hanging.closeAllConnections(), hanging.close(() => resolve()))));
    const port = (hanging.address() as import('node:net').AddressInfo).port;
    const c = await companion({ passThrough: { url: `http://127.0.0.1:${port}/knithook`, timeoutMs: 300 } });
    const timedOut = await postSigned(c.listenerUrl, recordEvent('e_pt_3', 'record.new', 'r3', profileData('Cy', 'Ng')));
    expect(timedOut.status).toBe(504);
    const detail = await c.getEvent({ eventId: 'e_pt_3' });
    expect(detail?.forwards?.[0]).toMatchObject({ kind: 'pass-through', status: null, error: 'no answer within 300 ms: answered 504' });
  });
});

describe('answer rules', () => {
  it('--respond 500::2 answers the first two deliveries of each event 500, then normally; all stored once', async () => {
    const c = await companion({ rules: [parseAnswerRule('500::2'), parseAnswerRule('200:50')] });
    const body = recordEvent('e_ar_1', 'record.new', 'r1', profileData('Ana', 'Okafor'));
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await postSigned(c.listenerUrl, body)).status);
    expect(statuses).toEqual([500, 500, 200]);
    const [event] = await c.listEvents();
    expect(event).toMatchObject({ eventId: 'e_ar_1', retries: 2 });
    const detail = await c.getEvent({ eventId: 'e_ar_1' });
    expect(detail?.forwards?.map((a) => [a.kind, a.attempt, a.status, a.url])).toEqual([
      ['answer', 1, 500, 'rule 500::2'],
      ['answer', 2, 500, 'rule 500::2'],
      ['answer', 3, 200, 'rule 200:50'],
    ]);
  });

  it('a rule with event types applies to those only', async () => {
    const c = await companion({ rules: [parseAnswerRule('503:0:1:record.deleted')] });
    expect((await postSigned(c.listenerUrl, recordEvent('e_ar_2', 'record.new', 'r2'))).status).toBe(200);
    expect((await postSigned(c.listenerUrl, recordEvent('e_ar_3', 'record.deleted', 'r2'))).status).toBe(503);
    expect((await postSigned(c.listenerUrl, recordEvent('e_ar_3', 'record.deleted', 'r2'))).status).toBe(200);
  });
});
