/**
 * listEmployees paging (electron/core/companion/employee-pages.ts) through the real Companion over a real
 * data folder in a temp dir, the events delivered signed over HTTP on loopback: pages by `afterKey` + `limit`
 * add up to the unpaged answer in (integrationId, recordId) order, with filters, and employees arriving
 * between pages are neither skipped nor repeated.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmployeeQuery } from '../../../shared/api/companion-api';
import type { EmployeeSummary } from '../../../shared/api/types';
import { openCompanion } from '../../../electron/core/companion';
import type { CompanionService } from '../../../electron/core/companion';
import { silentLogger } from '../../../electron/core/log';
import { createHeadlessSecretStore } from '../../../electron/core/secrets/headless-secret-store';
import { PRODUCTION_KEY, postSigned, profileData, recordEvent, removeDir, tempDir } from '../../support/core';

let dir: string;
let companion: CompanionService;
let sent = 0;

/** Delivers one signed record event for `recordId` of `integrationId`; expects 200. */
async function deliver(integrationId: string, recordId: string, type: 'record.new' | 'record.deleted' = 'record.new'): Promise<void> {
  const body = recordEvent(`e_${++sent}`, type, recordId, type === 'record.new' ? profileData(`P${recordId}`, 'Test') : {});
  const res = await postSigned(companion.listenerUrl, body, PRODUCTION_KEY, { 'X-Knit-Integration-Id': integrationId });
  expect(res.status).toBe(200);
}

/** Every page of `query` by `limit`, in order. */
async function pages(query: EmployeeQuery, limit: number, between?: (page: number) => Promise<void>): Promise<EmployeeSummary[][]> {
  const out: EmployeeSummary[][] = [];
  let afterKey: EmployeeQuery['afterKey'];
  for (;;) {
    const page = await companion.listEmployees({ ...query, afterKey, limit });
    out.push(page);
    const last = page[page.length - 1];
    if (!last || page.length < limit) return out;
    afterKey = { integrationId: last.integrationId, recordId: last.recordId };
    await between?.(out.length);
  }
}

const keys = (list: readonly EmployeeSummary[]): string[] => list.map((e) => `${e.integrationId}/${e.recordId}`);

beforeAll(async () => {
  dir = await tempDir('knit-employee-pages-');
  companion = await openCompanion({
    dataDir: dir,
    port: 0,
    log: silentLogger,
    noTunnel: true,
    secrets: createHeadlessSecretStore(dir, { KNIT_API_KEY: PRODUCTION_KEY }),
  });
  // r0..r10 in each integration; arrival order differs from key order on purpose: scrambled, interleaved.
  for (let i = 0; i < 11; i++) {
    await deliver('int_b', `r${(i * 7) % 11}`);
    await deliver('int_a', `r${(i * 5) % 11}`);
  }
  await deliver('int_a', 'r3', 'record.deleted');
  await deliver('int_b', 'r8', 'record.deleted');
});
afterAll(async () => {
  await companion?.close();
  await removeDir(dir);
});

describe('listEmployees paging', () => {
  it('pages add up to the unpaged answer, in (integrationId, recordId) order, each page at most `limit`', async () => {
    const all = await companion.listEmployees({ includeDeleted: true });
    expect(all).toHaveLength(22);
    expect(keys(all)).toEqual([...keys(all)].sort());
    expect(keys(all).slice(0, 3)).toEqual(['int_a/r0', 'int_a/r1', 'int_a/r10']);
    const paged = await pages({ includeDeleted: true }, 5);
    expect(paged.map((p) => p.length)).toEqual([5, 5, 5, 5, 2]);
    expect(keys(paged.flat())).toEqual(keys(all));
  });

  it('filters before counting the page: deleted ones left out unless asked for, one integration only', async () => {
    const active = (await pages({}, 4)).flat();
    expect(active).toHaveLength(20);
    expect(keys(active)).not.toContain('int_a/r3');
    expect(keys(active)).toEqual(keys(await companion.listEmployees()));
    const onlyB = await pages({ integrationId: 'int_b', includeDeleted: true }, 4);
    expect(onlyB.map((p) => p.length)).toEqual([4, 4, 3]);
    expect(new Set(onlyB.flat().map((e) => e.integrationId))).toEqual(new Set(['int_b']));
  });

  it('starts after `afterKey` even when no employee has that key', async () => {
    const page = await companion.listEmployees({ afterKey: { integrationId: 'int_a', recordId: 'r55' }, limit: 3, includeDeleted: true });
    expect(keys(page)).toEqual(['int_a/r6', 'int_a/r7', 'int_a/r8']);
    expect(await companion.listEmployees({ afterKey: { integrationId: 'int_z', recordId: 'r0' }, limit: 3 })).toEqual([]);
  });

  it('an employee arriving between pages shows on a later page when its key is ahead, and nothing is skipped or repeated', async () => {
    const before = keys(await companion.listEmployees({ includeDeleted: true }));
    const paged = await pages({ includeDeleted: true }, 6, async (page) => {
      if (page !== 1) return;
      await deliver('int_a', 'r00'); // behind the cursor (int_a/r10): the update stream tells the renderer
      await deliver('int_b', 'r99'); // ahead of it: on the last page
    });
    const seen = keys(paged.flat());
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual([...before, 'int_b/r99'].sort());
    expect(keys(await companion.listEmployees({ includeDeleted: true }))).toEqual([...before, 'int_a/r00', 'int_b/r99'].sort());
  });

  it('answers the current version of an employee that changed after its order was kept', async () => {
    await companion.listEmployees({ limit: 1 });
    await deliver('int_a', 'r0', 'record.deleted');
    const [first] = await companion.listEmployees({ includeDeleted: true, limit: 1 });
    expect(first).toMatchObject({ integrationId: 'int_a', recordId: 'r0', deleted: true });
    expect(keys(await companion.listEmployees({ limit: 1 }))).toEqual(['int_a/r00']);
  });
});
