/** Forward targets: filters, saved entries read leniently, session targets, URLs, and the headers sent. */
import { describe, expect, it } from 'vitest';
import { outgoingHeaders } from '../../../electron/core/forward/outgoing';
import { passesFilter, savedTargetsOf, sessionTargets, targetUrl } from '../../../electron/core/forward/targets';
import { knitSignature } from '../../../electron/core/signature/sign';

describe('forward targets', () => {
  it('filters by exact event type or family; an empty filter passes all', () => {
    expect(passesFilter([], 'sync.heartbeat')).toBe(true);
    expect(passesFilter(['record.*'], 'record.deleted')).toBe(true);
    expect(passesFilter(['record.*'], 'recordX.new')).toBe(false);
    expect(passesFilter(['record.new', 'sync.*'], 'sync.events.processed')).toBe(true);
    expect(passesFilter(['record.new'], 'record.modified')).toBe(false);
  });

  it('reads saved targets leniently: invalid entries are left out and counted', () => {
    const good = { id: 'ft_1', url: 'http://localhost:3000/knithook', enabled: true, eventTypes: ['record.*'] };
    expect(savedTargetsOf([good, { id: 'ft_2', url: 'ftp://x', enabled: true }, 'junk', { url: 'http://x/', enabled: true }])).toEqual({
      targets: [good],
      skipped: 3,
    });
    expect(savedTargetsOf(undefined)).toEqual({ targets: [], skipped: 0 });
    expect(savedTargetsOf([{ id: 'ft_3', url: 'http://x/', enabled: false }]).targets[0]?.eventTypes).toEqual([]);
  });

  it('makes session targets enabled for every type, and checks URLs', () => {
    expect(sessionTargets(['http://a/', 'http://user:pa%20ss@b/'])).toEqual([
      { id: 'ft_session_1', url: 'http://a/', credentials: null, enabled: true, eventTypes: [], session: true },
      { id: 'ft_session_2', url: 'http://b/', credentials: 'user:pa%20ss', enabled: true, eventTypes: [], session: true },
    ]);
    expect(() => targetUrl('ftp://user:secret@host/')).toThrow('"ftp://user:•••@host/" is not an http or https URL');
    expect(targetUrl('http://localhost:3000/knithook')).toBe('http://localhost:3000/knithook');
    expect(() => targetUrl('localhost:3000')).toThrow(/not an http or https URL/);
    expect(() => targetUrl('nope')).toThrow(/not a URL/);
  });

  it("sends Knit's headers and the content type only; re-signing replaces just the signature", () => {
    const body = Buffer.from('{"eventId":"e","eventType":"record.new"}');
    const event = {
      eventId: 'e',
      eventType: 'record.new',
      body,
      headers: {
        'x-knit-signature': 'orig',
        'x-knit-integration-id': 'int_1',
        'x-knit-execution-id': 'ex_1',
        'content-type': 'application/json',
        'user-agent': 'knit',
      },
    };
    expect(outgoingHeaders(event, null)).toEqual({
      'x-knit-signature': 'orig',
      'x-knit-integration-id': 'int_1',
      'x-knit-execution-id': 'ex_1',
      'content-type': 'application/json',
    });
    expect(outgoingHeaders(event, 'other_key')).toMatchObject({ 'x-knit-signature': knitSignature(body, 'other_key'), 'x-knit-integration-id': 'int_1' });
  });
});
