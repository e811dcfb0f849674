/** The bounded attempt log: capped in memory per event and overall, persisted, compacted, torn lines skipped. */
import { appendFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ForwardAttempt } from '../../../shared/api/types';
import { AttemptLog } from '../../../electron/core/forward/attempt-log';
import { silentLogger } from '../../../electron/core/log';
import { removeDir, tempDir } from '../../support/core';

let dir: string;
beforeEach(async () => (dir = await tempDir()));
afterEach(() => removeDir(dir));

const attempt = (eventId: string, n = 1): Omit<ForwardAttempt, 'id'> => ({
  eventId,
  kind: 'forward',
  targetId: 'ft_1',
  url: 'http://127.0.0.1:3000/knithook',
  replayId: null,
  attempt: n,
  at: '2026-01-01T00:00:00.000Z',
  status: 200,
  ok: true,
  durationMs: 3,
  responsePreview: 'ok',
  error: null,
  final: true,
  resignedWith: null,
});

describe('AttemptLog', () => {
  it('indexes attempts by event, keeps the newest CAP and survives a reopen', async () => {
    const file = join(dir, 'forwards.jsonl');
    const log = new AttemptLog(file, silentLogger, 4);
    log.add(attempt('e_a', 1));
    log.add(attempt('e_b'));
    log.add(attempt('e_a', 2));
    expect(log.forEvent('e_a').map((a) => [a.id, a.attempt])).toEqual([
      [1, 1],
      [3, 2],
    ]);
    log.add(attempt('e_c'));
    log.add(attempt('e_d')); // the cap drops e_a's first attempt
    expect(log.forEvent('e_a').map((a) => a.id)).toEqual([3]);
    await log.flush();

    const reopened = new AttemptLog(file, silentLogger, 4);
    await reopened.load();
    expect(reopened.forEvent('e_a').map((a) => a.id)).toEqual([3]);
    expect(reopened.forEvent('e_d')).toEqual([{ id: 5, ...attempt('e_d') }]);
    expect(reopened.add(attempt('e_e')).id).toBe(6);
  });

  it('rewrites the file with the newest CAP once it holds twice as many lines, and skips a torn line', async () => {
    const file = join(dir, 'forwards.jsonl');
    const log = new AttemptLog(file, silentLogger, 3);
    for (let i = 1; i <= 5; i++) log.add(attempt(`e_${i}`));
    await log.flush();
    expect((await readFile(file, 'utf8')).trim().split('\n')).toHaveLength(5);
    log.add(attempt('e_6'));
    await log.flush();
    const lines = (await readFile(file, 'utf8'))
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as ForwardAttempt).eventId);
    expect(lines).toEqual(['e_4', 'e_5', 'e_6']);

    await appendFile(file, '{"id":7,"eventId":"e_7","kin');
    const reopened = new AttemptLog(file, silentLogger, 3);
    await reopened.load();
    expect(reopened.forEvent('e_6')).toHaveLength(1);
    expect(reopened.forEvent('e_7')).toEqual([]);
  });
});
