/**
 * `npm run bench`: ingest speed, latency, memory and start-up time of `knit-sync serve`, against two
 * references measured with the same sender (issue 6). Prints a table of figures and, last, one JSON line.
 *
 *   0. a folder seeded to 100,000 employees / 120,000 events      (not measured)
 *   1. bare node:http server (the machine's ceiling)              20,000 events, 32 keep-alive connections
 *   2. ours, empty data folder                                    20,000 record.new
 *   3. ours restarted on the seeded folder                        start-to-listening time
 *   4. ours with 100,000 employees stored                         20,000 record.new
 *   5. the guide's handler the plain lowdb way, 10,000 stored     200 record.new
 *
 * Steps 1 to 4 run `--repeat` times (default 3), back to back within each repetition so that the servers
 * compared share the machine's load of the moment (it is shared: one run can be off by 2x). The table shows
 * the median of each figure and the ratios are medians of the per-repetition ratios. Each run is its own
 * server process, after a warm-up of 1,000 deliveries that are not counted (JIT, connection set-up); step 2
 * on a fresh folder each time, step 4 with new eventIds each time (nothing is a redelivery), so the seeded
 * folder grows by 21,000 events per repetition. The JSON line also holds every run's figures. Each row also
 * gives the CPU time per acknowledged event of the server (/proc, every thread) and of the sender: with client
 * and server on one 2-core machine, throughput is bounded by their sum, so ours / bare follows the server's.
 *
 * Options: `--events N` (default 20000), `--seed-employees N` (default 100000), `--repeat N` (default 3),
 * `--profile` writes a V8 CPU profile of each `serve` run into the temp folder (open it in Chrome DevTools),
 * `--keep` keeps that folder.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { randomBytes } from 'node:crypto';
import { writeDeliveries, recordEvent } from './deliveries';
import { cpuMs, rssMb, runSender, startServer, stopServer, type ServerProcess } from './processes';
import type { SenderResult } from './sender';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '20000' },
    'seed-employees': { type: 'string', default: '100000' },
    repeat: { type: 'string', default: '3' },
    profile: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
  },
});
const EVENTS = Number(values.events);
const SEED = Number(values['seed-employees']);
const REPEAT = Math.max(1, Number(values.repeat));
const WARM_UP = 1_000;
const work = mkdtempSync(join(tmpdir(), 'knit-bench-'));
const key = `bench_${randomBytes(16).toString('hex')}`;
const env = { KNIT_API_KEY: key, KNIT_SANDBOX_API_KEY: '' };
const log = (line: string): void => void process.stderr.write(`bench: ${line}\n`);

function serveArgs(data: string, label: string): string[] {
  const profile = values.profile ? ['--cpu-prof', `--cpu-prof-dir=${join(work, 'profiles')}`, `--cpu-prof-name=${label}.cpuprofile`] : [];
  return [...profile, 'electron/cli/knit-sync.js', 'serve', '--no-tunnel', '--data', data, '--port', '0', '--ui-port', '0'];
}

/** A sender run plus the server's RSS at its end (MB) and the server's CPU time per acknowledged event (µs). */
type Measured = SenderResult & { rssMb: number; serverCpuUsPerEvent: number };

/** Warms the server up with `warmUp` (not counted), sends the file's deliveries, reads the server's RSS. */
async function measure(server: ServerProcess, file: string, warmUp: string | null): Promise<Measured> {
  if (warmUp) await runSender(server.url, warmUp);
  const cpuBefore = cpuMs(server.child.pid!);
  const result = await runSender(server.url, file);
  const serverCpuUsPerEvent = Math.round(((cpuMs(server.child.pid!) - cpuBefore) * 1000) / Math.max(1, result.ok));
  return { ...result, rssMb: rssMb(server.child.pid!), serverCpuUsPerEvent };
}

const median = (xs: number[]): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
/** The median of each figure over the runs (each figure on its own). */
function medianOf(runs: Measured[]): Measured {
  const pick = (f: (r: Measured) => number): number => median(runs.map(f));
  return {
    sent: pick((r) => r.sent),
    ok: pick((r) => r.ok),
    failed: pick((r) => r.failed),
    statuses: runs[runs.length - 1]!.statuses,
    wallMs: pick((r) => r.wallMs),
    perSecond: pick((r) => r.perSecond),
    p50Ms: pick((r) => r.p50Ms),
    p99Ms: pick((r) => r.p99Ms),
    rssMb: pick((r) => r.rssMb),
    serverCpuUsPerEvent: pick((r) => r.serverCpuUsPerEvent),
    senderCpuUsPerEvent: pick((r) => r.senderCpuUsPerEvent),
  };
}

log(`preparing deliveries in ${work}`);
const warmUps = Array.from({ length: REPEAT + 1 }, (_, r) =>
  writeDeliveries(join(work, `warm-${r}.ndjson`), WARM_UP, key, (i) => recordEvent('record.new', 9_000_000 + r * WARM_UP + i, `sr_bench_w${r}`)),
);
const firstBatch = writeDeliveries(join(work, 'empty.ndjson'), EVENTS, key, (i) => recordEvent('record.new', i, 'sr_bench_a'));
const seedNew = Math.max(0, SEED - EVENTS);
const seedModified = Math.min(EVENTS, SEED);
const seedFile = writeDeliveries(join(work, 'seed.ndjson'), seedNew + seedModified, key, (i) =>
  i < seedNew ? recordEvent('record.new', EVENTS + i, 'sr_bench_seed') : recordEvent('record.modified', i - seedNew, 'sr_bench_seed'),
);
const loadedBatches = Array.from({ length: REPEAT }, (_, r) =>
  writeDeliveries(join(work, `loaded-${r}.ndjson`), EVENTS, key, (i) => recordEvent('record.new', SEED + r * EVENTS + i, `sr_bench_b${r}`)),
);
const lowdbBatch = writeDeliveries(join(work, 'lowdb.ndjson'), 200, key, (i) => recordEvent('record.new', i, 'sr_bench_l'));

const data = join(work, 'data');
log(`seeding a folder with ${EVENTS + seedNew} employees and ${EVENTS + seedNew + seedModified} events (not measured)`);
const seeder = await startServer(serveArgs(data, 'seed'), env);
const seedResult = await runSender(seeder.url, firstBatch);
const seedRest = await runSender(seeder.url, seedFile);
await stopServer(seeder);

// Each repetition measures the three servers back to back, so that they share the machine's load of the
// moment; the ratios are taken per repetition, then their median.
const bareRuns: Measured[] = [];
const emptyRuns: Measured[] = [];
const startRuns: number[] = [];
const loadedRuns: Measured[] = [];
for (let r = 0; r < REPEAT; r++) {
  log(`run ${r + 1}/${REPEAT}: bare node:http server`);
  const bare = await startServer(['--import', 'tsx', 'test/bench/bare-server.ts']);
  bareRuns.push(await measure(bare, firstBatch, warmUps[0]!));
  await stopServer(bare);

  log(`run ${r + 1}/${REPEAT}: knit-sync serve, empty`);
  const folder = join(work, `empty-${r}`);
  const empty = await startServer(serveArgs(folder, `empty-${r}`), env);
  emptyRuns.push(await measure(empty, firstBatch, warmUps[0]!));
  await stopServer(empty);
  rmSync(folder, { recursive: true, force: true });

  const loaded = await startServer(serveArgs(data, `loaded-${r}`), env);
  startRuns.push(loaded.startMs);
  log(
    `run ${r + 1}/${REPEAT}: knit-sync serve with ${EVENTS + seedNew + r * (EVENTS + WARM_UP)} employees stored (started in ${Math.round(loaded.startMs)} ms)`,
  );
  loadedRuns.push(await measure(loaded, loadedBatches[r]!, warmUps[r + 1]!));
  await stopServer(loaded);
}

log('5/5 plain lowdb handler with 10,000 events stored');
const lowdbFile = join(work, 'lowdb.json');
writeFileSync(lowdbFile, JSON.stringify({ events: Array.from({ length: 10_000 }, (_, i) => recordEvent('record.new', 1_000_000 + i, 'sr_old')) }));
const lowdb = await startServer(['--import', 'tsx', 'test/bench/plain-lowdb-server.ts', '--file', lowdbFile, '--key-env', 'KNIT_API_KEY'], env);
const lowdbResult = await measure(lowdb, lowdbBatch, null);
await stopServer(lowdb);

const bareResult = medianOf(bareRuns);
const emptyResult = medianOf(emptyRuns);
const loadedResult = medianOf(loadedRuns);
const startMs = median(startRuns);
const ratio = (a: number[], b: number[]): number => Number(median(a.map((x, i) => x / b[i]!)).toPrecision(3));
const rates = (runs: Measured[]): number[] => runs.map((r) => r.perSecond);
const figures = {
  events: EVENTS,
  bare: bareResult,
  oursEmpty: emptyResult,
  repeat: REPEAT,
  warmUp: WARM_UP,
  seeded: { employees: EVENTS + seedNew, events: EVENTS + seedNew + seedModified, ok: seedResult.ok + seedRest.ok, perSecond: seedRest.perSecond },
  startToListeningMs: Math.round(startMs),
  runs: { bare: bareRuns, oursEmpty: emptyRuns, startToListeningMs: startRuns.map(Math.round), oursLoaded: loadedRuns },
  oursLoaded: loadedResult,
  plainLowdb: lowdbResult,
  ratios: {
    oursOverBare: ratio(rates(emptyRuns), rates(bareRuns)),
    oursOverPlainLowdb: ratio([emptyResult.perSecond], [lowdbResult.perSecond]),
    loadedOverEmpty: ratio(rates(loadedRuns), rates(emptyRuns)),
  },
};

const row = (name: string, r: SenderResult & { rssMb?: number; serverCpuUsPerEvent?: number }): string =>
  `${name.padEnd(34)} ${String(r.perSecond).padStart(7)}/s   p50 ${r.p50Ms.toFixed(1).padStart(7)} ms   p99 ${r.p99Ms.toFixed(1).padStart(7)} ms   ok ${r.ok}/${r.sent}${r.rssMb === undefined ? '' : `   rss ${r.rssMb} MB`}` +
  `${r.serverCpuUsPerEvent === undefined ? '' : `   cpu/event: server ${r.serverCpuUsPerEvent} µs, sender ${r.senderCpuUsPerEvent} µs`}`;
const out = [
  row('bare node:http', bareResult),
  row('knit-sync serve, empty', emptyResult),
  row(`knit-sync serve, ${SEED} stored`, loadedResult),
  row('plain lowdb, 10,000 stored', lowdbResult),
  `start to listening with ${SEED} employees / ${figures.seeded.events} events: ${figures.startToListeningMs} ms (runs: ${figures.runs.startToListeningMs.join(', ')} ms)`,
  `figures above: medians of ${REPEAT} runs (plain lowdb: 1 run), each after ${WARM_UP} uncounted warm-up deliveries; ratios: medians of the per-run ratios`,
  `ours / bare ${figures.ratios.oursOverBare}   ours / plain lowdb ${figures.ratios.oursOverPlainLowdb}   loaded / empty ${figures.ratios.loadedOverEmpty}`,
  JSON.stringify(figures),
];
process.stdout.write(`${out.join('\n')}\n`);
if (values.keep || values.profile) log(`kept ${work}`);
else rmSync(work, { recursive: true, force: true });
