/**
 * `npx tsx test/bench/store-open.ts [--events N] [--runs N]`: the store's start-up cost with N events stored
 * (default 100,000 realistic record.new events, written straight into a journal, then one open + close to
 * write the snapshot): the median time of JournalStore.open on the folder (snapshot + journal tail), and the time the
 * background check of the journal's checksums takes after it (issue 14, break 2). Prints figures and one JSON line.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { silentLogger } from '../../electron/core/log';
import { encodeEventLine, headerLine } from '../../electron/core/store/journal-format';
import { JournalStore } from '../../electron/core/store/journal-store';
import { recordEvent } from './deliveries';

const { values } = parseArgs({ options: { events: { type: 'string', default: '100000' }, runs: { type: 'string', default: '5' } } });
const EVENTS = Number(values.events);
const RUNS = Number(values.runs);
const dir = mkdtempSync(join(tmpdir(), 'knit-bench-store-open-'));

const parts: Buffer[] = [headerLine()];
for (let i = 0; i < EVENTS; i++) {
  const raw = Buffer.from(JSON.stringify(recordEvent('record.new', i, 'sr_bench')));
  const eventId = `ev_sr_bench_record.new_${i}`;
  parts.push(
    encodeEventLine(
      { seq: i + 1, eventId, receivedAt: new Date().toISOString(), environment: 'production', integrationId: 'int_bench', headers: {}, flags: [] },
      raw,
    ),
  );
}
const journal = Buffer.concat(parts);
writeFileSync(join(dir, 'journal.jsonl'), journal, { mode: 0o600 });
const seeded = await JournalStore.open({ dataDir: dir, log: silentLogger });
await seeded.close();

const openMs: number[] = [];
const checkMs: number[] = [];
for (let r = 0; r < RUNS; r++) {
  const started = performance.now();
  const store = await JournalStore.open({ dataDir: dir, log: silentLogger });
  openMs.push(performance.now() - started);
  const checking = performance.now();
  const check = (store as { checkIntegrity?: () => Promise<void> }).checkIntegrity;
  if (check) await check.call(store);
  checkMs.push(performance.now() - checking);
  if (store.state.events.size !== EVENTS) throw new Error(`opened ${store.state.events.size} events, not ${EVENTS}`);
  await store.close();
}
rmSync(dir, { recursive: true, force: true });
const median = (xs: number[]): number => Math.round([...xs].sort((a, b) => a - b)[xs.length >> 1]!);
console.log(
  `journal ${(journal.length / 1e6).toFixed(0)} MB, ${EVENTS} events: JournalJournalStore.open ${median(openMs)} ms (runs: ${openMs.map(Math.round).join(', ')}), background checksum check ${median(checkMs)} ms`,
);
console.log(
  JSON.stringify({
    events: EVENTS,
    journalBytes: journal.length,
    openMs: median(openMs),
    checkMs: median(checkMs),
    runs: { openMs: openMs.map(Math.round), checkMs: checkMs.map(Math.round) },
  }),
);
