import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

/**
 * One config for the renderer build (served by `knit-sync serve` and loaded by the Electron window from a
 * custom protocol) and for the test runner (Vitest).
 */
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    sourcemap: true,
  },
  test: {
    root: '.',
    include: ['test/**/*.test.{ts,tsx}'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // MaxListenersExceededWarning and DEP0137 (FileHandle closed on GC) fail the tests, spawned processes included
    setupFiles: ['test/support/fail-on-warnings.ts'],
  },
});
