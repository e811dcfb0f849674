import { readFile, rm, writeFile } from 'node:fs/promises';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../electron/core/log';
import { parseEnvelope } from '../../../electron/core/receiver/envelope';
import { dataFiles, prepareDataDir } from '../../../electron/core/store/data-dir';
import { Store, type AcceptInput } from '../../../electron/core/store/store';
import { recordEvent, removeDir, tempDir } from '../../support/core';

let dir: string;
beforeEach(async () => {
  dir = await tempDir();
  await prepareDataDir(dir);
});
afterEach(() => removeDir(dir));

const open = (readOnly = false): Promise<Store> => Store.open({ dataDir: dir, log: silentLogger, readOnly });

function event(id: string): AcceptInput {
  const raw = Buffer.from(recordEvent(id, 'record.new', `r_${id}`));
  const parsed = parseEnvelope(raw);
  if (!parsed.ok) throw new Error(parsed.reason);
  return { eventId: id, raw, body: parsed.event, receivedAt: new Date().toISOString(), environment: 'production', integrationId: 'int_a', headers: {}, flags: [] };
}

async function exportedIds(): Promise<string[]> {
  const reader = await open(true);
  const ids: string[] = [];
  await reader.forEachEvent((line) => void ids.push(line.eventId));
  await reader.close();
  return ids;
}

describe('a journal whose last line was overwritten with zeros (size kept), behind a snapshot', () => {
  // The snapshot covers bytes that are now zeros: it must not be trusted (its position is checked against the
  // last non-zero byte, not the file's size), else recovery would keep the zeros below its end and append
  // after them, gluing the first event acknowledged after the restart to them in one unreadable line.
  it('an event acknowledged after the restart is exported, and survives a full replay', async () => {
    const first = await open();
    for (const id of ['e_1', 'e_2', 'e_3']) await first.accept(event(id));
    await first.close(); // writes the snapshot at the journal's end

    const journal = dataFiles(dir).journal;
    const bytes = await readFile(journal);
    const lastLineStart = bytes.lastIndexOf(10, bytes.length - 2) + 1;
    bytes.fill(0, lastLineStart); // e_3's line and its newline become zeros, the size stays
    await writeFile(journal, bytes);

    const restarted = await open();
    expect(restarted.problems.map((p) => p.kind)).toEqual(['corrupt-journal']); // e_3 is lost, and said so
    expect(restarted.problems[0]!.message).toContain('before the');
    expect(restarted.state.events.has('e_3')).toBe(false);
    expect((await restarted.accept(event('e_after'))).kind).toBe('stored'); // the listener answers 200 here
    await restarted.close();

    expect(await exportedIds()).toContain('e_after');
    await rm(dataFiles(dir).snapshot);
    const replayed = await open();
    expect(replayed.state.events.has('e_after')).toBe(true);
    await replayed.close();
  });
});
