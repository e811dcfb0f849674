import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { eventFlags, parseEnvelope } from '../../../electron/core/receiver/envelope';
import { FIXTURES } from '../../support/core';

const fixture = (name: string): Buffer => readFileSync(join(FIXTURES, `${name}.json`));

describe('parseEnvelope', () => {
  it('accepts every guide fixture without schema warnings', () => {
    for (const name of ['record.new', 'record.modified', 'record.deleted', 'sync.events.processed', 'sync.events.allConsumed']) {
      const result = parseEnvelope(fixture(name));
      expect(result, name).toMatchObject({ ok: true, warnings: [] });
    }
  });

  it('tolerates a leading BOM and trailing whitespace', () => {
    const body = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), fixture('record.new'), Buffer.from('\n\r\n  ')]);
    expect(parseEnvelope(body)).toMatchObject({ ok: true, event: { eventId: 'e_123sadasdasda' } });
  });

  it('refuses what is below the minimum envelope with the right reason', () => {
    expect(parseEnvelope(Buffer.from('{"eventId":'))).toMatchObject({ ok: false, reason: 'body_not_json' });
    expect(parseEnvelope(Buffer.from('[1,2]'))).toMatchObject({ ok: false, reason: 'body_not_object' });
    expect(parseEnvelope(Buffer.from('"text"'))).toMatchObject({ ok: false, reason: 'body_not_object' });
    expect(parseEnvelope(Buffer.from('{"eventType":"record.new"}'))).toMatchObject({ ok: false, reason: 'envelope_incomplete', detail: 'The event has no string eventId.' });
    expect(parseEnvelope(Buffer.from('{"eventId":7,"eventType":"record.new"}'))).toMatchObject({ ok: false, reason: 'envelope_incomplete' });
    expect(parseEnvelope(Buffer.from('{"eventId":"e1","eventType":""}'))).toMatchObject({ detail: 'The event has no string eventType.' });
    expect(parseEnvelope(Buffer.from('{"other":1}'))).toMatchObject({ detail: 'The event has no string eventId or eventType.' });
  });

  it('warns when a record event\'s eventData is not an object', () => {
    const record = JSON.parse(fixture('record.new').toString('utf8')) as Record<string, unknown>;
    for (const eventData of [[], 'text', null]) {
      const result = parseEnvelope(Buffer.from(JSON.stringify({ ...record, eventData })));
      expect(result.ok && result.warnings, JSON.stringify(eventData)).toEqual([expect.stringMatching(/^eventData: .*expected object/)]);
    }
  });

  it('stores a documented type with a wrong shape, with warnings', () => {
    const result = parseEnvelope(Buffer.from('{"eventId":"e1","eventType":"sync.events.processed","eventData":{"processed":"many"}}'));
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.warnings.some((w) => w.startsWith('eventData.processed'))).toBe(true);
  });
});

describe('eventFlags', () => {
  const base = { warnings: [], environment: 'production', jobEnvironment: null };
  it('flags an unknown type and a missing integration header', () => {
    const flags = eventFlags({ ...base, event: { eventId: 'e', eventType: 'sync.heartbeat' }, integrationId: null });
    expect(flags.map((f) => f.code).sort()).toEqual(['no-integration-header', 'unknown-type']);
  });
  it('flags a key of another environment than the job', () => {
    const flags = eventFlags({ ...base, event: { eventId: 'e', eventType: 'record.new' }, integrationId: 'i', environment: 'sandbox', jobEnvironment: 'production' });
    expect(flags).toEqual([expect.objectContaining({ code: 'other-environment-key' })]);
    expect(flags[0]?.message).toContain('sandbox');
  });
  it('flags schema warnings', () => {
    const flags = eventFlags({ ...base, event: { eventId: 'e', eventType: 'record.new' }, warnings: ['recordId: required'], integrationId: 'i' });
    expect(flags.map((f) => f.code)).toEqual(['schema']);
  });
});
