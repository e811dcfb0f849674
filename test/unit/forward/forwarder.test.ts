/**
 * The Forwarder's queues against a loopback port where nothing listens: disabling a target drops its waiting
 * events (they are never sent), new events are not queued for a disabled target, and close() ends a retry
 * wait without another attempt.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { ForwardAttempt } from '../../../shared/api/types';
import { Forwarder } from '../../../electron/core/forward/forwarder';
import { silentLogger } from '../../../electron/core/log';

async function deadUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  await new Promise<void>((r) => server.close(() => r()));
  return url;
}

describe('Forwarder', () => {
  it('drops the waiting events of a disabled target, queues nothing more for it, and sends nothing after close', async () => {
    const attempts: Array<Omit<ForwardAttempt, 'id'>> = [];
    const reads: string[] = [];
    let firstAttempt: () => void = () => {};
    const firstRecorded = new Promise<void>((r) => (firstAttempt = r));
    const forwarder = new Forwarder(
      {
        read: async (eventId) => {
          reads.push(eventId);
          return { eventId, eventType: 'record.new', body: Buffer.from('{}'), headers: {} };
        },
        record: (a) => {
          attempts.push(a);
          firstAttempt();
        },
        changed: () => {},
        log: silentLogger,
      },
      { retryDelaysMs: [60_000], queueCap: 10 },
    );
    const url = await deadUrl();
    forwarder.setTargets([{ id: 'ft_1', url, enabled: true, eventTypes: [], credentials: null, session: false }]);
    for (const id of ['e_1', 'e_2', 'e_3']) forwarder.enqueue(id, 'record.new');
    await firstRecorded; // e_1 failed once and waits a minute for its retry
    expect(forwarder.list()[0]).toMatchObject({ queued: 3, lastError: expect.stringMatching(/connection refused/) });

    forwarder.setTargets([{ id: 'ft_1', url, enabled: false, eventTypes: [], credentials: null, session: false }]);
    forwarder.enqueue('e_4', 'record.new');
    expect(forwarder.list()[0]).toMatchObject({ enabled: false, queued: 1 });

    forwarder.close();
    await new Promise((r) => setImmediate(r));
    expect(forwarder.list()).toEqual([]);
    expect(reads).toEqual(['e_1']);
    expect(attempts.map((a) => [a.eventId, a.attempt, a.final])).toEqual([['e_1', 1, false]]);
  });
});
