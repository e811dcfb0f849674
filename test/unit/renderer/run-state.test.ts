import { describe, expect, it } from 'vitest';
import { inFlight, runState, STALLED_AFTER_MS } from '../../../shared/api/run-state';
import type { RunSummary } from '../../../shared/api/types';

const base: RunSummary = {
  syncRunId: 'sr_1',
  syncJobId: 'sj_1',
  integrationId: 'int_1',
  syncType: 'initial_sync',
  status: 'running',
  processed: null,
  emitted: null,
  consumed: null,
  startedAt: null,
  processedAt: null,
  completedAt: null,
  firstEventAt: '2026-01-01T10:00:00.000Z',
  lastEventAt: '2026-01-01T10:01:00.000Z',
  counts: {},
};
const at = (iso: string) => Date.parse(iso);

describe('runState: runs that cannot finish are not "running" for ever', () => {
  it('keeps a run in flight while events come', () => {
    expect(runState(base, [base], at('2026-01-01T10:02:00Z'), '2026-01-01T09:00:00Z')).toBe('running');
    expect(inFlight('processed')).toBe(true);
  });
  it('calls a run superseded once a newer initial sync of the same job completed', () => {
    const newer = { ...base, syncRunId: 'sr_2', status: 'completed' as const, firstEventAt: '2026-01-01T11:00:00.000Z' };
    expect(runState(base, [base, newer], at('2026-01-01T11:05:00Z'), null)).toBe('superseded');
    const otherJob = { ...newer, syncJobId: 'sj_2' };
    expect(runState(base, [base, otherJob], at('2026-01-01T10:02:00Z'), null)).toBe('running');
  });
  it('calls a run interrupted when its last event came before this Companion started', () => {
    expect(runState(base, [base], at('2026-01-01T10:03:00Z'), '2026-01-01T10:02:00.000Z')).toBe('interrupted');
  });
  it('calls a run stalled after 15 minutes without an event', () => {
    expect(runState(base, [base], at(base.lastEventAt) + STALLED_AFTER_MS + 1, null)).toBe('stalled');
    expect(inFlight('stalled')).toBe(false);
  });
  it('a completed run stays completed', () => {
    expect(runState({ ...base, status: 'completed' }, [], Date.now(), '2030-01-01T00:00:00Z')).toBe('completed');
  });
});
