/**
 * `npm run bench:ui`: how the renderer keeps up with live events while 100,000 are stored (issue 4 "Benchmark").
 * Prints a table of figures and, last, one JSON line; it asserts nothing (speed is measured here, never in tests).
 *
 *   1. seed: `knit-sync serve --no-tunnel --port 0 --ui-port 0` on a new data folder receives 100,000 signed
 *      record.new events (test/bench/sender.ts, 32 connections)
 *   2. load: headless Chromium (test/support/chromium.ts) opens the printed `ui` URL; time until the Events
 *      toolbar counts every stored event; the list is left at the top (follow mode)
 *   3. live: test/bench/ui-sender.ts delivers 10,000 record.modified at 1,000 per second, recording when each
 *      200 arrived (Date.now()); the page records when each event entered the store's state (the store's
 *      `onApplied` hook, enabled by `window.__knitPerf` set before the page's scripts run) and when the newest
 *      row of each applied batch first appeared in the DOM (a MutationObserver on the events grid: rows added,
 *      or recycled rows given another data-event-id)
 *   4. figures: p50 / p95 / max of 200 → state and 200 → DOM (targets: p95 ≤ 250 ms), the longest main-thread
 *      task while the events arrived (PerformanceObserver 'longtask'; target ≤ 100 ms), the JS heap at the end
 *      (CDP Runtime.getHeapUsage, before and after a forced GC) and the load time.
 *
 * Options: `--seed-events N` (100000), `--scale N` instead of seeding: a copy of the folder of N events that
 * `npm run bench:scale -- --keep` built (its API key from that folder's manifest; issue 17 asks these figures at
 * 1,000,000 stored), `--live N` (10000), `--rate N` per second (1000), `--trace` records a
 * Chromium Performance trace of the live phase (CDP Tracing; open ui-live.trace.json in DevTools' Performance
 * panel) and prints where the page's main thread spent its time; `--keep` keeps the temp folder.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { launchChromium } from '../support/chromium';
import { ensureRendererBuilt } from '../support/renderer-build';
import type { CDPSession } from 'playwright-core';
import { recordEvent, writeDeliveries } from './deliveries';
import { ROOT, runSender } from './processes';
import { quantile } from './sender';
import type { PacedResult } from './ui-sender';

const { values } = parseArgs({
  options: {
    'seed-events': { type: 'string', default: '100000' },
    scale: { type: 'string' },
    live: { type: 'string', default: '10000' },
    rate: { type: 'string', default: '1000' },
    trace: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
  },
});
const LIVE = Number(values.live);
const RATE = Number(values.rate);
const work = mkdtempSync(join(tmpdir(), 'knit-bench-ui-'));
/** With `--scale N`: the kept bench:scale folder of N events and the key its events are signed with. */
const scaled = values.scale === undefined ? null : scaleFolder(Number(values.scale));
const SEED = scaled ? Number(values.scale) : Number(values['seed-events']);
const key = scaled?.key ?? `bench_${randomBytes(16).toString('hex')}`;

function scaleFolder(size: number): { folder: string; key: string } {
  const base = join(tmpdir(), 'knit-bench-scale');
  const folder = join(base, `events-${size}`);
  const manifest = existsSync(join(base, 'manifest.json'))
    ? (JSON.parse(readFileSync(join(base, 'manifest.json'), 'utf8')) as { key: string; built: number[] })
    : null;
  if (!manifest?.built.includes(size) || !existsSync(folder))
    throw new Error(`no bench:scale folder of ${size} events: run npm run bench:scale -- --events ${size} --keep first`);
  return { folder, key: manifest.key };
}
const log = (line: string): void => void process.stderr.write(`bench:ui: ${line}\n`);

/** A `knit-sync serve` with the listener and UI URLs it printed. */
interface Serve {
  child: ChildProcess;
  url: string;
  uiUrl: string;
}

/** Starts `knit-sync serve` (no tunnel, free ports) on `data`; resolves once it printed its `ui` line. */
function startServe(data: string): Promise<Serve> {
  const child = spawn(process.execPath, ['electron/cli/knit-sync.js', 'serve', '--no-tunnel', '--data', data, '--port', '0', '--ui-port', '0'], {
    cwd: ROOT,
    env: { ...process.env, KNIT_API_KEY: key, KNIT_SANDBOX_API_KEY: '', NGROK_AUTHTOKEN: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  return new Promise((resolve, reject) => {
    let url = '';
    const timer = setTimeout(() => reject(new Error(`serve printed no ui line in 120 s: ${stderr}`)), 120_000);
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      url = /^listening (\S+)$/.exec(line)?.[1] ?? url;
      const ui = /^ui (\S+)$/.exec(line)?.[1];
      if (!ui) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      resolve({ child, url, uiUrl: ui });
    });
  });
}

function stopServe(serve: Serve): Promise<void> {
  return new Promise((resolve) => {
    if (serve.child.exitCode !== null) return resolve();
    serve.child.once('exit', () => resolve());
    serve.child.kill('SIGTERM');
  });
}

/** Runs ui-sender.ts (its own process) and returns its result and the eventId → 200 time (ms) map. */
function runPacedSender(url: string, file: string): Promise<{ result: PacedResult; arrivals: Record<string, number> }> {
  const out = join(work, 'arrivals.json');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/bench/ui-sender.ts', '--url', url, '--file', file, '--rate', String(RATE), '--out', out], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.on('exit', (code) =>
      code === 0
        ? resolve({ result: JSON.parse(stdout) as PacedResult, arrivals: JSON.parse(readFileSync(out, 'utf8')) as Record<string, number> })
        : reject(new Error(`ui-sender exited with ${code}`)),
    );
  });
}

/** What the page records (installed before its scripts run; all times are Date.now() ms). */
interface PagePerf {
  /** eventId → when it entered the store's state. */
  stateAt: Record<string, number>;
  /** The newest eventId of each applied store flush. */
  newest: string[];
  /** eventId → when its row first appeared in the events grid. */
  domAt: Record<string, number>;
  /** Long main-thread tasks: start (ms since the epoch) and duration (ms). */
  longTasks: Array<{ start: number; duration: number }>;
}

/** The events list's scroll container, as a page-side expression. */
const EVENTS_GRID = `document.querySelector('[role="grid"][aria-label="Events, newest first"]')`;

/**
 * Page-side code, as JavaScript text: this file is type-checked without the DOM library, and text is injected
 * as it is (a function would be re-serialized with whatever helpers the TypeScript loader added).
 * Installed before the page's own scripts (Playwright addInitScript runs over CDP, so the page's CSP does not
 * apply): `window.__knitPerf.applied` is the store's onApplied hook; long tasks are observed from the start.
 */
const INSTALL_PAGE_PERF = `(() => {
  const perf = { stateAt: {}, newest: [], domAt: {}, longTasks: [] };
  window.__knitPerfData = perf;
  window.__knitPerf = {
    applied(batches) {
      const at = Date.now();
      let newest;
      for (const b of batches) {
        const events = b.events || [];
        for (const e of events) perf.stateAt[e.eventId] = at;
        if (events.length) newest = events[events.length - 1].eventId;
      }
      if (newest) perf.newest.push(newest);
    },
  };
  new PerformanceObserver((list) => {
    for (const t of list.getEntries()) perf.longTasks.push({ start: performance.timeOrigin + t.startTime, duration: t.duration });
  }).observe({ type: 'longtask', buffered: true });
})()`;

/** In the page: records when each row first appears in the events grid (a MutationObserver on it). */
const OBSERVE_ROWS = `(() => {
  const perf = window.__knitPerfData;
  const grid = ${EVENTS_GRID};
  const record = () => {
    const at = Date.now();
    for (const row of grid.querySelectorAll('.grid-row[data-event-id]')) {
      const id = row.getAttribute('data-event-id');
      if (!(id in perf.domAt)) perf.domAt[id] = at;
    }
  };
  record();
  // Rows are recycled (a row element shows another event by changing its data-event-id), or added.
  new MutationObserver(record).observe(grid, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-event-id'] });
  return true;
})()`;

/** What DevTools' Performance panel records, plus V8's sampling profiler for the JS call stacks. */
const TRACE_CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'disabled-by-default-devtools.timeline.frame',
  'toplevel',
  'v8.execute',
  'blink.user_timing',
  'disabled-by-default-v8.cpu_profiler',
];

/** Ends the CDP trace, writes it to `file` and returns its events. */
async function stopTrace(cdp: CDPSession, file: string): Promise<TraceEvent[]> {
  const complete = new Promise<string>((resolve) => cdp.once('Tracing.tracingComplete', (e) => resolve(e.stream!)));
  await cdp.send('Tracing.end');
  const handle = await complete;
  const chunks: string[] = [];
  for (;;) {
    const chunk = await cdp.send('IO.read', { handle });
    chunks.push(chunk.base64Encoded ? Buffer.from(chunk.data, 'base64').toString() : chunk.data);
    if (chunk.eof) break;
  }
  await cdp.send('IO.close', { handle });
  const text = chunks.join('');
  writeFileSync(file, text);
  const parsed = JSON.parse(text) as TraceEvent[] | { traceEvents: TraceEvent[] };
  return Array.isArray(parsed) ? parsed : parsed.traceEvents;
}

/** One Chrome trace event (the fields used here); `dur` in µs. */
interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  dur?: number;
  args?: { name?: string };
}

/** Total ms per event name on the busiest renderer main thread (top 14), one line each. */
function summarizeTrace(events: TraceEvent[]): string {
  const mains = events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`);
  const totals = new Map<string, Map<string, number>>();
  for (const e of events) {
    const thread = `${e.pid}:${e.tid}`;
    if (e.ph !== 'X' || !e.dur || !mains.includes(thread)) continue;
    const byName = totals.get(thread) ?? new Map<string, number>();
    byName.set(e.name, (byName.get(e.name) ?? 0) + e.dur / 1000);
    totals.set(thread, byName);
  }
  const busiest = [...totals.values()].sort((a, b) => (b.get('RunTask') ?? 0) - (a.get('RunTask') ?? 0))[0] ?? new Map<string, number>();
  return [...busiest]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 14)
    .map(([name, ms]) => `  ${String(Math.round(ms)).padStart(7)} ms  ${name}`)
    .join('\n');
}

const stats = (values: number[]): { n: number; p50: number; p95: number; max: number } => {
  const sorted = [...values].sort((a, b) => a - b);
  return { n: sorted.length, p50: quantile(sorted, 0.5), p95: quantile(sorted, 0.95), max: sorted[sorted.length - 1] ?? Number.NaN };
};
const mb = (bytes: number): number => Math.round((bytes / 1024 / 1024) * 10) / 10;

ensureRendererBuilt();
log(`preparing ${scaled ? '' : `${SEED} + `}${LIVE} signed deliveries in ${work}`);
const seedFile = scaled ? null : writeDeliveries(join(work, 'seed.ndjson'), SEED, key, (i) => recordEvent('record.new', i, 'sr_bench_seed'));
const liveFile = writeDeliveries(join(work, 'live.ndjson'), LIVE, key, (i) => recordEvent('record.modified', Math.floor((i * SEED) / LIVE), 'sr_bench_live'));

if (scaled) {
  log(`copying ${scaled.folder}`);
  cpSync(scaled.folder, join(work, 'data'), { recursive: true });
}
const serve = await startServe(join(work, 'data'));
let browser: Awaited<ReturnType<typeof launchChromium>> | null = null;
try {
  log(scaled ? `1/3 serving the ${SEED} stored events of ${scaled.folder}` : `1/3 seeding ${SEED} events`);
  const seeded = seedFile ? await runSender(serve.url, seedFile) : { ok: SEED, perSecond: 0, wallMs: 0, statuses: {} };
  if (seeded.ok !== SEED) throw new Error(`seeding: only ${seeded.ok} of ${SEED} answered 200 (${JSON.stringify(seeded.statuses)})`);

  log('2/3 loading the UI');
  browser = await launchChromium({ width: 1280, height: 800 });
  const { page } = browser;
  await page.addInitScript({ content: INSTALL_PAGE_PERF });
  const loadStart = Date.now();
  await page.goto(serve.uiUrl);
  await page.getByText(`${SEED.toLocaleString('en-US')} events`, { exact: true }).waitFor({ timeout: 300_000 });
  const loadMs = Date.now() - loadStart;
  await page.evaluate(`${EVENTS_GRID}.scrollTop = 0`);
  const cdp = await page.context().newCDPSession(page);
  // Started before the settling second: starting V8's sampling profiler blocks the page's main thread for
  // 150-300 ms, which counted as the run's longest task when it fell within a second of the first event.
  if (values.trace) await cdp.send('Tracing.start', { transferMode: 'ReturnAsStream', traceConfig: { includedCategories: TRACE_CATEGORIES } });
  await page.waitForTimeout(1000); // let the first render settle before measuring
  await page.evaluate(OBSERVE_ROWS);

  log(`3/3 delivering ${LIVE} events at ${RATE}/s`);
  const { result: sent, arrivals } = await runPacedSender(serve.url, liveFile);
  const total = (SEED + LIVE).toLocaleString('en-US');
  await page.getByText(`${total} events`, { exact: true }).waitFor({ timeout: 60_000 });
  await page.waitForTimeout(500);
  if (values.trace) {
    const file = join(work, 'ui-live.trace.json');
    const summary = summarizeTrace(await stopTrace(cdp, file));
    log(`Performance trace of the live phase: ${file}\nmain thread, total ms by trace event (nested events counted in each):\n${summary}`);
  }
  const perf = await page.evaluate<PagePerf>('window.__knitPerfData');
  const following = await page.evaluate<boolean>(`${EVENTS_GRID}.scrollTop === 0`);
  const heapBefore = await cdp.send('Runtime.getHeapUsage');
  await cdp.send('HeapProfiler.collectGarbage');
  const heapAfter = await cdp.send('Runtime.getHeapUsage');

  const ids = Object.keys(arrivals);
  const firstArrival = Math.min(...ids.map((id) => arrivals[id]!));
  const lastArrival = Math.max(...ids.map((id) => arrivals[id]!));
  const toState = ids.filter((id) => perf.stateAt[id] !== undefined).map((id) => perf.stateAt[id]! - arrivals[id]!);
  const liveNewest = [...new Set(perf.newest)].filter((id) => arrivals[id] !== undefined);
  const toDom = liveNewest.filter((id) => perf.domAt[id] !== undefined).map((id) => perf.domAt[id]! - arrivals[id]!);
  const during = perf.longTasks.filter((t) => t.start + t.duration >= firstArrival - 1000 && t.start <= lastArrival + 1000);
  const loadTasks = perf.longTasks.filter((t) => t.start < firstArrival - 1000);
  const state = stats(toState);
  const dom = stats(toDom);
  const figures = {
    seedEvents: SEED,
    liveEvents: LIVE,
    rate: RATE,
    seeding: { perSecond: seeded.perSecond, wallMs: seeded.wallMs },
    loadMs,
    sender: sent,
    responseToStateMs: { ...state, missing: ids.length - toState.length },
    responseToDomMs: { ...dom, batches: liveNewest.length, missing: liveNewest.length - toDom.length },
    longestTaskMs: Math.round(Math.max(0, ...during.map((t) => t.duration))),
    longTasksDuringRun: during.length,
    longestLoadTaskMs: Math.round(Math.max(0, ...loadTasks.map((t) => t.duration))),
    stillFollowing: following,
    heapMb: { used: mb(heapBefore.usedSize), usedAfterGc: mb(heapAfter.usedSize), total: mb(heapAfter.totalSize) },
    targets: { p95StateMs: 250, p95DomMs: 250, longestTaskMs: 100 },
    machine: { cpus: cpus().length, loadAverage1m: Number(loadavg()[0]!.toFixed(2)) },
  };
  const ok = (v: number, target: number): string => (v <= target ? 'ok' : 'MISSED');
  const row = (name: string, s: { p50: number; p95: number; max: number; n: number }, target: number): string =>
    `${name.padEnd(34)} p50 ${String(s.p50).padStart(5)} ms   p95 ${String(s.p95).padStart(5)} ms   max ${String(s.max).padStart(5)} ms   n ${s.n}   (p95 ≤ ${target} ms: ${ok(s.p95, target)})`;
  const out = [
    `${scaled ? 'stored' : 'seeded'} ${SEED.toLocaleString('en-US')} events${scaled ? '' : ` at ${seeded.perSecond}/s`}; UI loaded them in ${loadMs} ms (longest task while loading ${figures.longestLoadTaskMs} ms)`,
    `live: ${sent.ok}/${sent.sent} answered 200 at ${sent.perSecond}/s (sender lag max ${sent.maxLagMs} ms)`,
    row('200 → in the renderer state', state, 250),
    row('200 → newest row of batch in DOM', dom, 250),
    `longest main-thread task during the run: ${figures.longestTaskMs} ms (${during.length} long tasks; ≤ 100 ms: ${ok(figures.longestTaskMs, 100)})`,
    `JS heap at the end: ${figures.heapMb.used} MB used, ${figures.heapMb.usedAfterGc} MB after GC (${figures.heapMb.total} MB allocated); still following: ${following}`,
    `machine: ${figures.machine.cpus} CPUs, load average ${figures.machine.loadAverage1m} (1 min) at the end: other processes inflate every figure`,
    JSON.stringify(figures),
  ];
  process.stdout.write(`${out.join('\n')}\n`);
} finally {
  await browser?.close();
  await stopServe(serve);
  if (values.keep || values.trace) log(`kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}
