/**
 * Damage under the snapshot (issue 14, break 2): each kind of damage to a stored folder is reported at start-up
 * (getStatus().problems and serve's stderr, with the number of events affected), by `export events` (every
 * readable event, then one stderr line per kind of damage and exit 1) and by `knit-sync fsck` (one JSON line
 * per problem, a summary, exit 1). Real serve processes, real files in a temp folder.
 */
import { readFile, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StoreProblem } from '../../shared/api/types';
import { dataFiles } from '../../electron/core/store/data-dir';
import { keepAliveAgent, ndjson, postSigned, recordEvent, removeDir, runCli, startServe, tempDir } from '../support/core';
import { statusOf } from '../reliability/support';

const EVENTS = 200;
let dir: string;
let files: ReturnType<typeof dataFiles>;

beforeEach(async () => {
  dir = await tempDir('knit-store-damage-');
  files = dataFiles(dir);
  const serve = await startServe(['--data', dir]);
  const agent = keepAliveAgent(16);
  const statuses = await Promise.all(
    Array.from({ length: EVENTS }, (_, i) =>
      postSigned(serve.url, recordEvent(`e_${i}`, 'record.new', `r_${i}`, { profile: { firstName: `Ann${i}` } }), undefined, {}, agent).then((r) => r.status),
    ),
  );
  agent.destroy();
  expect(statuses.every((s) => s === 200)).toBe(true);
  expect(await serve.stop()).toBe(0);
  expect((await stat(files.snapshot)).size).toBeGreaterThan(0);
});
afterEach(() => removeDir(dir));

/** The byte offset of event `eventId`'s journal line. */
async function lineOffset(eventId: string): Promise<number> {
  const journal = await readFile(files.journal);
  return journal.indexOf(`{"seq":`, journal.indexOf(`"eventId":"${eventId}"`) - 30);
}

/** Starts serve on the damaged folder, waits until it reports a problem matching `pattern` (the background check may come after start), stops it. */
async function startupProblems(pattern: RegExp): Promise<{ problems: StoreProblem[]; stderr: string }> {
  const serve = await startServe(['--data', dir]);
  let problems: StoreProblem[] = [];
  for (let i = 0; i < 100 && !problems.some((p) => pattern.test(p.message)); i++) {
    problems = (await statusOf(dir)).problems;
    if (!problems.some((p) => pattern.test(p.message))) await new Promise((r) => setTimeout(r, 50));
  }
  expect(await serve.stop()).toBe(0);
  return { problems, stderr: serve.stderr() };
}

/** `fsck`: its problem lines and summary; exit 1. */
async function fsckOf(): Promise<{ problems: Array<Record<string, unknown>>; summary: Record<string, unknown> }> {
  const result = await runCli(['fsck', '--data', dir]);
  const lines = ndjson(result.stdout);
  expect(result.code).toBe(1);
  expect(result.stderr).toMatch(/problem\(s\) found/);
  return { problems: lines.slice(0, -1), summary: lines[lines.length - 1] as Record<string, unknown> };
}

/** `export events`: the exported ids, stderr lines; checks the exit code. */
async function exportOf(code: number): Promise<{ ids: string[]; stderr: string[] }> {
  const result = await runCli(['export', 'events', '--data', dir]);
  expect(result.code).toBe(code);
  return { ids: ndjson(result.stdout).map((e) => e.eventId as string), stderr: result.stderr.split('\n').filter(Boolean) };
}

describe('damage under the snapshot is reported with the number of events it cost', () => {
  it('a clean folder: fsck exits 0 with a clean summary, export events exits 0', async () => {
    const result = await runCli(['fsck', '--data', dir]);
    expect(result.code).toBe(0);
    expect(ndjson(result.stdout)).toEqual([
      { summary: 'clean', lines: EVENTS, events: EVENTS, retries: 0, verified: EVENTS, unverified: 0, snapshotEvents: EVENTS, problems: 0 },
    ]);
    expect((await exportOf(0)).ids).toHaveLength(EVENTS);
  });

  it('fsck beside a running serve that keeps receiving: clean', async () => {
    const serve = await startServe(['--data', dir]);
    const sending = Promise.all(Array.from({ length: 50 }, (_, i) => postSigned(serve.url, recordEvent(`e_live_${i}`, 'record.new', `r_live_${i}`))));
    const result = await runCli(['fsck', '--data', dir]);
    expect(result.code).toBe(0);
    expect(ndjson(result.stdout)).toEqual([expect.objectContaining({ summary: 'clean', problems: 0 })]);
    expect((await sending).every((r) => r.status === 200)).toBe(true);
    expect(await serve.stop()).toBe(0);
  });

  it('40 zero bytes in the middle of the journal', async () => {
    const at = (await lineOffset('e_100')) + 60;
    const journal = await readFile(files.journal);
    journal.fill(0, at, at + 40);
    await writeFile(files.journal, journal);

    const { problems, summary } = await fsckOf();
    expect(problems.map((p) => p.problem)).toEqual(['unreadable-line', 'snapshot-events-missing', 'checksum-mismatch']);
    expect(problems[0]).toMatchObject({ offset: at - 60, events: 1 });
    expect(problems[1]).toMatchObject({ offset: at - 60, events: 1 });
    expect(summary).toMatchObject({ summary: 'damaged', events: EVENTS - 1, verified: EVENTS - 1, problems: 3 });

    const exported = await exportOf(1);
    expect(exported.ids).toHaveLength(EVENTS - 1);
    expect(exported.ids).not.toContain('e_100');
    expect(exported.stderr).toEqual([
      `knit-sync: 1 stored event(s) could not be read: their journal lines are damaged (the first at byte ${(at - 60).toLocaleString('en-US')}); run knit-sync fsck`,
    ]);

    const { problems: found, stderr } = await startupProblems(/changed after they were written/);
    const problem = found.find((p) => /changed after they were written/.test(p.message));
    expect(problem?.message).toMatch(/: of the 200 events stored there, 1 can no longer be read and are lost, 199 are intact \(e_100\)\.$/);
    expect(stderr).toContain(problem!.message);
  });

  it('a byte changed inside a stored body', async () => {
    const journal = await readFile(files.journal);
    const at = journal.indexOf('"Ann100"') + 2;
    journal[at] = 'X'.charCodeAt(0);
    await writeFile(files.journal, journal);

    const { problems } = await fsckOf();
    expect(problems.map((p) => p.problem)).toEqual(['signature-mismatch', 'checksum-mismatch']);
    expect(problems[0]).toMatchObject({ eventId: 'e_100', offset: await lineOffset('e_100'), events: 1 });

    const { problems: found } = await startupProblems(/changed after they were written/);
    expect(found.find((p) => /changed after they were written/.test(p.message))?.message).toMatch(
      /: of the 200 events stored there, 1 no longer match their signature \(altered\), 199 are intact \(e_100\)\.$/,
    );
  });

  for (const [name, damage, how, fsckKinds] of [
    ['emptied', () => truncate(files.journal, 0), 'emptied', ['journal-header', 'journal-cut', 'snapshot-events-missing']],
    ['deleted', () => rm(files.journal), 'deleted', ['journal-missing', 'journal-cut', 'snapshot-events-missing']],
    [
      'zeroed at full size',
      async () => writeFile(files.journal, Buffer.alloc((await stat(files.journal)).size)),
      'zeroed',
      ['journal-header', 'journal-cut', 'snapshot-events-missing'],
    ],
  ] as const) {
    it(`the journal ${name} beside a snapshot`, async () => {
      await damage();
      const { problems, summary } = await fsckOf();
      expect(problems.map((p) => p.problem)).toEqual(fsckKinds);
      expect(problems[2]).toMatchObject({ events: EVENTS });
      expect(summary).toMatchObject({ events: 0, snapshotEvents: EVENTS });

      const exported = await exportOf(1);
      expect(exported.ids).toEqual([]);
      expect(exported.stderr).toEqual([
        expect.stringMatching(
          new RegExp(`^knit-sync: The journal was ${how} .*: 200 of the 200 events the state snapshot names are not in the journal and are lost`),
        ),
      ]);

      const { problems: found, stderr } = await startupProblems(/are lost/);
      const lost = found.find((p) => /the state snapshot names are not in the journal/.test(p.message));
      expect(lost?.message).toMatch(
        new RegExp(
          `^The journal was ${how} since the state snapshot was written: 200 of the 200 events .* are lost; the state was rebuilt from the 0 events it holds \\(the snapshot, which lists them, was set aside as .*\\.stale-\\d+\\)\\.$`,
        ),
      );
      expect((await stat(lost!.setAsidePath!)).isFile()).toBe(true);
      expect(stderr).toContain(lost!.message);
      expect(found.some((p) => /0 bytes were set aside/.test(p.message))).toBe(false);
    });
  }

  it('a corrupt snapshot: reported, nothing lost, export exits 0', async () => {
    await truncate(files.snapshot, Math.floor((await stat(files.snapshot)).size / 2));
    const { problems } = await fsckOf();
    expect(problems).toEqual([
      { problem: 'snapshot-corrupt', message: 'The state snapshot cannot be read (it is cut short); the next start rebuilds it from the journal.' },
    ]);
    expect((await exportOf(0)).ids).toHaveLength(EVENTS);
    const { problems: found } = await startupProblems(/corrupt/);
    expect(found.map((p) => p.kind)).toEqual(['corrupt-snapshot']);
  });
});
