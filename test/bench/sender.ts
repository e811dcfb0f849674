/**
 * The benchmark's load generator, run as its own process so that it does not share an event loop with the
 * server under test. Sends pre-signed Knit deliveries over `--connections` keep-alive connections, keeping
 * exactly that many requests in flight, and prints one JSON line (SenderResult) on stdout.
 *
 * Input: `--url URL --connections N --file BODIES.ndjson` where each line of the file is
 * `{"body": "<raw JSON body>", "signature": "...", "integrationId": "..."}` (prepared by the orchestrator, so
 * signing costs nothing while measuring).
 */
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

/** What the sender prints: counts, the wall time in ms and the time to each response in ms. */
export interface SenderResult {
  sent: number;
  ok: number;
  failed: number;
  statuses: Record<string, number>;
  wallMs: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** The sender's own CPU time (user + system) per response while sending, µs: the same for every server. */
  senderCpuUsPerEvent: number;
}

/** One prepared delivery: the raw body and Knit's headers for it. */
export interface Delivery {
  body: string;
  signature: string;
  integrationId: string;
}

/** The q-quantile (0..1) of an ascending array, nearest-rank. */
export function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank]!;
}

/**
 * POSTs one delivery as Knit would (body bytes, X-Knit-* headers) over `agent`.
 * @returns the HTTP status, 0 when the connection failed.
 */
export function post(agent: http.Agent, url: URL, delivery: Delivery, executionId = 'bench'): Promise<number> {
  return new Promise((resolve) => {
    const body = Buffer.from(delivery.body);
    const req = http.request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': body.length,
          'x-knit-signature': delivery.signature,
          'x-knit-integration-id': delivery.integrationId,
          'x-knit-execution-id': executionId,
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', () => resolve(0));
      },
    );
    req.on('error', () => resolve(0));
    req.end(body);
  });
}

/**
 * Sends every delivery `next()` yields (undefined: none left) to `url` over `connections` keep-alive
 * connections, exactly that many requests in flight; `onProgress(done)` is called after each response.
 * @returns the counts, wall time and latency quantiles (SenderResult).
 */
export async function sendAll(url: URL, connections: number, next: () => Delivery | undefined, onProgress?: (done: number) => void): Promise<SenderResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let sent = 0;
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  async function worker(): Promise<void> {
    for (let delivery = next(); delivery !== undefined; delivery = next()) {
      const index = sent++;
      const t0 = performance.now();
      const status = await post(agent, url, delivery);
      latencies[index] = performance.now() - t0;
      statuses[status] = (statuses[status] ?? 0) + 1;
      onProgress?.(latencies.length);
    }
  }
  await Promise.all(Array.from({ length: connections }, worker));
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const ok = statuses['200'] ?? 0;
  return {
    sent,
    ok,
    failed: sent - ok,
    statuses,
    wallMs: Math.round(wallMs),
    perSecond: Number(((ok / wallMs) * 1000).toFixed(1)),
    p50Ms: Number(quantile(latencies, 0.5).toFixed(2)),
    p99Ms: Number(quantile(latencies, 0.99).toFixed(2)),
    senderCpuUsPerEvent: Math.round((cpu.user + cpu.system) / Math.max(1, sent)),
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { url: { type: 'string' }, connections: { type: 'string', default: '32' }, file: { type: 'string' } },
  });
  if (!values.url || !values.file) throw new Error('usage: sender --url URL --file BODIES.ndjson [--connections N]');
  const deliveries: Delivery[] = readFileSync(values.file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Delivery);
  let next = 0;
  const result = await sendAll(new URL(values.url), Number(values.connections), () => deliveries[next++]);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: unknown) => {
    process.stderr.write(`sender: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
