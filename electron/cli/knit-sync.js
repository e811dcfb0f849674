#!/usr/bin/env node
// The `knit-sync` bin. Loads the prebuilt bundle dist/cli/main.mjs (build-bundle.js, run by `npm ci` through
// the `prepare` script) when it is current, else runs the TypeScript CLI through tsx, so `npx knit-sync`
// works right after `npm ci` and always runs the code as it is now: the bundle is used only when none of the
// sources listed in dist/cli/inputs.json is newer than it. Everything the CLI does lives in main.ts.
import { readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');

/** The bundle's URL when it exists and no source it was built from changed since; else null. */
function currentBundle() {
  const bundle = join(root, 'dist/cli/main.mjs');
  try {
    const built = statSync(bundle).mtimeMs;
    const inputs = JSON.parse(readFileSync(join(root, 'dist/cli/inputs.json'), 'utf8'));
    if (!Array.isArray(inputs) || inputs.length === 0) return null;
    for (const input of inputs) if (statSync(join(root, input)).mtimeMs > built) return null;
    return pathToFileURL(bundle).href;
  } catch {
    return null; // missing bundle, list or source: compile the sources instead
  }
}

const bundle = process.env.KNIT_SYNC_NO_BUNDLE ? null : currentBundle();
let main;
if (bundle) {
  ({ main } = await import(bundle));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('./main.ts'));
}
process.exitCode = await main(process.argv);
