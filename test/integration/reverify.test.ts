/**
 * Refused deliveries are kept in full and checked again with the current keys (issue 14): `knit-sync
 * reverify` through a running serve (after the key is saved in it) and on a folder no process holds; each
 * delivery that now verifies is stored (or found a duplicate) and leaves the rejected log, the others stay.
 * Real serve processes on loopback, real files.
 */
import { readdir } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CONTROL_TOKEN_HEADER } from '../../electron/core/companion/control-server';
import { readLock } from '../../electron/core/store/lock';
import { cliEnv, ndjson, post, postSigned, recordEvent, removeDir, runCli, SANDBOX_KEY, sign, startServe, tempDir } from '../support/core';
import { exportedEventIds } from '../reliability/support';

let dir: string;
beforeEach(async () => {
  dir = await tempDir('knit-reverify-');
});
afterEach(() => removeDir(dir));

const noKeys = (): NodeJS.ProcessEnv => cliEnv({ KNIT_API_KEY: undefined });

async function control(method: string, input: unknown): Promise<unknown> {
  const lock = await readLock(dir);
  const response = await fetch(`${lock!.control}/control/${method}`, {
    method: 'POST',
    headers: { [CONTROL_TOKEN_HEADER]: lock!.token! },
    body: JSON.stringify(input),
  });
  return ((await response.json()) as { result: unknown }).result;
}

/** The kept body files once there are `count` of them (they are written in the background), sorted. */
async function bodyFiles(count: number): Promise<string[]> {
  let names: string[] = [];
  for (let i = 0; i < 100; i++) {
    names = (await readdir(`${dir}/refused`).catch(() => [] as string[])).sort();
    if (names.length === count) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  return names;
}

describe('knit-sync reverify', () => {
  it('through a running serve: the key saved after the refusals stores them; a body no key signs stays refused', async () => {
    const serve = await startServe(['--data', dir], noKeys());
    for (const id of ['e_1', 'e_2', 'e_3']) expect((await postSigned(serve.url, recordEvent(id, 'record.new', `r_${id}`))).status).toBe(401);
    const forged = recordEvent('e_forged', 'record.new', 'r_forged');
    expect((await post(serve.url, forged, { 'X-Knit-Signature': sign(forged, SANDBOX_KEY) })).status).toBe(401);
    expect(await bodyFiles(4)).toEqual(['1.body', '2.body', '3.body', '4.body']);
    const rejected = (await control('listRejected', undefined)) as Array<{ id: number; fullBody?: string; syncRunId?: string }>;
    expect(rejected.map((r) => [r.fullBody, r.syncRunId])).toEqual(Array.from({ length: 4 }, () => ['kept', 'sr_test']));

    await control('setApiKey', { environment: 'production', key: 'test_key_production_123' });
    const first = await runCli(['reverify', '--data', dir]);
    expect(first.code).toBe(0);
    expect(ndjson(first.stdout)).toEqual([
      { id: 1, eventId: 'e_1', result: 'stored' },
      { id: 2, eventId: 'e_2', result: 'stored' },
      { id: 3, eventId: 'e_3', result: 'stored' },
      { id: 4, eventId: null, result: 'still_refused' },
      { checked: 4, stored: 3, duplicate: 0, stillRefused: 1, bodiesDropped: 0 },
    ]);
    expect(((await control('listRejected', undefined)) as Array<{ id: number }>).map((r) => r.id)).toEqual([4]);
    expect(await bodyFiles(1)).toEqual(['4.body']);

    const again = await runCli(['reverify', '--data', dir]);
    expect(ndjson(again.stdout)).toEqual([
      { id: 4, eventId: null, result: 'still_refused' },
      { checked: 1, stored: 0, duplicate: 0, stillRefused: 1, bodiesDropped: 0 },
    ]);
    expect(await serve.stop()).toBe(0);
    expect((await exportedEventIds(dir)).sort()).toEqual(['e_1', 'e_2', 'e_3']);
  });

  it('on a folder no process holds: stored, or a duplicate of an event stored since', async () => {
    const keyless = await startServe(['--data', dir], noKeys());
    for (const id of ['e_1', 'e_2']) expect((await postSigned(keyless.url, recordEvent(id, 'record.new', `r_${id}`))).status).toBe(401);
    expect(await keyless.stop()).toBe(0);
    const keyed = await startServe(['--data', dir]);
    expect((await postSigned(keyed.url, recordEvent('e_2', 'record.new', 'r_e_2'))).status).toBe(200);
    expect(await keyed.stop()).toBe(0);

    const result = await runCli(['reverify', '--data', dir]);
    expect(result.code).toBe(0);
    expect(ndjson(result.stdout)).toEqual([
      { id: 1, eventId: 'e_1', result: 'stored' },
      { id: 2, eventId: 'e_2', result: 'duplicate' },
      { checked: 2, stored: 1, duplicate: 1, stillRefused: 0, bodiesDropped: 0 },
    ]);
    expect((await exportedEventIds(dir)).sort()).toEqual(['e_1', 'e_2']);
    const rejected = await runCli(['export', 'rejected', '--data', dir]);
    expect(rejected.stdout).toBe('');
  });

  it('fails with one line and exit 1 on a folder that does not exist', async () => {
    const result = await runCli(['reverify', '--data', `${dir}/missing`]);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });
});
