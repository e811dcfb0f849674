/**
 * Makes sure dist/renderer holds a build of the current renderer/ and shared/ sources, running
 * `vite build` when it is missing or older than any source file. For e2e tests' setup.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const RENDERER_DIST = path.join(ROOT, 'dist/renderer');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** Builds the renderer unless dist/renderer/index.html is newer than every source; returns the dist folder. */
export function ensureRendererBuilt(): string {
  const index = path.join(RENDERER_DIST, 'index.html');
  const sources = Math.max(
    newestMtime(path.join(ROOT, 'renderer')),
    newestMtime(path.join(ROOT, 'shared')),
    statSync(path.join(ROOT, 'vite.config.ts')).mtimeMs,
  );
  if (!existsSync(index) || statSync(index).mtimeMs < sources) {
    execFileSync(process.execPath, [path.join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], {
      cwd: ROOT,
      // Vitest sets NODE_ENV=test, with which vite builds React's development bundle (jsxDEV, owner stacks,
      // performance tracks: several times slower); the page served must be the production build users get.
      env: { ...process.env, NODE_ENV: 'production' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  }
  return RENDERER_DIST;
}
