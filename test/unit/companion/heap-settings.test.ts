/**
 * The V8 settings of a long-running Companion (electron/core/heap-settings.ts), in a real Node process each
 * (they are process-wide): objects that survive collections, as a burst of deliveries leaves them, grow the
 * young generation to 32 MB by default, and leave it at its first size once the settings are applied.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const MODULE = new URL('../../../electron/core/heap-settings.ts', import.meta.url).pathname;

/** The young generation's size in MB after a burst of surviving objects, with or without the settings. */
function youngGenerationMb(applied: boolean): number {
  const script = `
    const { useMemoryFirstHeap } = await import(${JSON.stringify(MODULE)});
    const { getHeapSpaceStatistics } = await import('node:v8');
    if (${applied}) useMemoryFirstHeap();
    const kept = [];
    for (let i = 0; i < 2_000_000; i++) {
      kept.push({ i, text: 'row ' + i });
      if (kept.length > 200_000) kept.length = 0;
    }
    process.stdout.write(String(getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size));`;
  const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' });
  expect(child.stderr).toBe('');
  return Number(child.stdout) / 2 ** 20;
}

describe('useMemoryFirstHeap', () => {
  it('keeps the young generation at its first size where it would grow to 32 MB', () => {
    expect(youngGenerationMb(false)).toBeGreaterThanOrEqual(16);
    expect(youngGenerationMb(true)).toBeLessThanOrEqual(4);
  });
});
