import { describe, expect, it } from 'vitest';
import type { IntegrationEntry, SyncJob } from '../../../shared/api/types';
import { defaultIntegrationId, knownIntegrations } from '../../../renderer/model/integrations';
import { tunnelModeNote } from '../../../renderer/model/tunnel-note';

const job = (integrationId: string, updatedAt: string): SyncJob => ({
  integrationId,
  environment: 'sandbox',
  syncJobId: `sj_${integrationId}`,
  models: ['employee_profile'],
  frequency: 'standard',
  destination: 'http://127.0.0.1:8787/knithook',
  state: 'active',
  startedAt: updatedAt,
  updatedAt,
  initialSyncs: 1,
  stale: null,
  lastError: null,
});
const saved: IntegrationEntry[] = [{ integrationId: 'int_saved', label: 'BambooHR', environment: 'production' }];

describe('integrations Setup knows', () => {
  it("lists an integration that only has a job (the demo's int_demo), after the saved ones, unlabelled", () => {
    expect(knownIntegrations([], [job('int_demo', '2026-11-29T10:00:00Z')])).toEqual([
      { integrationId: 'int_demo', label: '', environment: 'sandbox', saved: false },
    ]);
    const known = knownIntegrations(saved, [job('int_saved', '2026-11-29T09:00:00Z'), job('int_demo', '2026-11-29T10:00:00Z')]);
    expect(known.map((i) => [i.integrationId, i.saved])).toEqual([
      ['int_saved', true],
      ['int_demo', false],
    ]);
  });
  it('opens the sync form on the most recently updated job, else the first saved integration', () => {
    const jobs = [job('int_old', '2026-11-28T10:00:00Z'), job('int_demo', '2026-11-29T10:00:00Z')];
    expect(defaultIntegrationId(saved, jobs)).toBe('int_demo');
    expect(defaultIntegrationId(saved, [])).toBe('int_saved');
    expect(defaultIntegrationId([], [])).toBe('');
  });
});

describe('tunnelModeNote', () => {
  it('explains a saved ngrok mode in a run started without a tunnel (what knit-sync demo reports)', () => {
    expect(tunnelModeNote('ngrok', { mode: 'off', state: 'off' })).toMatch(/tunnel is off in this run.*without one.*an ngrok tunnel/);
  });
  it('says nothing when the run does what was saved', () => {
    expect(tunnelModeNote('ngrok', { mode: 'ngrok', state: 'online' })).toBeNull();
    expect(tunnelModeNote('off', { mode: 'off', state: 'off' })).toBeNull();
  });
});
