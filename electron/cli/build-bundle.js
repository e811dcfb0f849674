#!/usr/bin/env node
// `npm run build:cli` (also the npm `prepare` script, so it runs right after `npm ci`): bundles the
// TypeScript CLI (electron/cli/main.ts and everything of ours it imports) with esbuild into
// dist/cli/main.mjs, with node_modules left external. The bin (knit-sync.js) loads that bundle instead of
// compiling the sources through tsx at every start (about 1.3 s on a 2-core machine), but only while it is
// current: dist/cli/inputs.json lists the source files it was built from, and the bin falls back to tsx
// when any of them is newer than the bundle (or the bundle is missing). Plain JS, so it runs without tsx.
// `--optional` (the prepare script) turns a failure into a warning: an install without devDependencies
// (no esbuild) still succeeds, and the bin then compiles the sources through tsx.
import { readFileSync, statSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The repository root (this file is electron/cli/build-bundle.js). */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
/** The bundle the bin loads, and the list of the source files (relative to ROOT) it was built from. */
export const BUNDLE = join(ROOT, 'dist/cli/main.mjs');
export const BUNDLE_INPUTS = join(ROOT, 'dist/cli/inputs.json');

/**
 * The file URL of `<root>/dist/cli/main.mjs` when it exists, its list of sources does too, and none of those
 * sources (paths relative to `root`) is newer than it; else null (missing, being rebuilt, or stale).
 */
export function currentBundle(root = ROOT) {
  const bundle = join(root, 'dist/cli/main.mjs');
  try {
    const built = statSync(bundle).mtimeMs;
    const inputs = JSON.parse(readFileSync(join(root, 'dist/cli/inputs.json'), 'utf8'));
    if (!Array.isArray(inputs) || inputs.length === 0) return null;
    for (const input of inputs) if (statSync(join(root, input)).mtimeMs > built) return null;
    return pathToFileURL(bundle).href;
  } catch {
    return null; // a missing bundle, list or source
  }
}

/**
 * Builds BUNDLE (with a linked source map) and BUNDLE_INPUTS. The list is removed first and written last
 * (temp + rename), so a bin starting meanwhile finds no list and compiles the sources instead.
 * @throws esbuild's error when the sources do not compile.
 */
export async function buildCliBundle() {
  const { build } = await import('esbuild');
  await mkdir(dirname(BUNDLE), { recursive: true });
  await rm(BUNDLE_INPUTS, { force: true });
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: [join(ROOT, 'electron/cli/main.ts')],
    outfile: BUNDLE,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'warning',
    write: true,
  });
  const inputs = Object.keys(result.metafile.inputs).filter((path) => !path.includes('node_modules/'));
  await writeFile(`${BUNDLE_INPUTS}.tmp`, `${JSON.stringify(inputs)}\n`);
  await rename(`${BUNDLE_INPUTS}.tmp`, BUNDLE_INPUTS);
  return { bundle: BUNDLE, inputs: inputs.length };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  buildCliBundle().then(
    ({ bundle, inputs }) => process.stderr.write(`build-bundle: ${bundle} (${inputs} sources)\n`),
    (error) => {
      const optional = process.argv.includes('--optional');
      process.stderr.write(
        `build-bundle: ${optional ? 'skipped, the bin will compile the sources: ' : ''}${error instanceof Error ? error.message.split('\n')[0] : String(error)}\n`,
      );
      if (!optional) process.exitCode = 1;
    },
  );
}
