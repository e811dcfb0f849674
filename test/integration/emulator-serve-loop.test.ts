/**
 * The emulator against the real receiver: `knit-sync serve` spawned on a temp data folder, the emulator
 * delivering an initial sync and deltas to it (directly, and through a proxy that answers 500 for a while),
 * then `knit-sync export` checked against the emulator's company: every employee stored with the data Knit
 * sent, the deleted ones marked, each run completed with processed = emitted = consumed, nothing duplicated.
 * (The start through the Knit API is the Companion's sync engine: tested once the lead wires it.)
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MODEL_IDS } from '../../shared/knit/models';
import { Company } from '../../electron/core/emulator/company';
import { EmulatedJob } from '../../electron/core/emulator/job';

const BIN = join(import.meta.dirname, '../../electron/cli/knit-sync.js');
const KEY = 'serve_loop_key_71d0c2a9';
const env = { ...process.env, KNIT_API_KEY: KEY, KNIT_SANDBOX_API_KEY: '', NGROK_AUTHTOKEN: '' };

let dataDir: string;
let serve: ChildProcessWithoutNullStreams;
let listenerUrl: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'knit-emulator-loop-'));
  serve = spawn(process.execPath, [BIN, 'serve', '--data', dataDir, '--port', '0', '--ui-port', '0', '--no-tunnel'], { env });
  listenerUrl = await new Promise<string>((resolve, reject) => {
    let out = '';
    let err = '';
    serve.stderr.on('data', (d: Buffer) => (err += d.toString()));
    serve.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const match = /^listening (\S+)$/m.exec(out);
      if (match) resolve(match[1]!);
    });
    serve.once('exit', (code) => reject(new Error(`serve exited ${code}: ${err}`)));
  });
});

afterAll(async () => {
  if (serve.exitCode === null) {
    const exited = new Promise((resolve) => serve.once('exit', resolve));
    serve.kill('SIGINT');
    await exited;
  }
  await rm(dataDir, { recursive: true, force: true });
});

/** `knit-sync export <kind>` on the data folder, parsed. */
function exportLines(...args: string[]): Promise<Array<Record<string, unknown>>> {
  const child = spawn(process.execPath, [BIN, 'export', ...args, '--data', dataDir], { env });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolve, reject) =>
    child.on('close', (code) =>
      code === 0
        ? resolve(
            out
              .split('\n')
              .filter(Boolean)
              .map((l) => JSON.parse(l) as Record<string, unknown>),
          )
        : reject(new Error(`export exited ${code}`)),
    ),
  );
}

function job(integrationId: string, destination: string, employees: number): EmulatedJob {
  return new EmulatedJob({
    integrationId,
    apiKey: KEY,
    company: new Company({ seed: 21, employees }),
    subscription: { models: DEFAULT_MODEL_IDS, frequency: 'standard', destination },
    deltaEverySeconds: null,
    deltaSize: { hires: 2, departures: 2, changes: 6 },
    delivery: { retry: { baseDelayMs: 10, maxDelayMs: 50 } },
  });
}

/** Checks what `export` says about one integration against the emulator's company and runs. */
async function expectStoredAsSent(emulated: EmulatedJob): Promise<void> {
  const runs = (await exportLines('runs', '--integration', emulated.integrationId)).filter((r) => r.integrationId === emulated.integrationId);
  expect(runs).toHaveLength(emulated.runs.length);
  for (const sent of emulated.runs) {
    const stored = runs.find((r) => r.syncRunId === sent.syncRunId)!;
    expect(stored).toMatchObject({ status: 'completed', syncType: sent.syncType, processed: sent.processed, emitted: sent.emitted, consumed: sent.emitted });
  }
  const employees = await exportLines('employees', '--integration', emulated.integrationId, '--include-deleted');
  const active = employees.filter((e) => !e.deleted);
  const company = emulated.company;
  expect(active.map((e) => e.recordId).sort()).toEqual([...company.employees.keys()].sort());
  for (const e of active) {
    const { integrationId, recordId, deleted, ...data } = e;
    expect(data).toEqual(company.eventData(recordId as string, DEFAULT_MODEL_IDS));
  }
  expect(
    employees
      .filter((e) => e.deleted)
      .map((e) => e.recordId)
      .sort(),
  ).toEqual([...company.departed.keys()].sort());
}

describe('emulator → knit-sync serve → export', () => {
  it('stores an initial sync and deltas exactly as the emulator holds the company', async () => {
    const emulated = job('int_loop', listenerUrl, 60);
    emulated.startInitialSync();
    emulated.startDeltaSync();
    emulated.startDeltaSync();
    await emulated.idle();
    expect(emulated.runs.map((r) => r.allConsumedDelivered)).toEqual([true, true, true]);
    const runs = await exportLines('runs', '--integration', 'int_loop');
    const deltas = runs.filter((r) => r.syncType === 'delta_sync');
    expect(deltas).toHaveLength(2);
    for (const run of deltas) {
      for (const type of ['record.new', 'record.modified', 'record.deleted']) expect((run.counts as Record<string, number>)[type]).toBeGreaterThan(0);
    }
    await expectStoredAsSent(emulated);
  });

  it('loses and duplicates nothing when the receiver answers 500 for a while', async () => {
    let refused = 0;
    const proxy = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', async () => {
        if (refused < 25) {
          refused++;
          return res.writeHead(500).end('down');
        }
        const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => k.startsWith('x-knit-') || k === 'content-type')) as Record<
          string,
          string
        >;
        const answer = await fetch(listenerUrl, { method: 'POST', headers, body: Buffer.concat(chunks) });
        res.writeHead(answer.status).end(await answer.text());
      });
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    try {
      const emulated = job('int_flaky', `http://127.0.0.1:${(proxy.address() as AddressInfo).port}/knithook`, 40);
      emulated.startInitialSync();
      emulated.startDeltaSync();
      await emulated.idle();
      expect(emulated.runs[0]!.retries).toBeGreaterThanOrEqual(25);
      expect(emulated.runs.every((r) => r.allConsumedDelivered && r.failed.length === 0)).toBe(true);
      await expectStoredAsSent(emulated);
      const events = (await exportLines('events', '--integration', 'int_flaky')).map((e) => e.eventId);
      expect(new Set(events).size).toBe(events.length);
      expect(events).toHaveLength(emulated.runs.reduce((n, r) => n + r.emitted + 2, 0));
    } finally {
      proxy.closeAllConnections();
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
    }
  });
});
