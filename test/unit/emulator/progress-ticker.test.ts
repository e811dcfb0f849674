import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { describeDuration, describeRetrySchedule, ProgressTicker } from '../../../electron/core/emulator/scenarios/progress-ticker';

describe('progress of long deliveries', () => {
  it('prints done/total, rate and ETA every few ms while work is under way, nothing once it stopped', async () => {
    const lines: string[] = [];
    const ticker = new ProgressTicker((l) => lines.push(l), 'events answered', 40);
    ticker.start(1200);
    for (let i = 0; i < 300; i++) ticker.tick();
    await sleep(100);
    ticker.stop();
    const printed = lines.length;
    expect(printed).toBeGreaterThanOrEqual(1);
    expect(lines[0]).toMatch(/^300\/1,200 events answered, [\d,]+\/s, ETA \d+ s$/);
    await sleep(100);
    expect(lines.length).toBe(printed);
  });

  it('says a duration in seconds, minutes or hours', () => {
    expect([0.2, 45, 200, 3_600 * 2 + 300].map(describeDuration)).toEqual(['1 s', '45 s', '3 min 20 s', '2 h 05 min']);
  });

  it('compresses a retry schedule into one line', () => {
    expect(describeRetrySchedule({ attempts: 5, baseDelayMs: 250, maxDelayMs: 4000 })).toBe('0.25 s, 0.5 s, 1 s, 2 s (4 retries over 3.75 s)');
    expect(describeRetrySchedule({ attempts: 4, baseDelayMs: 1000, maxDelayMs: 2000 })).toBe('1 s, 2 s, 2 s (3 retries over 5 s)');
    expect(describeRetrySchedule({ attempts: 1, baseDelayMs: 1, maxDelayMs: 1 })).toBe('no retries');
  });
});
