/**
 * The `knit-sync` CLI as a user runs it: the real bin spawned with node, real folders, real loopback HTTP.
 */
import { spawn } from 'node:child_process';
import { appendFile, readFile, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CompanionStatus } from '../../shared/api/types';
import { dataFiles } from '../../electron/core/store/data-dir';
import { readLock } from '../../electron/core/store/lock';
import { CONTROL_TOKEN_HEADER } from '../../electron/core/companion/control-server';
import {
  CLI,
  cliEnv,
  FIXTURES,
  ndjson,
  ROOT,
  postSigned,
  profileData,
  recordEvent,
  removeDir,
  runCli,
  startServe,
  tempDir,
  type RunningServe,
} from '../support/core';

/** A port that nothing listens on (bound then released). */
function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

let dir: string;
let serve: RunningServe;

beforeAll(async () => {
  dir = await tempDir();
  serve = await startServe(['--data', dir]);
});
afterAll(async () => {
  await serve.stop();
  await removeDir(dir);
});

describe('knit-sync serve, send, export', () => {
  it('prints exactly one listening line on stdout, then the ui line', async () => {
    await expect.poll(() => serve.stdout().includes('\nui '), { timeout: 10_000 }).toBe(true);
    expect(serve.stdout()).toMatch(/^listening http:\/\/127\.0\.0\.1:\d+\/knithook\nui http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+\n$/);
  });

  it('serve, send a signed guide fixture, see the employee in export employees (issue 2 "done when")', async () => {
    const sent = await runCli(['send', '--file', join(FIXTURES, 'record.new.json'), '--to', serve.url]);
    expect(sent.code).toBe(0);
    expect(sent.stdout).toMatch(/^200 /);
    const exported = await runCli(['export', 'employees', '--data', dir]);
    expect(exported.code).toBe(0);
    expect(ndjson(exported.stdout)).toEqual([
      {
        integrationId: 'int_local',
        recordId: '123',
        deleted: false,
        profile: {},
        orgStructure: {},
        locations: {},
        dependents: {},
        contactInfo: {},
        bankAccountDetails: {},
      },
    ]);
  });

  it('send without --to posts to the listener of the serve holding --data, and says so on stderr', async () => {
    const sent = await runCli(['send', '--file', join(FIXTURES, 'record.new.json'), '--data', dir]);
    expect(sent.code, sent.stderr).toBe(0);
    expect(sent.stdout).toMatch(/^200 /);
    expect(sent.stderr).toContain(`send: posting to ${serve.url} (the listener of process ${serve.child.pid}, knit-sync serve, holding `);
    const empty = await tempDir();
    const fallback = await runCli(['send', '--file', join(FIXTURES, 'record.new.json'), '--data', empty]);
    expect(fallback.stderr).toContain(`send: posting to http://127.0.0.1:8787/knithook (no process with a listener holds ${empty}: the default)`);
    await removeDir(empty);
  });

  it('sign prints the signature openssl computes', async () => {
    // openssl dgst -sha256 -hmac test_key_production_123 -binary test/fixtures/guide/record.new.json | basenc --base64url
    const signed = await runCli(['sign', '--file', join(FIXTURES, 'record.new.json')]);
    expect(signed).toMatchObject({ code: 0, stdout: 'XFSMasWlq_i8QwNV7jAAmWjrZuo9-WNANtbuzoh7eSk\n' });
  });

  it('exports events byte-exact with non-ASCII names, each once, in arrival order', async () => {
    const names = recordEvent('e_names', 'record.new', 'r_names', profileData('Zoë', 'Åström-山田 Ñúñez 😀'));
    expect((await postSigned(serve.url, names)).status).toBe(200);
    expect((await postSigned(serve.url, names)).status).toBe(200); // a redelivery
    const exported = await runCli(['export', 'events', '--data', dir]);
    const lines = exported.stdout.split('\n').filter(Boolean);
    expect(lines.filter((l) => l.includes('e_names'))).toEqual([names]);
    expect(Buffer.from(exported.stdout).includes(Buffer.from('Åström-山田 Ñúñez 😀'))).toBe(true);
    expect(lines.map((l) => (JSON.parse(l) as { eventId: string }).eventId)).toEqual(['e_123sadasdasda', 'e_names']);
  });

  it('exports runs and rejected, and refuses CSV for events with exit 2 and one line', async () => {
    const runs = ndjson((await runCli(['export', 'runs', '--data', dir])).stdout);
    expect(runs[0]).toMatchObject({ syncRunId: 'sr_jhhkk80869', status: 'running', counts: { 'record.new': 1 } });
    expect(Object.keys(runs[0]!)).toEqual([
      'syncRunId',
      'syncJobId',
      'integrationId',
      'syncType',
      'status',
      'processed',
      'emitted',
      'consumed',
      'firstEventAt',
      'lastEventAt',
      'counts',
    ]);
    await postSigned(serve.url, recordEvent('e_x', 'record.new', 'x'), 'wrong_key_000');
    const rejected = ndjson((await runCli(['export', 'rejected', '--data', dir])).stdout);
    expect(rejected.at(-1)).toMatchObject({ status: 401, reason: 'signature_mismatch' });
    const csv = await runCli(['export', 'events', '--format', 'csv', '--data', dir]);
    expect(csv.code).toBe(2);
    expect(csv.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('refuses a second process on the same folder with one line and exit 1', async () => {
    const second = await runCli(['serve', '--port', '0', '--data', dir]);
    expect(second.code).toBe(1);
    expect(second.stdout).toBe('');
    expect(second.stderr.trim()).toMatch(new RegExp(`^knit-sync: data folder .+ is in use by process ${serve.child.pid} \\(knit-sync serve\\)$`));
  });

  it('refuses a port in use with one line and exit 1', async () => {
    const other = await tempDir();
    const port = new URL(serve.url).port;
    const second = await runCli(['serve', '--port', port, '--data', other]);
    expect(second.code).toBe(1);
    expect(second.stderr.trim()).toBe(`knit-sync: port ${port} is in use on 127.0.0.1`);
    await removeDir(other);
  });

  it('a UI port in use: one line, exit 1 and no listening line', async () => {
    const other = await tempDir();
    const uiPort = new URL(serve.stdout().match(/^ui (\S+)$/m)![1]!).port;
    const second = await runCli(['serve', '--port', '0', '--ui-port', uiPort, '--no-tunnel', '--data', other]);
    expect(second.code).toBe(1);
    expect(second.stdout).toBe('');
    expect(
      second.stderr
        .trim()
        .split('\n')
        .filter((l) => l.startsWith('knit-sync:')),
    ).toEqual([`knit-sync: UI port ${uiPort} is in use on 127.0.0.1 (give another with --ui-port, 0 for a free one)`]);
    await removeDir(other);
  });

  it('purges through the running serve', async () => {
    await postSigned(serve.url, recordEvent('e_other', 'record.new', 'r_other'), undefined, { 'X-Knit-Integration-Id': 'int_other' });
    const purged = await runCli(['purge', '--data', dir, '--integration', 'int_other']);
    expect(purged.code).toBe(0);
    expect(JSON.parse(purged.stdout)).toEqual({ events: 1, employees: 1 });
    expect((await runCli(['export', 'events', '--data', dir])).stdout).not.toContain('e_other');
  });

  it('shows usage errors with exit 2 and --help with exit 0', async () => {
    expect((await runCli(['purge', '--data', dir])).code).toBe(2);
    expect((await runCli(['serve', '--port', 'abc', '--data', dir])).code).toBe(2);
    expect(await runCli(['bogus'])).toMatchObject({ code: 2, stderr: "knit-sync: unknown command 'bogus' (see knit-sync --help)\n" });
    expect(await runCli(['send'])).toMatchObject({
      code: 2,
      stderr: 'knit-sync: give --file F, or --type TYPE / --from EVENT_ID to compose a body (see knit-sync send --help)\n',
    });
    const help = await runCli(['export', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--include-deleted');
  });

  it('stops quietly with exit 0 when the reader of stdout goes away (export | head)', async () => {
    const withoutReader = (args: string[]) =>
      new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, [CLI, ...args], { env: cliEnv(), cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
        child.stdout.destroy(); // the reader is gone before the first write: EPIPE
        let stderr = '';
        child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
        child.on('exit', (code) => resolve({ code, stderr }));
      });
    for (const args of [['export', 'events', '--data', dir], ['--help']]) {
      const result = await withoutReader(args);
      expect(result, args.join(' ')).toEqual({ code: 0, stderr: '' });
    }
  });

  it('send to a port with nothing listening: one line, exit 1', async () => {
    const port = await freePort();
    const sent = await runCli(['send', '--file', join(FIXTURES, 'record.new.json'), '--to', `http://127.0.0.1:${port}/knithook`]);
    expect(sent.code).toBe(1);
    expect(sent.stderr.trim()).toBe(`knit-sync: cannot reach http://127.0.0.1:${port}/knithook: ECONNREFUSED`);
  });
});

describe('restart, recovery and purge without serve', () => {
  it('stops on SIGTERM with exit 0, keeps everything, reports a corrupt snapshot and a torn journal, then purges without serve', async () => {
    expect(await serve.stop('SIGTERM')).toBe(0);
    const files = dataFiles(dir);
    await writeFile(files.snapshot, '{"snapshot":1,"journ');
    await appendFile(files.journal, '{"seq":99,"eventId":"e_torn"');
    serve = await startServe(['--data', dir]);
    const lock = await readLock(dir);
    const response = await fetch(`${lock!.control}/control/getStatus`, { method: 'POST', headers: { [CONTROL_TOKEN_HEADER]: lock!.token! } });
    const { result: status } = (await response.json()) as { result: CompanionStatus };
    expect(status.problems.map((p) => p.kind).sort()).toEqual(['corrupt-snapshot', 'torn-journal']);
    expect(status.counts.received).toBe(2);
    expect(await readFile(status.problems.find((p) => p.kind === 'torn-journal')!.setAsidePath!, 'utf8')).toBe('{"seq":99,"eventId":"e_torn"');
    expect(await serve.stop('SIGINT')).toBe(0);

    const purged = await runCli(['purge', '--data', dir, '--all']);
    expect(purged.code).toBe(0);
    expect(JSON.parse(purged.stdout)).toEqual({ events: 2, employees: 2 });
    expect((await runCli(['export', 'events', '--data', dir])).stdout).toBe('');
    serve = await startServe(['--data', dir]);
  });
});
