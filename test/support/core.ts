/**
 * Helpers for the core's tests: temp data folders, spawning the real CLI (`node electron/cli/knit-sync.js`),
 * and signing + POSTing bodies as Knit does (real HTTP on loopback).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { request, Agent } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');
export const CLI = join(ROOT, 'electron/cli/knit-sync.js');
export const FIXTURES = join(ROOT, 'test/fixtures/guide');
export const PRODUCTION_KEY = 'test_key_production_123';
export const SANDBOX_KEY = 'sandbox_key_456789';

/** A fresh folder under the OS temp dir; remove it with `removeDir`. */
export function tempDir(prefix = 'knit-sync-test-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}
export function removeDir(dir: string): Promise<void> {
  return rm(dir, { recursive: true, force: true });
}

/** The environment for CLI children: the test keys, no inherited data folder, keys or ngrok authtoken. */
export function cliEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, KNIT_API_KEY: PRODUCTION_KEY, NODE_ENV: 'test' };
  delete env.KNIT_SANDBOX_API_KEY;
  delete env.KNIT_SYNC_DATA;
  delete env.NGROK_AUTHTOKEN; // a tunnel would try ngrok's cloud, unreachable here
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `knit-sync <args>` to completion. */
export function runCli(args: string[], env: NodeJS.ProcessEnv = cliEnv()): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env, cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, stdout, stderr }));
  });
}

export interface RunningServe {
  url: string;
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** Sends `signal` and resolves to the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Spawns `knit-sync serve --port 0 --ui-port 0 <args>` and waits for its `listening` line. */
export function startServe(args: string[], env: NodeJS.ProcessEnv = cliEnv()): Promise<RunningServe> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--ui-port', '0', ...args], { env, cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.stdout.setEncoding('utf8').on('data', (c: string) => {
      stdout += c;
      const match = /^listening (http:\/\/\S+)$/m.exec(stdout);
      if (match) {
        resolvePromise({
          url: match[1] as string,
          child,
          stdout: () => stdout,
          stderr: () => stderr,
          stop: (signal = 'SIGTERM') => {
            if (child.exitCode === null && child.signalCode === null) child.kill(signal);
            return exited;
          },
        });
      }
    });
    void exited.then((code) => reject(new Error(`serve exited ${code} before listening: ${stderr}`)));
  });
}

/** base64url(HMAC-SHA256(body, key)) without padding: Knit's signature. */
export function sign(body: Buffer | string, key: string): string {
  return createHmac('sha256', key).update(body).digest('base64url');
}

export interface PostResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A keep-alive agent for bursts. */
export const keepAliveAgent = (maxSockets = 32): Agent => new Agent({ keepAlive: true, maxSockets });

/** POSTs `body` to `url` with the given headers (raw node:http, so bytes go out exactly). */
export function post(
  url: string,
  body: Buffer | string,
  headers: Record<string, string> = {},
  options: { method?: string; agent?: Agent } = {},
): Promise<PostResult> {
  return new Promise((resolvePromise, reject) => {
    const bytes = typeof body === 'string' ? Buffer.from(body) : body;
    const req = request(
      url,
      { method: options.method ?? 'POST', headers: { 'Content-Length': String(bytes.length), ...headers }, agent: options.agent },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolvePromise({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(bytes);
  });
}

/** POSTs `body` signed with `key` as Knit does (integration header `int_test` unless overridden). */
export function postSigned(url: string, body: Buffer | string, key = PRODUCTION_KEY, headers: Record<string, string> = {}, agent?: Agent): Promise<PostResult> {
  return post(
    url,
    body,
    { 'Content-Type': 'application/json', 'X-Knit-Signature': sign(body, key), 'X-Knit-Integration-Id': 'int_test', ...headers },
    { agent },
  );
}

/** A `record.*` event body. */
export function recordEvent(eventId: string, eventType: string, recordId: string, eventData: Record<string, unknown> = {}, run = 'sr_test'): string {
  return JSON.stringify({ eventId, eventType, eventData, syncType: 'delta_sync', syncDataType: 'employee', syncJobId: 'sj_test', syncRunId: run, recordId });
}

/** A profile + orgStructure `eventData`. */
export function profileData(first: string, last: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    profile: { id: 'x', firstName: first, lastName: last, workEmail: `${first.toLowerCase()}@example.com`, employmentStatus: 'ACTIVE' },
    orgStructure: { designation: 'Engineer', department: 'R&D', manager: { id: 'm1', firstName: 'Mia', lastName: 'Boss' } },
    ...extra,
  };
}

/** Parses NDJSON output into objects. */
export function ndjson(text: string): Array<Record<string, unknown>> {
  return text
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}
