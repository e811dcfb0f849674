import { describe, expect, it } from 'vitest';
import { throttledFrames } from '../../../renderer/state/frame-queue';

/** A fake page clock: frames and timers run when the test says so. */
function fakeClock() {
  let now = 0;
  const frames: Array<() => void> = [];
  const timers: Array<{ at: number; callback: () => void }> = [];
  return {
    clock: {
      requestFrame: (callback: () => void) => frames.push(callback),
      setTimer: (callback: () => void, ms: number) => timers.push({ at: now + ms, callback }),
      now: () => now,
    },
    /** Advances time to `ms`, firing due timers, then runs the frame callbacks queued. */
    frameAt(ms: number) {
      now = ms;
      const due = timers.filter((t) => t.at <= ms);
      timers.splice(0, timers.length, ...timers.filter((t) => t.at > ms));
      for (const t of due) t.callback();
      for (const f of frames.splice(0)) f();
    },
    get pendingTimers() {
      return timers.length;
    },
  };
}

describe('throttledFrames', () => {
  it('runs a callback in the next frame after a quiet spell, and the next one no sooner than minMs after it', () => {
    const page = fakeClock();
    const schedule = throttledFrames(50, page.clock);
    const ran: number[] = [];
    schedule(() => ran.push(page.clock.now()));
    page.frameAt(16);
    expect(ran).toEqual([16]);
    schedule(() => ran.push(page.clock.now()));
    page.frameAt(33);
    page.frameAt(50);
    expect(ran).toEqual([16]);
    expect(page.pendingTimers).toBe(1);
    page.frameAt(66);
    expect(ran).toEqual([16, 66]);
  });
});
