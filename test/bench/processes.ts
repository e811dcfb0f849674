/**
 * Process helpers for the benchmarks: start a server that prints `listening <url>` on stdout, time it,
 * read its resident memory, stop it, and run the sender.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { SenderResult } from './sender';

export const ROOT = new URL('../../', import.meta.url).pathname;

/** A server process under test, with the URL it printed and how long it took to print it (ms). */
export interface ServerProcess {
  child: ChildProcess;
  url: string;
  startMs: number;
  /** The URL of its `ui <url>` line, when it prints one (`serve` does, after `listening`). */
  uiUrl: Promise<string>;
}

/**
 * Spawns `node <args>` and resolves once it prints `listening <url>` on stdout.
 * @throws when the process exits first or prints nothing for `timeoutMs`.
 */
export function startServer(args: string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 120_000): Promise<ServerProcess> {
  const t0 = performance.now();
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  let uiLine: (url: string) => void = () => {};
  const uiUrl = new Promise<string>((resolve) => (uiLine = resolve));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "listening" line after ${timeoutMs} ms: ${stderr}`)), timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening: ${stderr}`));
    });
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const ui = /^ui (\S+)$/.exec(line);
      if (ui) uiLine(ui[1]!);
      const match = /^listening (\S+)$/.exec(line);
      if (!match) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      resolve({ child, url: match[1]!, startMs: performance.now() - t0, uiUrl });
    });
  });
}

/** Resident set size of a live process in MB, from /proc (Linux). */
export function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
  return Math.round(kb / 1024);
}

/**
 * CPU time a live process has used so far (user + system, every thread), in ms, from /proc/<pid>/stat
 * (Linux; fields 14 and 15 are in clock ticks of 1/100 s: proc(5)).
 */
export function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** Sends SIGTERM and waits for the exit; resolves to the exit code. */
export function stopServer(server: ServerProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (server.child.exitCode !== null) return resolve(server.child.exitCode);
    server.child.once('exit', (code) => resolve(code));
    server.child.kill('SIGTERM');
  });
}

/** Runs the sender process against `url` with the prepared deliveries file. */
export function runSender(url: string, file: string, connections = 32): Promise<SenderResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/bench/sender.ts', '--url', url, '--file', file, '--connections', String(connections)], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as SenderResult) : reject(new Error(`sender exited with ${code}`))));
  });
}
