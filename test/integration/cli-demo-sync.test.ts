/**
 * `knit-sync demo`, `knit-sync sync` and the UI line of `knit-sync serve`, spawned as a user runs them, on temp
 * data folders with real HTTP on loopback: a demo sync completes and is exported; a demo that cannot complete
 * in time exits 1; `sync` goes through a running demo's control endpoint; Knit unreachable exits 1 and usage
 * errors exit 2, each with one line; serve's UI server refuses the API without the printed token.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, cliEnv, removeDir, ROOT, runCli, startServe, tempDir } from '../support/core';

const env = cliEnv({ KNIT_SYNC_LOG_LEVEL: 'warn', NGROK_AUTHTOKEN: undefined });
let dir: string;

beforeAll(async () => {
  dir = await tempDir('knit-cli-demo-');
});
afterAll(async () => {
  await removeDir(dir);
});

function lines(text: string): Array<Record<string, unknown>> {
  return text
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** The stderr lines written by knit-sync itself (`knit-sync: ...`). */
const errorLines = (stderr: string) => stderr.split('\n').filter((l) => l.startsWith('knit-sync:'));

/** Spawns `knit-sync demo <args>` and resolves once `pattern` appears on stdout. */
function startDemo(args: string[], pattern: RegExp): Promise<{ child: ChildProcessWithoutNullStreams; match: RegExpExecArray; stderr: () => string }> {
  const child = spawn(process.execPath, [CLI, 'demo', ...args], { env, cwd: ROOT });
  let out = '';
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const match = pattern.exec(out);
      if (match) resolve({ child, match, stderr: () => err });
    });
    child.once('exit', (code) => reject(new Error(`demo exited ${code}: ${err}`)));
  });
}

describe('knit-sync demo', () => {
  it('--start --exit-after-sync exits 0 with the company and a completed run stored, and again on the same folder', async () => {
    const data = `${dir}/exit-after-sync`;
    const result = await runCli(['demo', '--data', data, '--port', '0', '--ui-port', '0', '--employees', '50', '--start', '--exit-after-sync'], env);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^listening http:\/\/127\.0\.0\.1:\d+\/knithook\nui http:\/\/127\.0\.0\.1:\d+\/\?token=\S+\n$/);
    // Every command hint is runnable right after `npm ci`, where knit-sync is not on PATH.
    const hints = result.stderr.split('\n').filter((l) => / run: /.test(l));
    expect(hints.length).toBeGreaterThan(0);
    for (const hint of hints) expect(hint).toMatch(/ run: npx knit-sync /);
    const employees = await runCli(['export', 'employees', '--data', data], env);
    expect(lines(employees.stdout)).toHaveLength(50);
    const runs = lines((await runCli(['export', 'runs', '--data', data], env)).stdout);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ integrationId: 'int_demo', syncType: 'initial_sync', status: 'completed', processed: 50, emitted: 50, consumed: 50 });

    // A second demo on the same folder: state kept, the same job, a fresh initial sync with new eventIds.
    const again = await runCli(['demo', '--data', data, '--port', '0', '--ui-port', '0', '--employees', '50', '--start', '--exit-after-sync'], env);
    expect(again.code).toBe(0);
    const both = lines((await runCli(['export', 'runs', '--data', data], env)).stdout);
    expect(both.map((r) => [r.syncJobId, r.status, r.consumed])).toEqual([
      [runs[0]!.syncJobId, 'completed', 50],
      [runs[0]!.syncJobId, 'completed', 50],
    ]);
    expect(lines((await runCli(['export', 'events', '--data', data], env)).stdout)).toHaveLength(2 * 52);
    const saved = JSON.parse(await readFile(`${data}/companion.json`, 'utf8')) as { jobs: unknown[] };
    expect(saved.jobs).toEqual([expect.objectContaining({ syncJobId: runs[0]!.syncJobId, initialSyncs: 2 })]);
  });

  it('exits 1 with one line when the sync does not complete within --timeout', async () => {
    const result = await runCli(
      ['demo', '--data', `${dir}/timeout`, '--port', '0', '--ui-port', '0', '--employees', '3000', '--start', '--exit-after-sync', '--timeout', '1'],
      env,
    );
    expect(result.code).toBe(1);
    expect(errorLines(result.stderr)).toEqual(['knit-sync: the sync was not completed within 1 s']);
  });
});

describe('knit-sync sync', () => {
  it('goes through a running demo and prints the job as one JSON line, also after the demo restarted', async () => {
    const data = `${dir}/control`;
    const demo = await startDemo(['--data', data, '--port', '0', '--ui-port', '0', '--employees', '5'], /^ui \S+$/m);
    try {
      const started = await runCli(
        ['sync', 'start', '--integration', 'int_ctl', '--env', 'demo', '--models', 'employee_profile,employee_orgStructure', '--data', data],
        env,
      );
      expect(started.code).toBe(0);
      const [job] = lines(started.stdout);
      expect(started.stdout.trim().split('\n')).toHaveLength(1);
      expect(job).toMatchObject({
        integrationId: 'int_ctl',
        environment: 'demo',
        state: 'active',
        initialSyncs: 1,
        models: ['employee_profile', 'employee_orgStructure'],
        frequency: 'standard',
      });
      expect(job!.syncJobId).toMatch(/^sj_/);
      const paused = await runCli(['sync', 'pause', '--integration', 'int_ctl', '--data', data], env);
      expect(paused.code).toBe(0);
      expect(lines(paused.stdout)[0]).toMatchObject({ syncJobId: job!.syncJobId, state: 'paused' });
    } finally {
      const exited = new Promise<number | null>((resolve) => demo.child.once('exit', resolve));
      demo.child.kill('SIGINT');
      expect(await exited).toBe(0);
    }
    const saved = JSON.parse(await readFile(`${data}/companion.json`, 'utf8')) as { jobs: Array<{ syncJobId: string }> };
    expect(saved.jobs).toEqual([expect.objectContaining({ integrationId: 'int_ctl', state: 'paused' })]);

    // A restarted demo gives its emulator the saved job back, so the job can still be resumed.
    const again = await startDemo(['--data', data, '--port', '0', '--ui-port', '0', '--employees', '5'], /^ui \S+$/m);
    try {
      const resumed = await runCli(['sync', 'resume', '--integration', 'int_ctl', '--data', data], env);
      expect(resumed.code).toBe(0);
      expect(lines(resumed.stdout)[0]).toMatchObject({ syncJobId: saved.jobs[0]!.syncJobId, state: 'active', initialSyncs: 1 });
    } finally {
      const exited = new Promise<number | null>((resolve) => again.child.once('exit', resolve));
      again.child.kill('SIGINT');
      expect(await exited).toBe(0);
    }
  });

  it('exits 1 with one line when Knit cannot be reached', async () => {
    const result = await runCli(
      ['sync', 'start', '--integration', 'int_prod', '--destination', 'https://hooks.example.com/knithook', '--data', `${dir}/offline`],
      env,
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    const errors = errorLines(result.stderr);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^knit-sync: Knit sync\.start failed: could not reach api\.getknit\.dev/);
  });

  it.each([
    [['sync', 'start'], /--integration ID is required/],
    [['sync', 'start', '--integration', 'int_x', '--models', 'employee_profile,employee_shoeSize'], /unknown model id "employee_shoeSize"/],
    [['sync', 'start', '--integration', 'int_x', '--frequency', 'hourly'], /--frequency must be one of standard, medium, high/],
    [['sync', 'update', '--integration', 'int_x'], /update needs --models, --frequency or --destination/],
    [['sync', 'stop', '--integration', 'int_x'], /unknown action "stop"/],
  ])('usage error %j exits 2 with one line', async (args, message) => {
    const result = await runCli([...args, '--data', `${dir}/usage`], env);
    expect(result.code).toBe(2);
    const errors = errorLines(result.stderr);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(message);
  });
});

describe('knit-sync serve UI', () => {
  it('prints the ui line after the listening line, refuses the API without the token, and says once how to get a tunnel', async () => {
    const serve = await startServe(['--data', `${dir}/serve`, '--ui-port', '0'], env);
    try {
      await expect.poll(() => /^ui /m.test(serve.stdout()), { timeout: 10_000 }).toBe(true);
      const [listening, ui] = serve.stdout().trim().split('\n');
      expect(listening).toBe(`listening ${serve.url}`);
      const link = /^ui (http:\/\/127\.0\.0\.1:\d+)\/\?token=([\w-]+)$/.exec(ui ?? '');
      expect(link).not.toBeNull();
      const [, origin, token] = link!;
      expect((await fetch(`${origin}/api/getStatus`, { method: 'POST' })).status).toBe(401);
      const allowed = await fetch(`${origin}/api/getStatus`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
      expect(allowed.status).toBe(200);
      expect(JSON.stringify(await allowed.json())).toContain(serve.url);
      expect(serve.stderr().match(/^tunnel: no ngrok authtoken.*set NGROK_AUTHTOKEN.*the listener keeps working/gm)).toHaveLength(1);
    } finally {
      expect(await serve.stop('SIGINT')).toBe(0);
    }
  });

  it('a UI port in use is one line and exit 1', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    try {
      const port = String((taken.address() as AddressInfo).port);
      const result = await runCli(['serve', '--data', `${dir}/ui-port`, '--port', '0', '--ui-port', port, '--no-tunnel'], env);
      expect(result.code).toBe(1);
      expect(errorLines(result.stderr)).toEqual([`knit-sync: UI port ${port} is in use on 127.0.0.1 (give another with --ui-port, 0 for a free one)`]);
    } finally {
      await new Promise<void>((resolve) => taken.close(() => resolve()));
    }
  });
});
