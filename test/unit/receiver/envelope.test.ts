import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { derivedEventId, eventFlags, NO_EVENT_TYPE, parseEnvelope } from '../../../electron/core/receiver/envelope';
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

  it('refuses a body that is not a JSON object with the right reason', () => {
    expect(parseEnvelope(Buffer.from('{"eventId":'))).toMatchObject({ ok: false, reason: 'body_not_json' });
    expect(parseEnvelope(Buffer.from('[1,2]'))).toMatchObject({ ok: false, reason: 'body_not_object' });
    expect(parseEnvelope(Buffer.from('"text"'))).toMatchObject({ ok: false, reason: 'body_not_object' });
    expect(parseEnvelope(Buffer.from('null'))).toMatchObject({ ok: false, reason: 'body_not_object', detail: 'It is null.' });
  });

  it('accepts an object without a string eventId under the SHA-256 of its exact bytes, and fills a missing eventType', () => {
    for (const text of [
      '{"eventType":"record.new"}',
      '{"eventId":7,"eventType":"record.new"}',
      '{"eventId":"","eventType":"x"}',
      '\ufeff{"eventType":"x"} \n',
    ]) {
      const bytes = Buffer.from(text);
      const result = parseEnvelope(bytes);
      expect(result, text).toMatchObject({ ok: true, missing: ['eventId'], event: { eventId: `sha256:${createHash('sha256').update(bytes).digest('hex')}` } });
      expect(result.ok && result.event.eventId).toBe(derivedEventId(bytes));
    }
    expect(parseEnvelope(Buffer.from('{"eventId":"e1","eventType":""}'))).toMatchObject({
      ok: true,
      missing: ['eventType'],
      event: { eventId: 'e1', eventType: NO_EVENT_TYPE },
    });
    expect(parseEnvelope(Buffer.from('{"other":1}'))).toMatchObject({ ok: true, missing: ['eventId', 'eventType'] });
    // the same object with other whitespace is other bytes: another id
    expect(derivedEventId(Buffer.from('{"a":1}'))).not.toBe(derivedEventId(Buffer.from('{ "a": 1 }')));
  });

  it("warns when a record event's eventData is not an object", () => {
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
    const flags = eventFlags({
      ...base,
      event: { eventId: 'e', eventType: 'record.new' },
      integrationId: 'i',
      environment: 'sandbox',
      jobEnvironment: 'production',
    });
    expect(flags).toEqual([expect.objectContaining({ code: 'other-environment-key' })]);
    expect(flags[0]?.message).toContain('sandbox');
  });
  it('flags a filled envelope, and does not call the activation event unknown', () => {
    const event = { eventId: 'sha256:ab', eventType: 'app.integration.activate' };
    expect(eventFlags({ ...base, event, missing: ['eventId'], integrationId: 'i' }).map((f) => f.code)).toEqual(['envelope-filled']);
    expect(eventFlags({ ...base, event, integrationId: 'i' })).toEqual([]);
  });
  it('flags schema warnings', () => {
    const flags = eventFlags({ ...base, event: { eventId: 'e', eventType: 'record.new' }, warnings: ['recordId: required'], integrationId: 'i' });
    expect(flags.map((f) => f.code)).toEqual(['schema']);
  });
});
