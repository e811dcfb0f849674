import { describe, expect, it } from 'vitest';
import { applyEvent, applyRetry, epochToIso, type AcceptedEvent } from '../../../electron/core/state/apply';
import { employeeKey, NO_INTEGRATION, State } from '../../../electron/core/state/state';
import { profileData } from '../../support/core';

let seq = 0;
function ev(eventType: string, body: Record<string, unknown> = {}, integrationId: string | null = 'int_1'): AcceptedEvent {
  seq++;
  return {
    seq,
    eventId: `e_${seq}`,
    receivedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, seq)).toISOString(),
    environment: 'production',
    integrationId,
    flags: [],
    body: { eventId: `e_${seq}`, eventType, syncRunId: 'sr_1', syncJobId: 'sj_1', syncType: 'delta_sync', ...body },
    offset: seq * 100,
    length: 99,
  };
}

describe('applyEvent', () => {
  it('record.modified of an unknown record creates it; record.new after it sets a new version', () => {
    const state = new State();
    const modified = applyEvent(state, ev('record.modified', { recordId: 'r1', eventData: profileData('Ana', 'Okafor') }));
    expect(modified.employee).toMatchObject({
      recordId: 'r1',
      name: 'Ana Okafor',
      deleted: false,
      versions: 1,
      department: 'R&D',
      managerId: 'm1',
      managerName: 'Mia Boss',
    });
    expect(modified.event.prevSeq).toBeNull();
    const created = applyEvent(state, ev('record.new', { recordId: 'r1', eventData: profileData('Ana', 'Smith') }));
    expect(created.employee).toMatchObject({ name: 'Ana Smith', versions: 2, lastEventId: created.event.eventId });
    expect(created.event.prevSeq).toBe(modified.event.seq);
  });

  it('delete marks deleted and keeps the last data, time and event; a later modify revives', () => {
    const state = new State();
    const created = applyEvent(state, ev('record.new', { recordId: 'r2', eventData: profileData('Kwame', 'Mensah') }));
    const deleted = applyEvent(state, ev('record.deleted', { recordId: 'r2', eventData: { employeeId: 'r2', workEmail: 'k@example.com' } }));
    expect(deleted.employee).toMatchObject({
      deleted: true,
      name: 'Kwame Mensah',
      lastEventId: created.event.eventId,
      updatedAt: created.event.receivedAt,
      deletedAt: deleted.event.receivedAt,
      versions: 2,
    });
    expect(deleted.event).toMatchObject({ name: 'Kwame Mensah', email: 'k@example.com' });
    expect(state.activeEmployees()).toBe(0);
    const revived = applyEvent(state, ev('record.modified', { recordId: 'r2', eventData: profileData('Kwame', 'Mensah-Boateng') }));
    expect(revived.employee).toMatchObject({ deleted: false, deletedAt: null, name: 'Kwame Mensah-Boateng', versions: 3 });
  });

  it('a delete of an unknown record is kept as an event only', () => {
    const state = new State();
    const result = applyEvent(state, ev('record.deleted', { recordId: 'ghost', eventData: { workEmail: 'g@example.com' } }));
    expect(result.employee).toBeNull();
    expect(state.employees.size).toBe(0);
    expect(state.events.get(result.event.eventId)).toMatchObject({ category: 'deleted', email: 'g@example.com' });
  });

  it('keys employees by integration and uses a placeholder without the header', () => {
    const state = new State();
    applyEvent(state, ev('record.new', { recordId: 'r1' }, 'int_a'));
    applyEvent(state, ev('record.new', { recordId: 'r1' }, 'int_b'));
    applyEvent(state, ev('record.new', { recordId: 'r1' }, null));
    expect(state.employees.size).toBe(3);
    expect(state.employees.has(employeeKey(NO_INTEGRATION, 'r1'))).toBe(true);
  });

  it('tracks a run: counts per type, running → processed → completed, Knit figures and times', () => {
    const state = new State();
    applyEvent(state, ev('record.new', { recordId: 'a' }));
    applyEvent(state, ev('record.new', { recordId: 'b' }));
    expect(state.runs.get('sr_1')).toMatchObject({ status: 'running', counts: { 'record.new': 2 }, processed: null });
    applyEvent(
      state,
      ev('sync.events.processed', {
        eventData: { status: 'completed', processed: 2, emitted: 2, startedAt: '1676281265551', processedAt: '1676281275876', complete: true },
      }),
    );
    expect(state.runs.get('sr_1')).toMatchObject({ status: 'processed', processed: 2, emitted: 2, consumed: null, startedAt: '2023-02-13T09:41:05.551Z' });
    applyEvent(state, ev('sync.events.allConsumed', { eventData: { consumed: 2, completedAt: 1676281276296 } }));
    expect(state.runs.get('sr_1')).toMatchObject({
      status: 'completed',
      consumed: 2,
      completedAt: '2023-02-13T09:41:16.296Z',
      syncJobId: 'sj_1',
      integrationId: 'int_1',
    });
  });

  it('a late processed event does not move a completed run back', () => {
    const state = new State();
    applyEvent(state, ev('sync.events.allConsumed', { eventData: { consumed: 1 } }));
    applyEvent(state, ev('sync.events.processed', { eventData: { processed: 1 } }));
    expect(state.runs.get('sr_1')?.status).toBe('completed');
  });

  it('counts retries on the event, replacing the entry', () => {
    const state = new State();
    const { event } = applyEvent(state, ev('record.new', { recordId: 'a' }));
    const retried = applyRetry(state, event.eventId);
    expect(retried?.retries).toBe(1);
    expect(event.retries).toBe(0);
    expect(state.retries).toBe(1);
  });

  it('converts epoch ms', () => {
    expect(epochToIso('0')).toBe('1970-01-01T00:00:00.000Z');
    expect(epochToIso('soon')).toBeNull();
  });
});
