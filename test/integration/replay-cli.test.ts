/**
 * `knit-sync replay` and `knit-sync serve --forward-to`, spawned as a user runs them: exit 0 when every event
 * was answered 2xx, 1 when one was not (or nothing matched), 2 on usage errors; without a running serve
 * (the command opens the folder) and through one (its control endpoint: the folder is locked meanwhile).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCompanion } from '../../electron/core/companion';
import { silentLogger } from '../../electron/core/log';
import { createHeadlessSecretStore } from '../../electron/core/secrets/headless-secret-store';
import { cliEnv, ndjson, PRODUCTION_KEY, postSigned, recordEvent, removeDir, runCli, SANDBOX_KEY, startServe, tempDir } from '../support/core';
import { startTarget, type Target } from './forward-target';

let dir: string;
let handler: Target;
let failing: Target;

beforeAll(async () => {
  dir = await tempDir();
  const companion = await openCompanion({
    dataDir: dir,
    port: 0,
    log: silentLogger,
    secrets: createHeadlessSecretStore(dir, { KNIT_API_KEY: PRODUCTION_KEY }),
  });
  for (const [id, run] of [
    ['e_1', 'sr_A'],
    ['e_2', 'sr_B'],
    ['e_3', 'sr_A'],
  ] as const) {
    expect((await postSigned(companion.listenerUrl, recordEvent(id, 'record.new', `r_${id}`, {}, run))).status).toBe(200);
  }
  await companion.close();
  handler = await startTarget(PRODUCTION_KEY);
  failing = await startTarget(PRODUCTION_KEY, () => ({ status: 500, body: 'handler bug' }));
});
afterAll(async () => {
  await handler.close();
  await failing.close();
  await removeDir(dir);
});

describe('knit-sync replay without a running serve', () => {
  it('replays a run in order: one line per event and a summary, exit 0', async () => {
    const before = handler.received.length;
    const result = await runCli(['replay', '--data', dir, '--to', handler.url, '--run', 'sr_A']);
    expect(result.code, result.stderr).toBe(0);
    const lines = ndjson(result.stdout);
    expect(lines.slice(0, 2)).toEqual([
      { eventId: 'e_1', status: 200, ms: expect.any(Number) },
      { eventId: 'e_3', status: 200, ms: expect.any(Number) },
    ]);
    expect(lines[2]).toMatchObject({ sent: 2, ok: 2, failed: 0, replayId: expect.stringMatching(/^rp_/) });
    expect(handler.received.slice(before).map((r) => [r.eventId, r.signatureOk])).toEqual([
      ['e_1', true],
      ['e_3', true],
    ]);
  });

  it('exits 1 when an event is not answered 2xx, and when nothing matches', async () => {
    const result = await runCli(['replay', '--data', dir, '--to', failing.url, '--event', 'e_2']);
    expect(result.code).toBe(1);
    expect(ndjson(result.stdout)[0]).toMatchObject({ eventId: 'e_2', status: 500, error: 'answered 500 Internal Server Error' });
    expect(result.stderr.trim().split('\n').at(-1)).toBe('knit-sync: 1 of 1 replayed event(s) were not answered 2xx');
    const unknown = await runCli(['replay', '--data', dir, '--to', handler.url, '--event', 'e_nope']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/No stored event has the id e_nope/);
  });

  it('exits 2 on usage errors', async () => {
    const usages = [
      ['--to', handler.url],
      ['--to', handler.url, '--run', 'sr_A', '--event', 'e_1'],
      ['--to', 'not a url', '--run', 'sr_A'],
      ['--to', handler.url, '--run', 'sr_A', '--resign-with-env', 'no spaces'],
    ];
    const results = await Promise.all(usages.map((args) => runCli(['replay', '--data', dir, ...args])));
    for (const [i, result] of results.entries()) {
      expect(result.code, usages[i]?.join(' ')).toBe(2);
      expect(result.stdout).toBe('');
    }
  });

  it('--resign-with-env: an unknown environment is a usage error naming the known ones; a known one without a key exits 1', async () => {
    const unknown = await runCli(['replay', '--data', dir, '--to', handler.url, '--run', 'sr_A', '--resign-with-env', 'nope']);
    expect(unknown).toMatchObject({ code: 2, stdout: '' });
    expect(unknown.stderr).toMatch(/^knit-sync: no environment named nope \(known: production, sandbox\)$/m);
    const keyless = await runCli(
      ['replay', '--data', dir, '--to', handler.url, '--run', 'sr_A', '--resign-with-env', 'sandbox'],
      cliEnv({ KNIT_SANDBOX_API_KEY: undefined }),
    );
    expect(keyless.code).toBe(1);
    expect(keyless.stderr).toMatch(/^knit-sync: The environment sandbox has no API key to re-sign with\.$/m);
  });
});

describe('knit-sync replay through a running serve, and serve --forward-to', () => {
  it('forwards what serve receives, and replays through serve (re-signed with the sandbox key)', async () => {
    const forwarded = await startTarget(PRODUCTION_KEY);
    const sandboxHandler = await startTarget(SANDBOX_KEY);
    const env = cliEnv({ KNIT_SANDBOX_API_KEY: SANDBOX_KEY });
    const serve = await startServe(['--data', dir, '--ui-port', '0', '--no-tunnel', '--forward-to', forwarded.url], env);
    try {
      expect((await postSigned(serve.url, recordEvent('e_4', 'record.new', 'r_e_4', {}, 'sr_A'))).status).toBe(200);
      await forwarded.waitFor(1);
      expect(forwarded.received.map((r) => [r.eventId, r.signatureOk])).toEqual([['e_4', true]]);

      const result = await runCli(['replay', '--data', dir, '--to', sandboxHandler.url, '--run', 'sr_A', '--resign-with-env', 'sandbox'], env);
      expect(result.code, result.stderr).toBe(0);
      expect(ndjson(result.stdout).map((l) => l.eventId ?? l.sent)).toEqual(['e_1', 'e_3', 'e_4', 3]);
      expect(sandboxHandler.received.map((r) => [r.eventId, r.signatureOk])).toEqual([
        ['e_1', true],
        ['e_3', true],
        ['e_4', true],
      ]);
      expect(serve.stderr()).toMatch(/replaying 3 event\(s\) to .* re-signed with the sandbox key/);
      expect((await runCli(['replay', '--data', dir, '--to', failing.url, '--event', 'e_4'], env)).code).toBe(1);
    } finally {
      expect(await serve.stop()).toBe(0);
      await forwarded.close();
      await sandboxHandler.close();
    }
  });
});
