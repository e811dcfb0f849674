/**
 * `npm run bench:scale [-- --events N --integrations K --keep]`: how start-up, memory, ingest, export and the UI
 * grow from 10,000 to N stored events (issue 17; default N 1,000,000 over K 10 integrations, one employee per
 * event). Prints one block of figures per size and, last, one JSON line; it asserts nothing.
 *
 * Build: the folders are made through the real listener (`serve`) by test/bench/scale-sender.ts, which generates
 * each signed delivery just before sending it; 10,000 first, then each larger size from a copy of the one
 * before. With `--keep` they stay in `<os.tmpdir()>/knit-bench-scale` and a later run reuses them.
 * Measure, at each size, on a copy of the built folder (so the built one stays as it is; a copy whose snapshot
 * an older version wrote is started once first, which converts it):
 *   1. start `serve`: start to listening (ms), RSS 1 s after
 *   2. UI (test/bench/scale-ui.ts): first Events rows after the page loads, JS heap, filter / search /
 *      integration p95, open an event p95; Employees first rows, department chart, org tree, open an employee p95
 *   3. 1,000 warm-up + 20,000 new record.new deliveries (32 connections): events/s, RSS after them
 *   4. stop; `knit-sync export events` of the folder to a pipe: events/s and its peak RSS (VmHWM)
 * plus, once, 20,000 deliveries to an empty folder (the reference for loaded / empty).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, cpSync, existsSync, mkdirSync, openSync, readFileSync, readSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { isColumnFile } from '../../electron/core/state/columns/column-file';
import { ensureRendererBuilt } from '../support/renderer-build';
import { recordEvent, writeDeliveries } from './deliveries';
import { ROOT, rssMb, runSender, startServer, stopServer } from './processes';
import type { SenderResult } from './sender';
import { measureUi, type UiFigures } from './scale-ui';
import { scaleIntegration } from './scale-sender';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '1000000' },
    integrations: { type: 'string', default: '10' },
    keep: { type: 'boolean', default: false },
    'no-ui': { type: 'boolean', default: false },
  },
});
const N = Number(values.events);
const K = Number(values.integrations);
const SIZES = [...new Set([10_000, 100_000, N].filter((n) => n <= N))];
const MORE = 20_000;
const work = join(tmpdir(), 'knit-bench-scale');
const log = (line: string): void => void process.stderr.write(`bench:scale: ${line}\n`);

/** What the kept folder holds: the API key its events are signed with and the sizes built. */
interface Manifest {
  key: string;
  integrations: number;
  built: number[];
}
mkdirSync(work, { recursive: true });
const manifestFile = join(work, 'manifest.json');
const found = existsSync(manifestFile) ? (JSON.parse(readFileSync(manifestFile, 'utf8')) as Manifest) : null;
const manifest: Manifest = found?.integrations === K ? found : { key: `bench_${randomBytes(16).toString('hex')}`, integrations: K, built: [] };
const env = { KNIT_API_KEY: manifest.key, KNIT_SANDBOX_API_KEY: '', NGROK_AUTHTOKEN: '' };
const serveArgs = (data: string): string[] => ['electron/cli/knit-sync.js', 'serve', '--no-tunnel', '--data', data, '--port', '0', '--ui-port', '0'];
const folderOf = (size: number): string => join(work, `events-${size}`);

/** Runs scale-sender.ts for events `from` to `to` against `url`. */
function build(url: string, from: number, to: number): Promise<SenderResult> {
  const args = ['--import', 'tsx', 'test/bench/scale-sender.ts', '--url', url, '--from', String(from), '--to', String(to), '--integrations', String(K)];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as SenderResult) : reject(new Error(`scale-sender exited with ${code}`))));
  });
}

/** Makes the folder of `size` events (from the largest smaller one built) unless the manifest has it. */
async function ensureBuilt(size: number): Promise<void> {
  if (manifest.built.includes(size) && existsSync(folderOf(size))) return;
  const from = Math.max(0, ...manifest.built.filter((b) => b < size && existsSync(folderOf(b))));
  rmSync(folderOf(size), { recursive: true, force: true });
  if (from > 0) cpSync(folderOf(from), folderOf(size), { recursive: true });
  log(`building ${size.toLocaleString('en-US')} events (from ${from.toLocaleString('en-US')}) in ${folderOf(size)}`);
  const server = await startServer(serveArgs(folderOf(size)), env, 600_000);
  const result = await build(server.url, from, size);
  await stopServer(server);
  if (result.ok !== size - from) throw new Error(`building: only ${result.ok} of ${size - from} answered 200 (${JSON.stringify(result.statuses)})`);
  log(`built at ${result.perSecond} events/s`);
  manifest.built = [...manifest.built.filter((b) => b !== size), size];
  writeFileSync(manifestFile, JSON.stringify(manifest));
}

/** Exports every event of `data` to a pipe; events/s and the exporter's peak RSS (MB, VmHWM polled). */
function measureExport(data: string): Promise<{ events: number; perSecond: number; peakRssMb: number }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, ['electron/cli/knit-sync.js', 'export', 'events', '--data', data], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let lines = 0;
    let peak = 0;
    child.stdout.on('data', (chunk: Buffer) => {
      for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) lines++;
    });
    const poll = setInterval(() => {
      const hwm = Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0);
      peak = Math.max(peak, Math.round(hwm / 1024));
    }, 100);
    child.on('exit', (code) => {
      clearInterval(poll);
      const seconds = (performance.now() - t0) / 1000;
      if (code === 0) resolve({ events: lines, perSecond: Math.round(lines / seconds), peakRssMb: peak });
      else reject(new Error(`export exited with ${code}`));
    });
  });
}

/** Every figure at one size. */
interface SizeFigures {
  events: number;
  startToListeningMs: number;
  rssAfterStartMb: number;
  ui: UiFigures | null;
  ingestLoaded: { perSecond: number; p99Ms: number; ok: number };
  rssAfterMoreMb: number;
  export: { events: number; perSecond: number; peakRssMb: number };
}

const warmUp = writeDeliveries(join(work, 'warm.ndjson'), 1_000, manifest.key, (i) => recordEvent('record.new', 3_000_000 + i, 'sr_scale_warm'));
const more = writeDeliveries(join(work, 'more.ndjson'), MORE, manifest.key, (i) => recordEvent('record.new', 2_000_000 + i, 'sr_scale_more'));

/** The first `n` bytes of the file at `path`. */
function firstBytes(path: string, n: number): Buffer {
  const fd = openSync(path, 'r');
  try {
    const bytes = Buffer.alloc(n);
    return bytes.subarray(0, readSync(fd, bytes, 0, n, 0));
  } finally {
    closeSync(fd);
  }
}

async function measureSize(size: number): Promise<SizeFigures> {
  const data = join(work, 'measure');
  rmSync(data, { recursive: true, force: true });
  cpSync(folderOf(size), data, { recursive: true });
  const snapshot = join(data, 'state.snapshot');
  if (existsSync(snapshot) && !isColumnFile(firstBytes(snapshot, 16))) {
    // a folder built by an older version: its first start converts the snapshot (once), not what is measured
    const upgrade = await startServer(serveArgs(data), env, 600_000);
    await stopServer(upgrade);
    log(`${size.toLocaleString('en-US')}: the copy's older snapshot converted by a first start (${Math.round(upgrade.startMs)} ms to listening)`);
  }
  const server = await startServer(serveArgs(data), env, 600_000);
  await new Promise((r) => setTimeout(r, 1000));
  const rssAfterStartMb = rssMb(server.child.pid!);
  log(`${size.toLocaleString('en-US')}: started in ${Math.round(server.startMs)} ms, RSS ${rssAfterStartMb} MB`);
  let ui: UiFigures | null = null;
  if (!values['no-ui']) {
    const uiUrl = await server.uiUrl;
    const ids = Array.from({ length: Math.min(K, 4) }, (_, k) => scaleIntegration(k, K).integrationId);
    const step = Math.max(1, Math.floor(size / K / 5));
    ui = await measureUi(
      uiUrl,
      ids,
      [1, 2, 3, 4, 5].map((j) => `emp_${String(j * step - Math.ceil(step / 2)).padStart(6, '0')}`),
    );
    log(`${size.toLocaleString('en-US')}: UI ${JSON.stringify(ui)}`);
  }
  await runSender(server.url, warmUp);
  const loaded = await runSender(server.url, more);
  const rssAfterMoreMb = rssMb(server.child.pid!);
  await stopServer(server);
  const exported = await measureExport(data);
  rmSync(data, { recursive: true, force: true });
  return {
    events: size,
    startToListeningMs: Math.round(server.startMs),
    rssAfterStartMb,
    ui,
    ingestLoaded: { perSecond: loaded.perSecond, p99Ms: loaded.p99Ms, ok: loaded.ok },
    rssAfterMoreMb,
    export: exported,
  };
}

if (!values['no-ui']) ensureRendererBuilt();
log(`folders in ${work}; sizes ${SIZES.join(', ')} over ${K} integrations`);
for (const size of SIZES) await ensureBuilt(size);
const emptyFolder = join(work, 'empty');
rmSync(emptyFolder, { recursive: true, force: true });
const emptyServer = await startServer(serveArgs(emptyFolder), env);
await runSender(emptyServer.url, warmUp);
const empty = await runSender(emptyServer.url, more);
await stopServer(emptyServer);
rmSync(emptyFolder, { recursive: true, force: true });

const sizes: SizeFigures[] = [];
for (const size of SIZES) sizes.push(await measureSize(size));

const out = [`ingest into an empty folder: ${empty.perSecond} events/s (${MORE} record.new after 1,000 warm-up)`];
for (const s of sizes) {
  const ui = s.ui;
  out.push(
    `${s.events.toLocaleString('en-US').padStart(9)} events: start ${s.startToListeningMs} ms, RSS ${s.rssAfterStartMb} MB after start, ${s.rssAfterMoreMb} MB after ${MORE} more; ` +
      `ingest ${s.ingestLoaded.perSecond}/s (${(s.ingestLoaded.perSecond / empty.perSecond).toFixed(2)} × empty); export ${s.export.perSecond} events/s, peak RSS ${s.export.peakRssMb} MB` +
      (ui
        ? `; UI first rows ${ui.firstRowsMs} ms, heap ${ui.heapMb} MB (${ui.heapAfterGcMb} after GC), p95 filter ${ui.filterP95Ms} / search ${ui.searchP95Ms} / integration ${ui.integrationP95Ms} / open ${ui.openEventP95Ms} ms; ` +
          `Employees first rows ${ui.employees.directoryFirstRowsMs} ms, departments ${ui.employees.departmentsMs} ms, org tree ${ui.employees.orgTreeMs} ms (all integrations ${ui.employees.orgTreeAllMs} ms), open employee p95 ${ui.employees.openEmployeeP95Ms} ms`
        : ''),
  );
}
out.push(`machine: ${cpus().length} CPUs, load average ${loadavg()[0]!.toFixed(2)} (1 min) at the end`);
out.push(JSON.stringify({ integrations: K, more: MORE, empty: { perSecond: empty.perSecond }, sizes }));
process.stdout.write(`${out.join('\n')}\n`);
if (values.keep) log(`kept ${work}`);
else rmSync(work, { recursive: true, force: true });
