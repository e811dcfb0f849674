/**
 * The state snapshot cut short while `serve` runs (its text columns are read from that file on demand): the
 * listener must keep answering, never exit, and every event answered 200 must come back after a restart.
 * The real bin spawned with node, a real folder, real loopback HTTP.
 */
import { open, stat, truncate } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openColumnFile } from '../../electron/core/state/columns/column-file';
import { ndjson, postSigned, profileData, recordEvent, removeDir, runCli, startServe, tempDir, type RunningServe } from '../support/core';

let dir: string;
let serve: RunningServe | null = null;

afterEach(async () => {
  await serve?.stop();
  serve = null;
  await removeDir(dir);
});

const body = (i: number, type = 'record.new'): string =>
  recordEvent(`ev_cut_${i}`, type, `rec_${i}`, profileData(`Name${i}`, `Family${i}`, { note: 'x'.repeat(200) }));

/** A folder with `n` events and the snapshot written at a clean stop, then `serve` started on it again. */
async function servedFolder(n: number): Promise<RunningServe> {
  dir = await tempDir();
  const first = await startServe(['--data', dir]);
  for (let i = 0; i < n; i++) expect((await postSigned(first.url, body(i))).status).toBe(200);
  expect(await first.stop()).toBe(0);
  return startServe(['--data', dir]);
}

/** Where the events' eventId text lies in `state.snapshot` (byte offset and length). */
function eventIdText(file: string): { position: number; bytes: number } {
  const reader = openColumnFile(file);
  const entry = reader.sections.get('events')?.columns.get('h.eventId.data');
  reader.discard();
  if (!entry) throw new Error('no eventId column in the snapshot');
  return entry;
}

/**
 * Cuts `state.snapshot` right after the events' eventId text, as a disk tool or a user might: the eventIds
 * still read, the names, emails and employees no longer do.
 */
async function cutSnapshot(): Promise<void> {
  const file = join(dir, 'state.snapshot');
  const { position, bytes } = eventIdText(file);
  expect(position + bytes).toBeLessThan((await stat(file)).size / 2);
  await truncate(file, position + bytes);
}

/** Overwrites the events' eventId text in `state.snapshot` in place (same size, other bytes), as a copy over it would. */
async function overwriteEventIds(): Promise<void> {
  const file = join(dir, 'state.snapshot');
  const { position, bytes } = eventIdText(file);
  const handle = await open(file, 'r+');
  await handle.write(Buffer.alloc(bytes, 'z'), 0, bytes, position);
  await handle.close();
}

describe('state.snapshot cut while serve runs', () => {
  it('a redelivery of a stored event is answered and the listener stays up', async () => {
    serve = await servedFolder(200);
    await cutSnapshot();
    const again = await postSigned(serve.url, body(0)).catch((e: Error) => ({ status: 0, body: e.message }));
    expect(again.status, again.body).toBeGreaterThan(0);
    const after = await postSigned(serve.url, body(500));
    expect(after.status, after.body).toBe(200);
    expect(serve.child.exitCode, serve.stderr()).toBeNull();
  });

  it('a record.modified of a stored employee is kept under its own seq, and all come back after a restart', async () => {
    serve = await servedFolder(200);
    await cutSnapshot();
    const answers: Array<{ eventId: string; status: number; body: string }> = [];
    for (const [i, type] of [
      [600, 'record.new'],
      [3, 'record.modified'],
      [601, 'record.new'],
    ] as const) {
      const sent = i === 3 ? recordEvent('ev_cut_mod_3', type, 'rec_3', profileData('Renamed', 'Three')) : body(i, type);
      const r = await postSigned(serve.url, sent).catch((e: Error) => ({ status: 0, body: e.message }));
      answers.push({ eventId: JSON.parse(sent).eventId as string, status: r.status, body: r.body });
    }
    expect(
      answers.map((a) => a.status),
      JSON.stringify(answers),
    ).toEqual([200, 200, 200]);
    expect(serve.child.exitCode, serve.stderr()).toBeNull();
    await serve.stop();
    serve = await startServe(['--data', dir]);
    const exported = await runCli(['export', 'events', '--data', dir]);
    const ids = ndjson(exported.stdout).map((e) => e.eventId);
    for (const a of answers.filter((x) => x.status === 200)) expect(ids, a.eventId).toContain(a.eventId);
    expect(new Set(ids).size).toBe(ids.length);
    const fsck = await runCli(['fsck', '--data', dir]);
    expect(fsck.stdout.trim().split('\n').at(-1)).toContain('"summary":"clean"');
  });

  // Known bug, for the lead (electron/core/state/columns/file-region.ts): a snapshot overwritten in place is
  // read as it now is, so a stored eventId no longer matches and its redelivery is stored a second time (fsck
  // then reports duplicate-event for good); queries show the new bytes as ids and names. `it.fails` until fixed.
  it.fails('overwritten in place: a redelivery of a stored event is not stored twice', async () => {
    serve = await servedFolder(50);
    await overwriteEventIds();
    const again = await postSigned(serve.url, body(0)).catch((e: Error) => ({ status: 0, body: e.message }));
    expect(again.body).not.toContain('"stored"');
    await serve.stop();
    serve = null;
    const fsck = await runCli(['fsck', '--data', dir]);
    expect(fsck.stdout).not.toContain('duplicate-event');
  });
});
