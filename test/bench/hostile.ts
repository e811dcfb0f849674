/**
 * `npm run bench:hostile`: does unauthenticated work stall the listener (issue 14, break 1)? Starts
 * `knit-sync serve` (the built CLI, like ingest.ts), sends `--hostile` (default 6) parallel 10 MB bodies of
 * nested brackets (`'['.repeat(5e6) + ']'.repeat(5e6)`) with a made-up 43-character signature, and meanwhile
 * `--signed` (default 20) correctly signed `record.new` deliveries, one every `--every` ms (default 100).
 * Prints the slowest signed delivery (ms), how many got 200, serve's peak RSS (MB, sampled every 20 ms from
 * /proc) and, last, one JSON line. Target: every signed delivery 200, the slowest within 1,000 ms, RSS < 400 MB.
 */
import http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { randomBytes } from 'node:crypto';
import { BENCH_INTEGRATION_ID, recordEvent } from './deliveries';
import { rssMb, startServer, stopServer } from './processes';
import { post } from './sender';
import { knitSignature } from '../../electron/core/signature/sign';

const { values } = parseArgs({
  options: {
    hostile: { type: 'string', default: '6' },
    signed: { type: 'string', default: '20' },
    every: { type: 'string', default: '100' },
  },
});
const HOSTILE = Number(values.hostile);
const SIGNED = Number(values.signed);
const EVERY_MS = Number(values.every);
const log = (line: string): void => void process.stderr.write(`bench:hostile: ${line}\n`);

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'knit-bench-hostile-'));
  const key = `bench_${randomBytes(16).toString('hex')}`;
  const server = await startServer(['electron/cli/knit-sync.js', 'serve', '--no-tunnel', '--data', join(work, 'data'), '--port', '0', '--ui-port', '0'], {
    KNIT_API_KEY: key,
    KNIT_SANDBOX_API_KEY: '',
  });
  const pid = server.child.pid!;
  const url = new URL(server.url);
  const rssBefore = rssMb(pid);
  let peakRss = rssBefore;
  const sampler = setInterval(() => {
    try {
      peakRss = Math.max(peakRss, rssMb(pid));
    } catch {
      // the process ended
    }
  }, 20);
  try {
    const brackets = '['.repeat(5e6) + ']'.repeat(5e6);
    log(`serve pid ${pid} at ${server.url}, RSS ${rssBefore} MB; sending ${HOSTILE} x 10 MB unsigned and ${SIGNED} signed every ${EVERY_MS} ms`);
    // each on its own connection, with a made-up 43-character signature
    const hostile = Array.from({ length: HOSTILE }, () =>
      post(new http.Agent(), url, { body: brackets, signature: randomBytes(32).toString('base64url'), integrationId: BENCH_INTEGRATION_ID }),
    );
    const agent = new http.Agent({ keepAlive: true });
    const signed: Promise<{ status: number; ms: number }>[] = [];
    for (let i = 0; i < SIGNED; i++) {
      const body = JSON.stringify(recordEvent('record.new', i, `sr_hostile_${Date.now()}`));
      const delivery = { body, signature: knitSignature(body, key), integrationId: BENCH_INTEGRATION_ID };
      const t0 = performance.now();
      signed.push(post(agent, url, delivery).then((status) => ({ status, ms: performance.now() - t0 })));
      await sleep(EVERY_MS);
    }
    const results = await Promise.all(signed);
    const hostileStatuses = await Promise.all(hostile);
    agent.destroy();
    const slowestMs = Math.round(Math.max(...results.map((r) => r.ms)));
    const ok = results.filter((r) => r.status === 200).length;
    const statuses: Record<string, number> = {};
    for (const status of hostileStatuses) statuses[status] = (statuses[status] ?? 0) + 1;
    const result = { signed: SIGNED, ok, slowestMs, rssBeforeMb: rssBefore, peakRssMb: peakRss, hostile: HOSTILE, hostileStatuses: statuses };
    process.stdout.write(`slowest signed delivery   ${slowestMs} ms   (target <= 1000)\n`);
    process.stdout.write(`signed deliveries 200     ${ok} / ${SIGNED}   (target ${SIGNED})\n`);
    process.stdout.write(`serve peak RSS            ${peakRss} MB   (was ${rssBefore} MB at start; target < 400)\n`);
    process.stdout.write(`hostile bodies answered   ${JSON.stringify(statuses)}\n`);
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    clearInterval(sampler);
    await stopServer(server);
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:hostile: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
