/**
 * `npm start` (after the build): launches `electron .`. Electron's npm package fetches its binary on the first
 * launch (node_modules/electron/install.js, via @electron/get); where it cannot (offline, a proxy, a blocked
 * host), this prints ONE line on stderr saying so and exits 1, instead of a stack trace.
 * Run: `tsx electron/main/build/launch.ts [electron args...]`; extra env: VITE_DEV_SERVER_URL (dev).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from './build';

const require = createRequire(import.meta.url);

/** Whether electron's package already has its binary (what its install.js checks first). */
function binaryInstalled(): boolean {
  const dir = path.dirname(require.resolve('electron/package.json', { paths: [ROOT] }));
  try {
    return existsSync(path.join(dir, 'dist', readFileSync(path.join(dir, 'path.txt'), 'utf8')));
  } catch {
    return false;
  }
}

/**
 * Downloads the binary when it is missing (a notice on stdout, the installer's own output kept back). Returns
 * why it is still missing, in one line, or null when it is there (or supplied by ELECTRON_OVERRIDE_DIST_PATH).
 */
function ensureElectronBinary(env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.ELECTRON_OVERRIDE_DIST_PATH || binaryInstalled()) return null;
  const version = (require('electron/package.json') as { version: string }).version;
  process.stdout.write(`knit-sync-companion: downloading Electron ${version} (first launch only)…\n`);
  const installer = require.resolve('electron/install.js', { paths: [ROOT] });
  const result = spawnSync(process.execPath, [installer], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (result.status === 0) return null;
  const reason =
    `${result.stderr ?? ''}\n${result.stdout ?? ''}`
      .split('\n')
      .map((line) => line.trim())
      .find((line) => line.length > 0)
      ?.replace(/^\w*Error: /, '') ??
    result.error?.message ??
    `installer exited with ${result.status}`;
  return (
    `knit-sync-companion: the Electron ${version} binary could not be downloaded (${reason}); ` +
    'connect to the internet and try again, or set ELECTRON_MIRROR to a reachable mirror.'
  );
}

/** Launches `electron <ROOT> ...args`; resolves to its exit code (1 with one line on stderr when it cannot). */
export async function launchElectron(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const missing = ensureElectronBinary(env);
  if (missing) {
    process.stderr.write(`${missing}\n`);
    return 1;
  }
  let binary: string;
  try {
    binary = require('electron') as unknown as string;
  } catch (error) {
    process.stderr.write(`knit-sync-companion: Electron is not installed correctly (${(error as Error).message.split('\n')[0]}).\n`);
    return 1;
  }
  return new Promise<number>((resolve) => {
    const child = spawn(binary, [ROOT, ...args], { env, stdio: 'inherit' });
    child.once('error', (error) => {
      process.stderr.write(`knit-sync-companion: Electron could not be started (${error.message}).\n`);
      resolve(1);
    });
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => child.kill(signal));
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  void launchElectron(process.argv.slice(2)).then((code) => process.exit(code));
}
