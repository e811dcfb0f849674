/**
 * `npm ci` runs the `prepare` script of package.json: it builds the CLI bundle and the renderer, so that `serve`
 * has its UI right after `npm ci`; a failed renderer build is a warning on stderr, never a failed install.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../support/core';

const prepare = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.prepare!;

describe('the prepare script (npm ci)', () => {
  it('builds the renderer with vite after the CLI bundle', () => {
    expect(prepare).toMatch(/^node electron\/cli\/build-bundle\.js --optional && \(vite build .*\)$/);
  });

  it('turns a failed renderer build into a warning and exit 0', () => {
    // The same command line with the two builds replaced: the bundle succeeds, vite fails.
    const script = prepare.replace('node electron/cli/build-bundle.js --optional', 'true').replace(/vite build \S+ \S+/, 'false');
    const run = spawnSync('sh', ['-c', script], { encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(run.stderr.trim()).toBe('knit-sync: warning: the UI was not built, run npm run build:renderer');
  });
});
