/**
 * Event ids that differ only in invalid UTF-8 bytes (issue 14): both decode to the same U+FFFD string, so the
 * second would be answered "duplicate" and lost. Over real HTTP: such a signed delivery is refused with its own
 * reason and kept in the rejected log; an id holding a real U+FFFD in valid UTF-8 is stored as usual.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCompanion } from '../../electron/core/companion';
import type { CompanionService } from '../../electron/core/companion';
import { silentLogger } from '../../electron/core/log';
import { createHeadlessSecretStore } from '../../electron/core/secrets/headless-secret-store';
import { PRODUCTION_KEY, postSigned, recordEvent, removeDir, tempDir } from '../support/core';

let dir: string;
let companion: CompanionService;
beforeAll(async () => {
  dir = await tempDir();
  companion = await openCompanion({ dataDir: dir, port: 0, log: silentLogger, secrets: createHeadlessSecretStore(dir, { KNIT_API_KEY: PRODUCTION_KEY }) });
});
afterAll(async () => {
  await companion.close();
  await removeDir(dir);
});

/** A record.new body whose eventId is `e_` followed by the raw byte `byte`. */
const withIdByte = (byte: number): Buffer => {
  const [before, after] = recordEvent('e_@', 'record.new', 'r1').split('@') as [string, string];
  return Buffer.concat([Buffer.from(before), Buffer.from([byte]), Buffer.from(after)]);
};

describe('eventIds with invalid UTF-8 bytes', () => {
  it('refuses both of two ids differing only in invalid bytes, each kept in the rejected log', async () => {
    for (const byte of [0xff, 0xfe]) {
      const res = await postSigned(companion.listenerUrl, withIdByte(byte));
      expect(res.status).toBe(400);
      expect(JSON.parse(res.body)).toMatchObject({ error: 'event_id_invalid_utf8' });
      expect((await companion.listRejected()).at(-1)).toMatchObject({ status: 400, reason: 'event_id_invalid_utf8', detail: 'The eventId reads "e_\uFFFD".' });
    }
    expect(await companion.listEvents()).toEqual([]);
  });

  it('stores an id with a real U+FFFD in a valid UTF-8 body', async () => {
    const res = await postSigned(companion.listenerUrl, recordEvent('e_\uFFFD', 'record.new', 'r1'));
    expect(JSON.parse(res.body)).toMatchObject({ status: 'stored', eventId: 'e_\uFFFD' });
  });
});
