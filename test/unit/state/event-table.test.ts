import { describe, expect, it } from 'vitest';
import { applyEvent, applyRetry, type AcceptedEvent } from '../../../electron/core/state/apply';
import { eventSection, eventTableFromSection } from '../../../electron/core/state/event-table-bytes';
import { bytesSource } from '../../../electron/core/state/columns/column-source';
import { employeeKey, State, type EventMeta } from '../../../electron/core/state/state';
import { eventMatcher, EMPTY_FILTER } from '../../../shared/api/event-filter';
import { profileData } from '../../support/core';
import { acceptedEvent } from '../../support/accepted-event';
import { memoryColumns } from '../../support/column-bytes';

/** A state of varied events: record versions, a delete of an unknown record, sync events, flags, no integration, an odd receivedAt. */
function variedState(): { state: State; applied: EventMeta[] } {
  const state = new State();
  const applied: EventMeta[] = [];
  const people = ['Ana Okafor', 'Zoë Ångström', 'Kwame Mensah', 'Grace Hopper'];
  let seq = 0;
  const add = (e: AcceptedEvent): void => void applied.push(applyEvent(state, e).event);
  for (let i = 0; i < 40; i++) {
    const [first, last] = people[i % people.length]!.split(' ') as [string, string];
    const type = i % 5 === 4 ? 'record.deleted' : i % 3 === 0 ? 'record.modified' : 'record.new';
    const e = acceptedEvent(
      ++seq,
      type,
      { recordId: `EMP_${i % 7}`, syncRunId: `sr_${i % 3}`, eventData: profileData(first, last) },
      i % 4 === 0 ? null : `int_${i % 2}`,
    );
    if (i % 6 === 0) e.flags = [{ code: 'schema', message: `field ${i % 12} is missing` }];
    if (i === 7) e.receivedAt = '2026-11-29T12:00:00Z'; // not what toISOString makes: kept as received
    add(e);
  }
  add(acceptedEvent(++seq, 'record.deleted', { recordId: 'EMP_never_seen', eventData: { workEmail: 'gone@example.com' } }));
  add(acceptedEvent(++seq, 'sync.events.processed', { eventData: { processed: 40 } }));
  add(acceptedEvent(seq + 1, 'sync.heartbeat', { syncRunId: undefined, syncJobId: undefined, syncType: undefined }));
  return { state, applied };
}

const plain = (m: EventMeta | undefined): unknown => (m ? { ...m, flags: [...m.flags] } : m);

describe('EventTable', () => {
  it('materialises every event as applyEvent made it, by eventId, by position and in order', () => {
    const { state, applied } = variedState();
    const table = state.events;
    expect(table.size).toBe(applied.length);
    applied.forEach((meta, position) => {
      expect(plain(table.get(meta.eventId))).toEqual(plain(meta));
      expect(plain(table.at(position))).toEqual(plain(meta));
      expect(table.positionOf(meta.eventId)).toBe(position);
      expect(table.eventIdAt(position)).toBe(meta.eventId);
      expect(table.has(meta.eventId)).toBe(true);
    });
    expect(table.at(7)?.receivedAt).toBe('2026-11-29T12:00:00Z');
    expect([...table.keys()]).toEqual(applied.map((m) => m.eventId));
    expect([...table.values()].map(plain)).toEqual(applied.map(plain));
    expect(table.get('e_missing')).toBeUndefined();
    expect(table.positionOf('e_missing')).toBe(-1);
    expect(table.at(applied.length)).toBeUndefined();
    expect(table.at(-1)).toBeUndefined();
  });

  it('pages by seq: the first position after a seq, and the event of a seq', () => {
    const state = new State();
    for (const seq of [3, 5, 9]) applyEvent(state, acceptedEvent(seq, 'record.new', { recordId: `r${seq}` }));
    expect([0, 3, 4, 5, 8, 9].map((s) => state.events.positionAfterSeq(s))).toEqual([0, 1, 1, 2, 2, 3]);
    expect(state.events.bySeq(5)?.eventId).toBe('e_5');
    expect(state.events.bySeq(4)).toBeUndefined();
  });

  it('counts redeliveries in place', () => {
    const { state } = variedState();
    expect(applyRetry(state, 'e_2')?.retries).toBe(1);
    applyRetry(state, 'e_2');
    expect(state.events.get('e_2')?.retries).toBe(2);
    expect(state.events.get('e_3')?.retries).toBe(0);
    expect(applyRetry(state, 'e_unknown')).toBeNull();
    expect(state.retries).toBe(3);
  });

  it('finds text as eventMatcher does: case-insensitive substring of recordId, name or email', () => {
    const { state, applied } = variedState();
    for (const text of ['emp_3', 'ÅNG', 'okafor', 'example.com', 'gone@', 'ana okafor', 'zz', 'a']) {
      const found: number[] = [];
      state.events.findText(text, (p) => found.push(p));
      const expected = applied.flatMap((m, p) => (eventMatcher({ ...EMPTY_FILTER, text })(m) ? [p] : []));
      expect(found, text).toEqual(expected);
      const later: number[] = [];
      state.events.findText(text, (p) => later.push(p), 20);
      expect(later, `${text} from 20`).toEqual(expected.filter((p) => p >= 20));
    }
  });

  it('round-trips through its snapshot section and keeps growing after it', () => {
    const { state, applied } = variedState();
    applyRetry(state, 'e_4');
    const section = eventSection(state.events);
    applyRetry(state, 'e_4'); // after the capture: not in it
    const back = eventTableFromSection(
      JSON.parse(JSON.stringify(section.meta)),
      bytesSource(new Map([...memoryColumns(section)].map(([k, v]) => [k, v.slice()]))),
    );
    expect(back.size).toBe(applied.length);
    expect(back.get('e_4')?.retries).toBe(1);
    for (const meta of applied) if (meta.eventId !== 'e_4') expect(plain(back.get(meta.eventId))).toEqual(plain(meta));
    const found: number[] = [];
    back.findText('kwame', (p) => found.push(p));
    expect(found.length).toBeGreaterThan(0);
    const restored = new State(back);
    restored.lastSeq = state.lastSeq;
    for (const [key, employee] of state.employees) restored.employees.set(key, employee);
    const added = applyEvent(restored, acceptedEvent(1000, 'record.modified', { recordId: 'EMP_1', eventData: profileData('Ada', 'Lovelace') }, 'int_1')).event;
    expect(plain(back.get('e_1000'))).toEqual(plain(added));
    const previous = state.employees.get(employeeKey('int_1', 'EMP_1'))!.lastEventId;
    expect(added.prevSeq).toBe(state.events.get(previous)!.seq);
  });

  it('widens a code column past 256 and 65,536 distinct values, and reads it back at its width', () => {
    const table = new State().events;
    const base = applyEvent(new State(), acceptedEvent(1, 'record.new', { recordId: 'r' })).event;
    for (let seq = 1; seq <= 66_000; seq++) table.append({ ...base, seq, eventId: `e_${seq}`, syncRunId: `sr_${seq}`, syncJobId: `sj_${seq % 300}` });
    expect([table.codes.syncRunId.bytesPerRow, table.codes.syncJobId.bytesPerRow, table.codes.eventType.bytesPerRow]).toEqual([4, 2, 1]);
    expect([table.get('e_65999')?.syncRunId, table.get('e_299')?.syncJobId, table.get('e_1')?.syncRunId]).toEqual(['sr_65999', 'sj_299', 'sr_1']);
    const section = eventSection(table);
    const back = eventTableFromSection(section.meta, bytesSource(memoryColumns(section)));
    expect([back.codes.syncRunId.bytesPerRow, back.codes.syncJobId.bytesPerRow]).toEqual([4, 2]);
    expect(back.get('e_65536')).toEqual(table.get('e_65536'));
  });

  it('refuses a section whose columns disagree, with a sentence', () => {
    const { state } = variedState();
    const section = eventSection(state.events);
    const columns = memoryColumns(section);
    expect(() => eventTableFromSection({ ...(section.meta as object), rows: 3 }, bytesSource(columns))).toThrow(/has \d+ bytes, not 3 rows/);
    columns.delete('c.syncRunId');
    expect(() => eventTableFromSection(section.meta, bytesSource(columns))).toThrow('its events column c.syncRunId is missing');
  });
});
