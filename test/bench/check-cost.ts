/**
 * What each check of `knit-sync check` costs per run: requests and wall time per check (median of ROUNDS runs)
 * against the correct test handler on loopback. Prints one line per check and one JSON line.
 * Run: node --import tsx test/bench/check-cost.ts [ROUNDS]
 */
import { runCheckSuite } from '../../electron/core/check/runner';
import { startHandler } from '../integration/check/handlers';

const rounds = Number(process.argv[2] ?? 7);
const key = 'bench_check_key';
const handler = await startHandler(key);
const times = new Map<string, number[]>();
const requests = new Map<string, number>();
const totals: number[] = [];
for (let i = 0; i < rounds; i++) {
  const report = await runCheckSuite({ url: handler.url, apiKey: key });
  totals.push(report.durationMs);
  for (const r of report.results) {
    times.set(r.id, [...(times.get(r.id) ?? []), r.durationMs]);
    requests.set(r.id, r.requests);
  }
}
await handler.close();
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const rows = [...times].map(([id, ms]) => ({ id, requests: requests.get(id) ?? 0, medianMs: median(ms) }));
for (const row of rows) console.log(`${row.id.padEnd(20)} ${String(row.requests).padStart(3)} requests ${String(row.medianMs).padStart(5)} ms`);
console.log(`${'whole suite'.padEnd(20)} ${String(rows.reduce((n, r) => n + r.requests, 0)).padStart(3)} requests ${String(median(totals)).padStart(5)} ms`);
console.log(JSON.stringify({ rounds, checks: rows, suiteMedianMs: median(totals) }));
