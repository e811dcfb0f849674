/**
 * Crash safety: `kill -9` of serve during a burst of 2,000 concurrent events, then a restart: every event that
 * got a 200 is in `export events`, and none is there twice (ARCHITECTURE.md "Store": never 200 before
 * durable).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keepAliveAgent, postSigned, recordEvent, removeDir, runCli, startServe, tempDir } from '../support/core';

let dir: string;
beforeAll(async () => {
  dir = await tempDir();
});
afterAll(() => removeDir(dir));

describe('kill -9 during a burst', () => {
  it('loses no event that got a 200 and duplicates none', async () => {
    const serve = await startServe(['--data', dir]);
    const agent = keepAliveAgent(64);
    const acked = new Set<string>();
    let killed = false;
    const sends = Array.from({ length: 2_000 }, async (_, i) => {
      const eventId = `e_burst_${i}`;
      try {
        const res = await postSigned(serve.url, recordEvent(eventId, 'record.new', `r_${i}`), undefined, {}, agent);
        if (res.status === 200) acked.add(eventId);
        if (acked.size >= 700 && !killed) {
          killed = true;
          serve.child.kill('SIGKILL');
        }
      } catch {
        // refused or reset by the kill: not acknowledged
      }
    });
    await Promise.all(sends);
    agent.destroy();
    await serve.stop();
    expect(killed).toBe(true);
    expect(acked.size).toBeGreaterThanOrEqual(700);
    expect(acked.size).toBeLessThan(2_000);

    const restarted = await startServe(['--data', dir]);
    // deliveries Knit retries after the crash are answered 200 again and stored once
    const retried = await postSigned(restarted.url, recordEvent('e_burst_0', 'record.new', 'r_0'));
    expect(retried.status).toBe(200);
    const exported = await runCli(['export', 'events', '--data', dir]);
    expect(await restarted.stop()).toBe(0);
    const ids = exported.stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => (JSON.parse(line) as { eventId: string }).eventId);
    expect(new Set(ids).size).toBe(ids.length);
    const stored = new Set(ids);
    const missing = [...acked].filter((id) => !stored.has(id));
    expect(missing).toEqual([]);
  });
});
