/**
 * The tests' leak guard (test/support/fail-on-warnings.ts): a Node process spawned by a test with the
 * inherited NODE_OPTIONS exits 70 on a MaxListenersExceededWarning, with the warning on stderr.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('leak warnings in spawned processes', () => {
  it('make a child that leaks abort listeners exit 70', () => {
    expect(process.env.NODE_OPTIONS).toContain('warnings-fatal.cjs');
    const leak = 'const c = new AbortController(); for (let i = 0; i < 11; i++) c.signal.addEventListener("abort", () => {}); setTimeout(() => {}, 200);';
    const child = spawnSync(process.execPath, ['-e', leak], { encoding: 'utf8' });
    expect(child.status).toBe(70);
    expect(child.stderr).toContain('MaxListenersExceededWarning');
    const clean = spawnSync(process.execPath, ['-e', 'setTimeout(() => {}, 10)'], { encoding: 'utf8' });
    expect(clean.status).toBe(0);
  });
});
