/**
 * `knit-sync check` as a user runs it: the real bin against test handlers; lines, --json, --junit, exit codes.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { GUIDE_EXAMPLES } from '../../../electron/core/check/guide-examples';
import { main } from '../../../electron/cli/main';
import { startHandler, type HandlerFlaw } from './handlers';

const BIN = join(import.meta.dirname, '../../../electron/cli/knit-sync.js');
const KEY = 'check_cli_key_77ab10';
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function handler(flaw: HandlerFlaw = 'none'): Promise<string> {
  const h = await startHandler(KEY, flaw);
  closers.push(() => h.close());
  return h.url;
}

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [BIN, 'check', ...args], { env: { ...process.env, CHECK_KEY: KEY } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

describe('knit-sync check', () => {
  it('prints one line per check and a summary, writes JUnit XML, exits 0 for a correct handler', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'knit-check-'));
    closers.push(() => rm(dir, { recursive: true, force: true }));
    const junit = join(dir, 'check.xml');
    const out = await run(['--to', await handler(), '--key-env', 'CHECK_KEY', '--junit', junit]);
    expect(out.code).toBe(0);
    const lines = out.stdout.trim().split('\n');
    expect(lines).toHaveLength(14);
    expect(lines[0]).toMatch(/^pass {2}guide-examples {2}sent the guide's 5 example payloads .* → got 200 ×5 \(slowest \d+ ms\) · Knit marks it consumed$/);
    expect(lines.at(-1)).toMatch(/^PASS 13 passed, 0 warned, 0 failed of 13 checks; \d+ requests to http:\/\/127\.0\.0\.1:\d+\/knithook in \d+ ms$/);
    const xml = await readFile(junit, 'utf8');
    expect(xml).toContain('<testsuites name="knit-sync check" tests="13" failures="0"');
    expect(xml.match(/<testcase /g)).toHaveLength(13);
  });

  it('--json: one object per check, exit 1 and a <failure> when a check fails', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'knit-check-'));
    closers.push(() => rm(dir, { recursive: true, force: true }));
    const junit = join(dir, 'check.xml');
    const out = await run(['--to', await handler('refuses-unknown-types'), '--key-env', 'CHECK_KEY', '--json', '--junit', junit]);
    expect(out.code).toBe(1);
    const objects = out.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(objects.filter((o) => o.outcome === 'fail').map((o) => o.id)).toEqual(['unknown-event-type']);
    expect(objects.at(-1)).toMatchObject({ type: 'summary', failed: 1, passed: 12 });
    const xml = await readFile(junit, 'utf8');
    expect(xml).toMatch(
      /<testcase classname="knit-sync.check" name="unknown-event-type" time="[\d.]+">\n {4}<failure message="400 ×2 \(slowest \d+ ms\); request 1: 400 &quot;unknown eventType&quot;"/,
    );
  });

  it('exits 2 on usage errors', async () => {
    const url = await handler();
    process.env.CHECK_KEY = KEY;
    try {
      expect(await main(['node', 'knit-sync', 'check', '--to', url, '--key-env', 'NO_SUCH_VAR_1f'])).toBe(2);
      expect(await main(['node', 'knit-sync', 'check', '--to', url, '--key-env', 'CHECK_KEY', '--key-file', 'f'])).toBe(2);
      expect(await main(['node', 'knit-sync', 'check', '--to', 'ftp://127.0.0.1/'])).toBe(2);
      expect(await main(['node', 'knit-sync', 'check', '--to', url, '--key-env', 'CHECK_KEY', '--timeout', '0'])).toBe(2);
    } finally {
      delete process.env.CHECK_KEY;
    }
  });

  it("sends the guide's examples byte for byte as the fixtures hold them", async () => {
    for (const example of GUIDE_EXAMPLES) {
      expect(example.body).toBe(await readFile(join(import.meta.dirname, `../../fixtures/guide/${example.eventType}.json`), 'utf8'));
    }
  });
});
