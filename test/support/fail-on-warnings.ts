/**
 * Vitest setup file: a MaxListenersExceededWarning or DEP0137 ("Closing a FileHandle object on garbage
 * collection") is a leak (issue 14), so it fails the test during or after which it is emitted, in the test
 * process, and in the Node processes the tests spawn (warnings-fatal.cjs through NODE_OPTIONS).
 */
import { afterAll, afterEach } from 'vitest';

const PRELOAD = new URL('./warnings-fatal.cjs', import.meta.url).pathname;
if (!(process.env.NODE_OPTIONS ?? '').includes(PRELOAD)) {
  process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ''} --require ${PRELOAD}`.trim();
}

const seen: string[] = [];
process.on('warning', (warning: Error & { code?: string }) => {
  if (warning.name === 'MaxListenersExceededWarning' || warning.code === 'DEP0137')
    seen.push(`${warning.name} ${warning.code ?? ''}: ${warning.message}\n${warning.stack ?? ''}`);
});

const check = (): void => {
  if (seen.length > 0) throw new Error(`leak warning(s):\n${seen.splice(0).join('\n')}`);
};
afterEach(check);
afterAll(check);
