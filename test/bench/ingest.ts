/**
 * `npm run bench`: ingest speed, latency, memory and start-up time of `knit-sync serve`, against two
 * references measured with the same sender (issue 6). Prints a table of figures and, last, one JSON line.
 *
 *   1. bare node:http server (the machine's ceiling)              20,000 events, 32 keep-alive connections
 *   2. ours, empty data folder                                    20,000 record.new
 *   3. ours, seeded to 100,000 employees / 120,000 events         restart: start-to-listening time
 *   4. ours with 100,000 employees stored                         20,000 record.new
 *   5. the guide's handler the plain lowdb way, 10,000 stored     200 record.new
 *
 * Options: `--events N` (default 20000), `--seed-employees N` (default 100000), `--profile` writes a
 * V8 CPU profile of each `serve` run into the temp folder (open it in Chrome DevTools), `--keep` keeps it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { randomBytes } from 'node:crypto';
import { writeDeliveries, recordEvent } from './deliveries';
import { rssMb, runSender, startServer, stopServer, type ServerProcess } from './processes';
import type { SenderResult } from './sender';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '20000' },
    'seed-employees': { type: 'string', default: '100000' },
    profile: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
  },
});
const EVENTS = Number(values.events);
const SEED = Number(values['seed-employees']);
const work = mkdtempSync(join(tmpdir(), 'knit-bench-'));
const key = `bench_${randomBytes(16).toString('hex')}`;
const env = { KNIT_API_KEY: key, KNIT_SANDBOX_API_KEY: '' };
const log = (line: string): void => void process.stderr.write(`bench: ${line}\n`);

function serveArgs(data: string, label: string): string[] {
  const profile = values.profile ? ['--cpu-prof', `--cpu-prof-dir=${join(work, 'profiles')}`, `--cpu-prof-name=${label}.cpuprofile`] : [];
  return [...profile, 'electron/cli/knit-sync.js', 'serve', '--no-tunnel', '--data', data, '--port', '0', '--ui-port', '0'];
}

/** Sends the file's deliveries and reads the server's RSS once they are all answered. */
async function measure(server: ServerProcess, file: string): Promise<SenderResult & { rssMb: number }> {
  const result = await runSender(server.url, file);
  return { ...result, rssMb: rssMb(server.child.pid!) };
}

log(`preparing deliveries in ${work}`);
const firstBatch = writeDeliveries(join(work, 'empty.ndjson'), EVENTS, key, (i) => recordEvent('record.new', i, 'sr_bench_a'));
const seedNew = Math.max(0, SEED - EVENTS);
const seedModified = Math.min(EVENTS, SEED);
const seedFile = writeDeliveries(join(work, 'seed.ndjson'), seedNew + seedModified, key, (i) =>
  i < seedNew ? recordEvent('record.new', EVENTS + i, 'sr_bench_seed') : recordEvent('record.modified', i - seedNew, 'sr_bench_seed'),
);
const loadedBatch = writeDeliveries(join(work, 'loaded.ndjson'), EVENTS, key, (i) => recordEvent('record.new', SEED + i, 'sr_bench_b'));
const lowdbBatch = writeDeliveries(join(work, 'lowdb.ndjson'), 200, key, (i) => recordEvent('record.new', i, 'sr_bench_l'));

log('1/5 bare node:http server');
const bare = await startServer(['--import', 'tsx', 'test/bench/bare-server.ts']);
const bareResult = await measure(bare, firstBatch);
await stopServer(bare);

log('2/5 knit-sync serve, empty');
const data = join(work, 'data');
let ours = await startServer(serveArgs(data, 'empty'), env);
const emptyResult = await measure(ours, firstBatch);
log(`3/5 seeding ${seedNew} more employees and ${seedModified} modifications`);
const seedResult = await runSender(ours.url, seedFile);
await stopServer(ours);

ours = await startServer(serveArgs(data, 'restart'), env);
const startMs = ours.startMs;
log(`4/5 knit-sync serve with ${SEED} employees stored (started in ${Math.round(startMs)} ms)`);
const loadedResult = await measure(ours, loadedBatch);
await stopServer(ours);

log('5/5 plain lowdb handler with 10,000 events stored');
const lowdbFile = join(work, 'lowdb.json');
writeFileSync(lowdbFile, JSON.stringify({ events: Array.from({ length: 10_000 }, (_, i) => recordEvent('record.new', 1_000_000 + i, 'sr_old')) }));
const lowdb = await startServer(['--import', 'tsx', 'test/bench/plain-lowdb-server.ts', '--file', lowdbFile, '--key-env', 'KNIT_API_KEY'], env);
const lowdbResult = await measure(lowdb, lowdbBatch);
await stopServer(lowdb);

const ratio = (a: number, b: number): number => Number((a / b).toFixed(2));
const figures = {
  events: EVENTS,
  bare: bareResult,
  oursEmpty: emptyResult,
  seeded: { employees: SEED, events: EVENTS + seedNew + seedModified, ok: seedResult.ok, perSecond: seedResult.perSecond },
  startToListeningMs: Math.round(startMs),
  oursLoaded: loadedResult,
  plainLowdb: lowdbResult,
  ratios: {
    oursOverBare: ratio(emptyResult.perSecond, bareResult.perSecond),
    oursOverPlainLowdb: ratio(emptyResult.perSecond, lowdbResult.perSecond),
    loadedOverEmpty: ratio(loadedResult.perSecond, emptyResult.perSecond),
  },
};

const row = (name: string, r: SenderResult & { rssMb?: number }): string =>
  `${name.padEnd(34)} ${String(r.perSecond).padStart(7)}/s   p50 ${r.p50Ms.toFixed(1).padStart(7)} ms   p99 ${r.p99Ms.toFixed(1).padStart(7)} ms   ok ${r.ok}/${r.sent}${r.rssMb === undefined ? '' : `   rss ${r.rssMb} MB`}`;
const out = [
  row('bare node:http', bareResult),
  row('knit-sync serve, empty', emptyResult),
  row(`knit-sync serve, ${SEED} stored`, loadedResult),
  row('plain lowdb, 10,000 stored', lowdbResult),
  `start to listening with ${SEED} employees / ${figures.seeded.events} events: ${figures.startToListeningMs} ms`,
  `ours / bare ${figures.ratios.oursOverBare}   ours / plain lowdb ${figures.ratios.oursOverPlainLowdb}   loaded / empty ${figures.ratios.loadedOverEmpty}`,
  JSON.stringify(figures),
];
process.stdout.write(`${out.join('\n')}\n`);
if (values.keep || values.profile) log(`kept ${work}`);
else rmSync(work, { recursive: true, force: true });
