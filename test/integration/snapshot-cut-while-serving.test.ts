/**
 * The state snapshot cut short or overwritten while `serve` runs (its text columns are read from that file on
 * demand): the listener refuses deliveries with 503 and the reason (Knit retries), never exits, and after a
 * restart takes them, each event once.
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
  it('a delivery after a cut is refused with 503 and the reason, and the listener stays up', async () => {
    serve = await servedFolder(200);
    await cutSnapshot();
    for (const sent of [body(0), body(500)]) {
      const r = await postSigned(serve.url, sent);
      expect(r.status, r.body).toBe(503);
      expect(r.body).toContain('was changed by another program while in use; restart to rebuild it');
    }
    expect(serve.child.exitCode, serve.stderr()).toBeNull();
  });

  it('what was refused after a cut is taken after a restart, each event once', async () => {
    serve = await servedFolder(200);
    await cutSnapshot();
    const sent = [body(600), recordEvent('ev_cut_mod_3', 'record.modified', 'rec_3', profileData('Renamed', 'Three')), body(601)];
    for (const one of sent) expect((await postSigned(serve.url, one)).status).toBe(503);
    await serve.stop();
    serve = await startServe(['--data', dir]); // the cut snapshot is set aside, the state rebuilt from the journal
    for (const one of [...sent, body(0)]) expect((await postSigned(serve.url, one)).status).toBe(200);
    const exported = await runCli(['export', 'events', '--data', dir]);
    const ids = ndjson(exported.stdout).map((e) => e.eventId);
    for (const id of ['ev_cut_600', 'ev_cut_mod_3', 'ev_cut_601', 'ev_cut_0']) expect(ids).toContain(id);
    expect(new Set(ids).size).toBe(ids.length);
    const fsck = await runCli(['fsck', '--data', dir]);
    expect(fsck.stdout.trim().split('\n').at(-1)).toContain('"summary":"clean"');
  });

  // The id index would compare with the new bytes, and a redelivery of a stored event would be stored a second
  // time (fsck then reporting duplicate-event for good): the listener refuses deliveries with 503 until a restart.
  it('overwritten in place: a redelivery of a stored event is refused with 503 and the reason, never stored twice', async () => {
    serve = await servedFolder(50);
    await overwriteEventIds();
    const again = await postSigned(serve.url, body(0)).catch((e: Error) => ({ status: 0, body: e.message }));
    expect(again.status).toBe(503);
    expect(again.body).toContain('was changed by another program while in use; restart to rebuild it');
    await serve.stop();
    serve = null;
    const fsck = await runCli(['fsck', '--data', dir]);
    expect(fsck.stdout).not.toContain('duplicate-event');
  });
});
