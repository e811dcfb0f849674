/**
 * The UI benchmark's paced load generator, its own process so that it shares an event loop with neither the
 * server nor the orchestrator: sends pre-signed Knit deliveries at a fixed rate (open loop: delivery i leaves at
 * start + i / rate seconds whether or not earlier ones were answered) over keep-alive connections, and records
 * for each eventId the wall-clock time (Date.now(), ms since the epoch) its 200 arrived, so the page's own
 * Date.now() readings can be compared with it on the same machine.
 *
 * Input: `--url URL --file BODIES.ndjson --rate PER_SECOND --out ARRIVALS.json [--connections N]` where each
 * line of the file is `{"body", "signature", "integrationId"}` (test/bench/deliveries.ts). Writes `--out` as
 * `{"<eventId>": <ms>}` for every 200 and prints one JSON line (PacedResult) on stdout.
 */
import http from 'node:http';
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { post, type Delivery } from './sender';

/** What the paced sender prints: counts, statuses, the achieved rate and how late the sends fell behind. */
export interface PacedResult {
  sent: number;
  ok: number;
  failed: number;
  statuses: Record<string, number>;
  wallMs: number;
  perSecond: number;
  /** The largest delay of a send behind its schedule, in ms (the sender could not keep the rate if large). */
  maxLagMs: number;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      url: { type: 'string' },
      file: { type: 'string' },
      rate: { type: 'string', default: '1000' },
      out: { type: 'string' },
      connections: { type: 'string', default: '64' },
    },
  });
  if (!values.url || !values.file || !values.out)
    throw new Error('usage: ui-sender --url URL --file BODIES.ndjson --out ARRIVALS.json [--rate N] [--connections N]');
  const url = new URL(values.url);
  const rate = Number(values.rate);
  const deliveries = readFileSync(values.file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const d = JSON.parse(line) as Delivery;
      return { ...d, eventId: (JSON.parse(d.body) as { eventId: string }).eventId };
    });
  const agent = new http.Agent({ keepAlive: true, maxSockets: Number(values.connections) });
  const arrivals: Record<string, number> = {};
  const statuses: Record<string, number> = {};
  const inFlight: Promise<void>[] = [];
  let maxLagMs = 0;
  const started = performance.now();
  for (let i = 0; i < deliveries.length; i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    maxLagMs = Math.max(maxLagMs, performance.now() - due);
    const d = deliveries[i]!;
    inFlight.push(
      post(agent, url, d, 'bench-ui').then((status) => {
        if (status === 200) arrivals[d.eventId] = Date.now();
        statuses[status] = (statuses[status] ?? 0) + 1;
      }),
    );
  }
  await Promise.all(inFlight);
  const wallMs = performance.now() - started;
  agent.destroy();
  writeFileSync(values.out, JSON.stringify(arrivals));
  const ok = statuses['200'] ?? 0;
  const result: PacedResult = {
    sent: deliveries.length,
    ok,
    failed: deliveries.length - ok,
    statuses,
    wallMs: Math.round(wallMs),
    perSecond: Math.round((ok / wallMs) * 1000),
    maxLagMs: Math.round(maxLagMs),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`ui-sender: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
