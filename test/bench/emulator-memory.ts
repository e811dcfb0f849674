/**
 * `npm run bench:emulator [-- --employees 100000,1000000 --deliver]`: the emulator's memory with a large company,
 * which is generated lazily and must stay flat from 100,000 to 1,000,000 employees.
 * - default: in a fresh process per size, every record event of an initial sync is made and serialized as
 *   delivery would (no HTTP), then one delta; prints events/s and the process's peak RSS (maxRSS);
 * - `--deliver`: `knit-sync emulate --employees N` delivers to a bare loopback receiver (test/bench/bare-server.ts);
 *   prints events/s and the emulator's peak RSS (VmHWM, polled). Slow: the delivery itself is the limit.
 * One JSON line per size, then a summary.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_MODEL_IDS } from '../../shared/knit/models';
import { Company } from '../../electron/core/emulator/company';
import { advanceCompany, initialChanges } from '../../electron/core/emulator/deltas';

const ROOT = join(import.meta.dirname, '../..');
const args = process.argv.slice(2);
const flag = (name: string) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};

interface Figures {
  mode: 'generate' | 'deliver';
  employees: number;
  events: number;
  seconds: number;
  perSecond: number;
  peakRssMb: number;
}

/** In this process: an initial sync's record events made and serialized, then a delta. */
function generate(employees: number): Figures {
  const t0 = performance.now();
  const company = new Company({ seed: 1, employees });
  let events = 0;
  let bytes = 0;
  for (const change of initialChanges(company, DEFAULT_MODEL_IDS)) {
    bytes += JSON.stringify({ eventId: 'ev_x', eventType: change.eventType, eventData: change.eventData, recordId: change.recordId }).length;
    events++;
  }
  events += advanceCompany(company, DEFAULT_MODEL_IDS).length;
  const seconds = (performance.now() - t0) / 1000;
  if (bytes === 0) throw new Error('nothing generated');
  return {
    mode: 'generate',
    employees,
    events,
    seconds,
    perSecond: Math.round(events / seconds),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
}

/** Runs `command` with node; resolves with its stdout once it exits 0, polling its VmHWM meanwhile. */
function runNode(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ stdout: string; peakRssMb: number; seconds: number }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, argv, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    let peak = 0;
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    const poll = setInterval(() => {
      try {
        peak = Math.max(peak, Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0));
      } catch {
        // exited between two polls
      }
    }, 200);
    child.on('exit', (code) => {
      clearInterval(poll);
      if (code === 0) resolve({ stdout, peakRssMb: Math.round(peak / 1024), seconds: (performance.now() - t0) / 1000 });
      else reject(new Error(`${argv.join(' ')} exited with ${code}`));
    });
  });
}

/** `knit-sync emulate` to a bare receiver. */
async function deliver(employees: number): Promise<Figures> {
  const server = spawn(process.execPath, ['--import', 'tsx', 'test/bench/bare-server.ts'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const url = await new Promise<string>((resolve) => server.stdout.once('data', (d: Buffer) => resolve(d.toString().trim().split(' ')[1]!)));
    const env = { ...process.env, KNIT_API_KEY: 'bench_emulator_key' };
    const run = await runNode(['electron/cli/knit-sync.js', 'emulate', '--employees', String(employees), '--to', url], env);
    const total = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as { emitted: number; consumed: number };
    if (total.consumed !== employees) throw new Error(`only ${total.consumed} of ${employees} consumed`);
    return {
      mode: 'deliver',
      employees,
      events: total.emitted,
      seconds: run.seconds,
      perSecond: Math.round(total.emitted / run.seconds),
      peakRssMb: run.peakRssMb,
    };
  } finally {
    server.kill('SIGTERM');
  }
}

const child = flag('--child');
if (child) {
  process.stdout.write(`${JSON.stringify(generate(Number(child)))}\n`);
} else {
  const sizes = (flag('--employees') ?? '100000,1000000').split(',').map(Number);
  const results: Figures[] = [];
  for (const employees of sizes) {
    const figures = args.includes('--deliver')
      ? await deliver(employees)
      : (JSON.parse((await runNode(['--import', 'tsx', 'test/bench/emulator-memory.ts', '--child', String(employees)])).stdout) as Figures);
    results.push(figures);
    process.stdout.write(`${JSON.stringify(figures)}\n`);
  }
  for (const f of results) {
    process.stderr.write(
      `${f.mode} ${f.employees.toLocaleString('en-US')} employees: ${f.events.toLocaleString('en-US')} events in ${f.seconds.toFixed(1)} s (${f.perSecond.toLocaleString('en-US')}/s), peak RSS ${f.peakRssMb} MB\n`,
    );
  }
}
