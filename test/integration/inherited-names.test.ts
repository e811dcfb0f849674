/**
 * Signed events whose ids are names Object.prototype has (`constructor`, `__proto__`, `toString`,
 * `hasOwnProperty`), over real HTTP (issue 14, break 3): each is stored and counted as itself, in the runs
 * and after a restart from the snapshot, never as an inherited function or a crash.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCompanion } from '../../electron/core/companion';
import type { CompanionService } from '../../electron/core/companion';
import { silentLogger } from '../../electron/core/log';
import { createHeadlessSecretStore } from '../../electron/core/secrets/headless-secret-store';
import { PRODUCTION_KEY, postSigned, removeDir, tempDir } from '../support/core';

let dir: string;

const open = (): Promise<CompanionService> =>
  openCompanion({ dataDir: dir, port: 0, log: silentLogger, secrets: createHeadlessSecretStore(dir, { KNIT_API_KEY: PRODUCTION_KEY }) });

/** A signed event with the given ids, as Knit's envelope carries them. */
const event = (eventId: string, eventType: string, syncRunId: string, recordId = 'toString'): string =>
  JSON.stringify({ eventId, eventType, eventData: {}, syncType: 'delta_sync', syncDataType: 'employee', syncJobId: 'constructor', syncRunId, recordId });

beforeAll(async () => {
  dir = await tempDir();
});
afterAll(async () => {
  await removeDir(dir);
});

describe('ids named like Object.prototype members', () => {
  it('counts eventType constructor in run __proto__ as itself, before and after a restart', async () => {
    let companion = await open();
    const sends = [
      event('constructor', 'constructor', '__proto__'),
      event('__proto__', '__proto__', '__proto__'),
      event('toString', 'toString', 'constructor'),
      event('hasOwnProperty', 'record.new', 'hasOwnProperty', '__proto__'),
    ];
    for (const body of sends) expect((await postSigned(companion.listenerUrl, body)).status).toBe(200);
    const runs = async (): Promise<Record<string, Record<string, number>>> =>
      Object.fromEntries((await companion.listRuns()).map((r) => [`run ${r.syncRunId}`, { ...r.counts }]));
    expect(await runs()).toEqual({
      'run __proto__': { constructor: 1, ['__proto__']: 1 },
      'run constructor': { toString: 1 },
      'run hasOwnProperty': { 'record.new': 1 },
    });
    expect(JSON.stringify((await companion.listRuns()).map((r) => r.counts))).not.toContain('function');
    expect((await companion.listEvents()).map((e) => e.eventId)).toEqual(['constructor', '__proto__', 'toString', 'hasOwnProperty']);
    await companion.close();

    companion = await open(); // from the snapshot written at close
    expect((await postSigned(companion.listenerUrl, event('constructor_2', 'constructor', '__proto__'))).status).toBe(200);
    expect((await postSigned(companion.listenerUrl, event('constructor', 'constructor', '__proto__'))).status).toBe(200);
    expect(await runs()).toMatchObject({ 'run __proto__': { constructor: 2, ['__proto__']: 1 } });
    expect((await companion.getStatus()).counts).toMatchObject({ received: 5, retries: 1 });
    await companion.close();
  });
});
