/**
 * Spawning `knit-sync demo` on a data folder with free ports, as the e2e tests do: resolves once it printed its
 * `listening` and `ui` lines; stopped with SIGTERM.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { ROOT } from './renderer-build';

const BIN = path.join(ROOT, 'electron/cli/knit-sync.js');

/** A running `knit-sync demo` with the URLs it printed on stdout. */
export interface Demo {
  child: ChildProcess;
  listenerUrl: string;
  uiUrl: string;
  stderr: () => string;
}

/** Starts `knit-sync demo` on `dataDir` (free ports, no --start) and resolves once it printed its `ui` line. */
export function startDemo(dataDir: string, args: string[] = []): Promise<Demo> {
  // No key or tunnel from the developer's shell: the demo must bring its own.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(KNIT_|NGROK_)/.test(k)));
  const child = spawn(process.execPath, [BIN, 'demo', '--data', dataDir, '--port', '0', '--ui-port', '0', ...args], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-8000)));
  return new Promise((resolve, reject) => {
    let listenerUrl = '';
    const timer = setTimeout(() => reject(new Error(`knit-sync demo printed no ui line in 60 s: ${stderr}`)), 60_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`knit-sync demo exited with ${code} before its ui line: ${stderr}`));
    });
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const listening = /^listening (\S+)$/.exec(line);
      if (listening) listenerUrl = listening[1]!;
      const ui = /^ui (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)$/.exec(line);
      if (!ui) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      if (!listenerUrl) return reject(new Error(`the ui line came before the listening line: ${line}`));
      resolve({ child, listenerUrl, uiUrl: ui[1]!, stderr: () => stderr });
    });
  });
}

/** SIGTERM, then the exit code. */
export function stopDemo(demo: Demo): Promise<number | null> {
  return new Promise((resolve) => {
    if (demo.child.exitCode !== null) return resolve(demo.child.exitCode);
    demo.child.once('exit', (code) => resolve(code));
    demo.child.kill('SIGTERM');
  });
}
