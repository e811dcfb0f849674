#!/usr/bin/env node
// The `knit-sync` bin. Loads the prebuilt bundle dist/cli/main.mjs (build-bundle.js, run by `npm ci` through
// the `prepare` script) when it is current, else runs the TypeScript CLI through tsx, so `npx knit-sync`
// works right after `npm ci` and always runs the code as it is now: the bundle is used only when none of the
// sources it was built from is newer than it (currentBundle). KNIT_SYNC_NO_BUNDLE=1 always compiles the
// sources. Everything the CLI does lives in main.ts.
import { currentBundle } from './build-bundle.js';

// When stdout's reader goes away (`knit-sync export events | head -2`), stop quietly with exit 0 as Unix tools
// do, whatever the command: serve and demo (which listen for SIGTERM) shut down as on SIGTERM, flushing the
// store; any other command exits at once (nothing it holds is lost: the journal is fsynced as it is written).
process.stdout.on('error', (error) => {
  if (error.code !== 'EPIPE') throw error;
  if (process.listenerCount('SIGTERM') > 0) process.emit('SIGTERM');
  else process.exit(0);
});

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
