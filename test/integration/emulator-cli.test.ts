/**
 * `knit-sync emulate` as a user runs it: the real bin spawned against a local receiver that checks signatures.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../electron/cli/main';
import { startTestReceiver, type TestReceiver } from './emulator-test-receiver';

const BIN = join(import.meta.dirname, '../../electron/cli/knit-sync.js');
const KEY = 'cli_emulate_key_0c9e7d';

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
  lines: Array<Record<string, unknown>>;
}

/** Runs the bin; `whenOutput` may act on the child (e.g. send SIGINT once) as stdout or stderr grows. */
function run(
  args: string[],
  env: Record<string, string | undefined>,
  whenOutput?: (stdout: string, stderr: string, interrupt: () => void) => void,
): Promise<Outcome> {
  const childEnv = { ...process.env, ...env };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete childEnv[k];
  const child = spawn(process.execPath, [BIN, 'emulate', ...args], { env: childEnv });
  let stdout = '';
  let stderr = '';
  let interrupted = false;
  const interrupt = () => {
    if (!interrupted) child.kill('SIGINT');
    interrupted = true;
  };
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
    whenOutput?.(stdout, stderr, interrupt);
  });
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
    whenOutput?.(stdout, stderr, interrupt);
  });
  return new Promise((resolve) =>
    child.on('close', (code) =>
      resolve({
        code,
        stdout,
        stderr,
        lines: stdout
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l) as Record<string, unknown>),
      }),
    ),
  );
}

const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of cleanup.splice(0)) await close();
});
async function receiver(answer?: Parameters<typeof startTestReceiver>[1]): Promise<TestReceiver> {
  const r = await startTestReceiver(KEY, answer);
  cleanup.push(() => r.close());
  return r;
}

describe('knit-sync emulate', () => {
  it('delivers the initial sync signed with KNIT_API_KEY, prints the summary, exits 0', async () => {
    const r = await receiver((req) => (req.n <= 2 ? 500 : 200));
    const out = await run(['--to', r.url, '--employees', '12', '--integration', 'int_cli', '--seed', '5'], { KNIT_API_KEY: KEY });
    expect(out.code).toBe(0);
    expect(r.requests.every((q) => q.signatureValid)).toBe(true);
    expect(r.requests.every((q) => q.headers['x-knit-integration-id'] === 'int_cli')).toBe(true);
    expect(
      new Set(
        r
          .accepted()
          .filter((b) => b.eventType === 'record.new')
          .map((b) => b.recordId),
      ).size,
    ).toBe(12);
    expect(out.lines).toEqual([
      expect.objectContaining({
        type: 'run',
        syncType: 'initial_sync',
        emitted: 12,
        consumed: 12,
        retries: 2,
        failed: 0,
        allConsumedDelivered: true,
        answers: { '200': 14, '500': 2 },
      }),
      { type: 'total', runs: 1, emitted: 12, consumed: 12, answers: { '200': 14, '500': 2 }, retries: 2, failed: 0, stopped: 0 },
    ]);
    expect(out.stderr).toMatch(/attempt 1 answered 500, retrying in/);
    expect(out.stdout + out.stderr).not.toContain(KEY);
  });

  it('exits 1 when a receiver never accepts, after bounded retries', async () => {
    const r = await receiver(() => 401);
    const out = await run(['--to', r.url, '--employees', '2'], { KNIT_API_KEY: KEY });
    expect(out.code).toBe(1);
    expect(out.lines.at(-1)).toMatchObject({ type: 'total', consumed: 0, failed: 3, answers: { '401': 15 } });
    expect(out.stderr).toContain('giving up');
    expect(out.stderr).toMatch(/knit-sync emulate|never got a 200/);
  });

  it('exits 2 with one line when there is no key, or both key flags', async () => {
    const r = await receiver();
    const noKey = await run(['--to', r.url], { KNIT_API_KEY: undefined });
    expect(noKey.code).toBe(2);
    expect(noKey.stderr.trim().split('\n')).toEqual(['knit-sync: no API key: set the KNIT_API_KEY environment variable (or give --key-file)']);
    expect(noKey.stdout).toBe('');
    // The other usage errors in-process (same program, no process start-up).
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(await main(['node', 'knit-sync', 'emulate', '--to', r.url, '--key-env', 'X', '--key-file', 'f'])).toBe(2);
      expect(await main(['node', 'knit-sync', 'emulate', '--to', r.url, '--employees', 'many'])).toBe(2);
      expect(await main(['node', 'knit-sync', 'emulate', '--to', 'ftp://example.com/'])).toBe(2);
      expect(await main(['node', 'knit-sync', 'emulate', '--to', r.url, '--delta-every', '0'])).toBe(2);
      const lines = stderr.mock.calls.map((c) => String(c[0]));
      expect(lines).toEqual([
        'knit-sync: give either --key-env or --key-file, not both\n',
        'knit-sync: --employees must be a whole number from 1 to 1000000, not "many"\n',
        'knit-sync: --to must be an http or https URL\n',
        'knit-sync: --delta-every must be a number of seconds above 0 (at most 86400), not "0"\n',
      ]);
    } finally {
      stderr.mockRestore();
    }
    expect(r.requests).toHaveLength(0);
  });

  it('reads the key from --key-file or another variable, and runs deltas until SIGINT', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'knit-emulate-'));
    cleanup.push(() => rm(dir, { recursive: true, force: true }));
    const keyFile = join(dir, 'key');
    await writeFile(keyFile, `${KEY}\n`, { mode: 0o600 });
    const r = await receiver();
    const fromFile = await run(['--to', r.url, '--employees', '3', '--key-file', keyFile], { KNIT_API_KEY: undefined });
    expect(fromFile.code).toBe(0);
    expect(r.requests.every((q) => q.signatureValid)).toBe(true);

    const out = await run(
      ['--to', r.url, '--employees', '30', '--delta-every', '0.2', '--key-env', 'MY_KNIT_KEY'],
      { MY_KNIT_KEY: KEY },
      (stdout, _stderr, interrupt) => {
        if (stdout.includes('"delta_sync"')) interrupt();
      },
    );
    expect(out.code).toBe(0);
    const runs = out.lines.filter((l) => l.type === 'run');
    expect(runs[0]).toMatchObject({ syncType: 'initial_sync', consumed: 30 });
    expect(runs[1]).toMatchObject({ syncType: 'delta_sync', failed: 0 });
    expect(out.lines.at(-1)).toMatchObject({ type: 'total', failed: 0 });
    const deltaTypes = new Set(
      r
        .accepted()
        .filter((b) => b.syncType === 'delta_sync')
        .map((b) => b.eventType),
    );
    expect(deltaTypes.has('record.deleted') && deltaTypes.has('record.new')).toBe(true);
  });

  it('exits 1 when a signal stops it in the middle of a run', async () => {
    const r = await receiver();
    const out = await run(['--to', r.url, '--employees', '3000'], { KNIT_API_KEY: KEY }, (_stdout, stderr, interrupt) => {
      if (stderr.includes('record event(s)')) interrupt();
    });
    expect(out.code).toBe(1);
    expect(out.lines.at(-1)).toMatchObject({ type: 'total', runs: 1, stopped: 1 });
    expect(out.stderr).toContain('stopped in the middle of a run');
  });
});
