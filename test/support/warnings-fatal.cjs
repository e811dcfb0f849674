/**
 * Preloaded into every Node process the tests spawn (NODE_OPTIONS=--require, set by fail-on-warnings.ts):
 * a MaxListenersExceededWarning or DEP0137 (a FileHandle closed on garbage collection) is a leak, so the
 * process prints it with its stack on stderr and exits 70, which fails the test that spawned it.
 */
'use strict';
process.on('warning', (warning) => {
  if (warning.name !== 'MaxListenersExceededWarning' && warning.code !== 'DEP0137') return;
  process.stderr.write(`leak warning (fatal in tests): ${warning.name} ${warning.code ?? ''}: ${warning.message}\n${warning.stack ?? ''}\n`);
  process.exit(70);
});
