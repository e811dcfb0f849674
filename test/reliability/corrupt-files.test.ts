/**
 * Recovery from damaged files (issue 6; ARCHITECTURE.md "Store"): a torn journal tail, a truncated
 * snapshot, and random bytes in place of the journal, the snapshot and the settings document. Each time the
 * damaged part is set aside (the file named by the problem exists), reported in `getStatus().problems`, the
 * service starts, keeps what was readable and stores new events.
 */
import { randomBytes } from 'node:crypto';
import { appendFile, readFile, stat, truncate, writeFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StoreProblem } from '../../shared/api/types';
import { dataFiles } from '../../electron/core/store/data-dir';
import { keepAliveAgent, postSigned, recordEvent, removeDir, startServe, tempDir } from '../support/core';
import { exportedEventIds, statusOf } from './support';

const EVENTS = 300;
let dir: string;
let files: ReturnType<typeof dataFiles>;

/** A folder with EVENTS stored events and a snapshot of them (serve stopped with SIGTERM). */
beforeEach(async () => {
  dir = await tempDir('knit-reliability-corrupt-');
  files = dataFiles(dir);
  const serve = await startServe(['--data', dir, '--ui-port', '0']);
  const agent = keepAliveAgent(16);
  const statuses = await Promise.all(
    Array.from({ length: EVENTS }, (_, i) => postSigned(serve.url, recordEvent(`e_${i}`, 'record.new', `r_${i}`), undefined, {}, agent).then((r) => r.status)),
  );
  agent.destroy();
  expect(statuses.every((s) => s === 200)).toBe(true);
  expect(await serve.stop()).toBe(0);
  expect((await stat(files.snapshot)).size).toBeGreaterThan(0);
});
afterEach(() => removeDir(dir));

/** Restarts serve on the damaged folder; returns its problems and, after one new event, the exported ids (sorted). */
async function restart(): Promise<{ problems: StoreProblem[]; ids: string[] }> {
  const serve = await startServe(['--data', dir, '--ui-port', '0']);
  const { problems } = await statusOf(dir);
  expect((await postSigned(serve.url, recordEvent('e_after', 'record.new', 'r_after'))).status).toBe(200);
  expect(await serve.stop()).toBe(0);
  for (const problem of problems) if (problem.setAsidePath) expect((await stat(problem.setAsidePath)).isFile()).toBe(true);
  const ids = await exportedEventIds(dir);
  expect(new Set(ids).size).toBe(ids.length);
  return { problems, ids: ids.sort() };
}

const all = (): string[] => [...Array.from({ length: EVENTS }, (_, i) => `e_${i}`), 'e_after'].sort();

describe('damaged files are set aside and reported; the service starts and keeps what was readable', () => {
  it('a torn journal tail', async () => {
    const tail = '{"seq":301,"eventId":"e_torn","receivedAt":"2026-';
    await appendFile(files.journal, tail);
    const { problems, ids } = await restart();
    expect(problems.map((p) => p.kind)).toEqual(['torn-journal']);
    expect(await readFile(problems[0]!.setAsidePath!, 'utf8')).toBe(tail);
    expect(ids).toEqual(all());
  });

  it('a truncated snapshot', async () => {
    await truncate(files.snapshot, Math.floor((await stat(files.snapshot)).size / 2));
    const { problems, ids } = await restart();
    expect(problems.map((p) => p.kind)).toEqual(['corrupt-snapshot']);
    expect(ids).toEqual(all());
  });

  it('random bytes in place of the snapshot', async () => {
    await writeFile(files.snapshot, randomBytes(64 * 1024));
    const { problems, ids } = await restart();
    expect(problems.map((p) => p.kind)).toEqual(['corrupt-snapshot']);
    expect(ids).toEqual(all());
  });

  it('random bytes in place of the settings document', async () => {
    await writeFile(files.document, randomBytes(4 * 1024));
    const { problems, ids } = await restart();
    expect(problems.map((p) => p.kind)).toEqual(['corrupt-document']);
    expect(ids).toEqual(all());
  });

  it('random bytes in place of the journal: nothing readable is left, the bytes are set aside, new events are stored', async () => {
    const garbage = randomBytes(256 * 1024);
    await writeFile(files.journal, garbage);
    const { problems, ids } = await restart();
    expect(problems.map((p) => p.kind)).toContain('corrupt-journal');
    const aside = problems.find((p) => p.kind === 'corrupt-journal')!.setAsidePath!;
    expect((await stat(aside)).size).toBe(garbage.length);
    expect(ids).toEqual(['e_after']);
  });

  it('random bytes in the middle of the journal: the events around them are kept', async () => {
    const journal = await readFile(files.journal);
    const cut = journal.indexOf('\n{"seq":151,') + 1;
    await writeFile(
      files.journal,
      Buffer.concat([journal.subarray(0, cut), randomBytes(4096).map((b) => (b === 10 ? 32 : b)), Buffer.from('\n'), journal.subarray(cut)]),
    );
    const { problems, ids } = await restart();
    expect(problems.map((p) => p.kind)).toContain('corrupt-journal');
    expect(ids).toEqual(all());
  });
});
