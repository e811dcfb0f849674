import { describe, expect, it } from 'vitest';
import type { RunSummary } from '../../../shared/api/types';
import { runProgress } from '../../../renderer/model/run-progress';
import { signatureHint } from '../../../renderer/model/rejection-hint';

const run = (over: Partial<RunSummary>): RunSummary => ({
  syncRunId: 'sr_1',
  syncJobId: 'sj_1',
  integrationId: 'int_a',
  syncType: 'initial_sync',
  status: 'running',
  processed: null,
  emitted: null,
  consumed: null,
  startedAt: null,
  processedAt: null,
  completedAt: null,
  firstEventAt: '2026-11-29T12:00:00Z',
  lastEventAt: '2026-11-29T12:00:30Z',
  counts: { 'record.new': 40 },
  ...over,
});

describe('runProgress', () => {
  it('while running: no target yet, waiting for sync.events.processed', () => {
    const p = runProgress(run({}));
    expect(p).toMatchObject({ received: 40, target: null, fraction: null, awaited: 'waiting for sync.events.processed', durationMs: 30_000 });
  });
  it('after processed: against emitted, says how many are missing', () => {
    const p = runProgress(run({ status: 'processed', processed: 50, emitted: 50, counts: { 'record.new': 40, 'sync.events.processed': 1 } }));
    expect(p.target).toBe(50);
    expect(p.fraction).toBeCloseTo(0.8);
    expect(p.awaited).toBe('waiting for sync.events.allConsumed (10 of 50 emitted events not received yet)');
  });
  it('completed: against consumed, nothing awaited, duration from Knit times', () => {
    const p = runProgress(
      run({
        status: 'completed',
        emitted: 40,
        consumed: 40,
        startedAt: '2026-11-29T11:59:00Z',
        completedAt: '2026-11-29T12:01:00Z',
        counts: { 'record.new': 40, 'sync.events.allConsumed': 1 },
      }),
    );
    expect(p).toMatchObject({ received: 40, target: 40, fraction: 1, awaited: null, durationMs: 120_000 });
  });
  it('an empty run (emitted 0) is full', () => {
    expect(runProgress(run({ status: 'completed', emitted: 0, consumed: 0, counts: {} })).fraction).toBe(1);
  });
});

describe('signatureHint', () => {
  it('explains encoding mistakes and key problems, nothing for body errors', () => {
    expect(signatureHint({ reason: 'signature_hex' })).toMatch(/base64url/);
    expect(signatureHint({ reason: 'no_key_configured' })).toMatch(/Setup/);
    expect(signatureHint({ reason: 'body_not_json' })).toBeNull();
  });
});
