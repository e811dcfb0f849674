import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../electron/core/log';
import { createPipeline } from '../../../electron/core/receiver/pipeline';
import { StoreWriteError } from '../../../electron/core/store/journal-store';
import { PRODUCTION_KEY, recordEvent, sign } from '../../support/core';

const body = Buffer.from(recordEvent('e_1', 'record.new', 'r_1'));
const delivery = {
  headers: { 'x-knit-signature': sign(body, PRODUCTION_KEY), 'x-knit-integration-id': 'int_a', 'x-knit-execution-id': 'ex_1', 'user-agent': 'ua' },
  body,
  remoteAddress: '127.0.0.1',
  receivedAt: '2026-01-01T00:00:00.000Z',
};

describe('pipeline', () => {
  it('answers 503 (Knit retries) when the journal cannot be written, and logs no rejection', async () => {
    const rejected: unknown[] = [];
    const pipeline = createPipeline({
      keys: () => [{ environment: 'production', key: PRODUCTION_KEY }],
      jobEnvironment: () => null,
      accept: async () => {
        throw new StoreWriteError(Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' }));
      },
      reject: (entry) => rejected.push(entry),
      log: silentLogger,
    });
    const reply = await pipeline.onDelivery(delivery);
    expect(reply.status).toBe(503);
    expect(reply.body).toMatchObject({ error: 'store_unavailable' });
    expect(rejected).toEqual([]);
  });

  it("stores Knit's headers and the content type only, and hands the raw bytes on", async () => {
    let accepted: { headers: Record<string, string>; raw: Buffer; integrationId: string | null } | null = null;
    const pipeline = createPipeline({
      keys: () => [{ environment: 'production', key: PRODUCTION_KEY }],
      jobEnvironment: () => null,
      accept: async (input) => {
        accepted = input;
        return { kind: 'retry', event: null };
      },
      reject: () => {},
      log: silentLogger,
    });
    expect((await pipeline.onDelivery(delivery)).status).toBe(200);
    expect(accepted!.headers).toEqual({
      'x-knit-signature': delivery.headers['x-knit-signature'],
      'x-knit-integration-id': 'int_a',
      'x-knit-execution-id': 'ex_1',
    });
    expect(accepted!.raw).toBe(body);
    expect(accepted!.integrationId).toBe('int_a');
  });
});
