import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatDiffValue, formatPath, recordDiff } from '../../../renderer/model/record-diff';

const body = (eventData: unknown) => ({ eventId: 'e', eventType: 'record.modified', eventData });

describe('recordDiff', () => {
  it('lists changed, added and removed fields with dotted paths, sorted', () => {
    const before = body({
      orgStructure: { department: 'Sales', designation: 'Rep' },
      bankAccountDetails: [{ accountNumber: '1111' }],
      contactInfo: { phone: '1' },
    });
    const after = body({
      orgStructure: { department: 'Finance', designation: 'Rep' },
      bankAccountDetails: [{ accountNumber: '2222' }],
      locations: { city: 'Lisbon' },
    });
    expect(recordDiff(before, after)).toEqual([
      { path: 'bankAccountDetails[0].accountNumber', key: 'accountNumber', kind: 'changed', oldValue: '1111', newValue: '2222' },
      { path: 'contactInfo', key: 'contactInfo', kind: 'removed', oldValue: { phone: '1' } },
      { path: 'locations', key: 'locations', kind: 'added', newValue: { city: 'Lisbon' } },
      { path: 'orgStructure.department', key: 'department', kind: 'changed', oldValue: 'Sales', newValue: 'Finance' },
    ]);
  });
  it('compares only eventData (envelope fields like eventId differ on every event)', () => {
    expect(recordDiff({ eventId: 'a', eventData: { x: 1 } }, { eventId: 'b', eventData: { x: 1 } })).toEqual([]);
  });
  it('treats a missing or non-object eventData as empty', () => {
    expect(recordDiff(null, body({ profile: {} }))).toEqual([{ path: 'profile', key: 'profile', kind: 'added', newValue: {} }]);
  });
  it('diffs the guide fixture against itself to nothing', () => {
    const fixture = JSON.parse(readFileSync(new URL('../../fixtures/guide/record.modified.json', import.meta.url), 'utf8')) as unknown;
    expect(recordDiff(fixture, fixture)).toEqual([]);
  });
});

describe('formatting', () => {
  it('formats paths and values', () => {
    expect(formatPath(['a', 0, 'b'])).toBe('a[0].b');
    expect(formatDiffValue('Sales')).toBe('"Sales"');
    expect(formatDiffValue({ a: 1 })).toBe('{"a":1}');
    expect(formatDiffValue('x'.repeat(300), 10)).toHaveLength(10);
  });
});
