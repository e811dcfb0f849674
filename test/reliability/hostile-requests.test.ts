/**
 * 2,000 hostile requests against a running `knit-sync serve` (issue 6): random bytes, invalid UTF-8, JSON
 * nested 100,000 deep, huge headers, slow senders dribbling one byte a second, 25 MB bodies (with a
 * Content-Length and chunked), wrong methods and paths, bad signatures, malformed HTTP. Each gets its status
 * (ARCHITECTURE.md "Data flow of one event"; RFC 9110 for 404/405/408/413, RFC 6585 for 431), the process
 * stays up and still stores a valid event, its resident memory stays bounded (sampled before and after), and
 * the rejected log stays within its cap. The slow-sender timeouts are shortened through
 * KNIT_SYNC_HEADERS_TIMEOUT_MS / KNIT_SYNC_REQUEST_TIMEOUT_MS so the test does not wait the production 10 s / 30 s.
 */
import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { connect } from 'node:net';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REJECTED_CAP } from '../../electron/core/receiver/rejected-log';
import { dataFiles } from '../../electron/core/store/data-dir';
import { cliEnv, keepAliveAgent, post, postSigned, recordEvent, removeDir, runCli, sign, startServe, tempDir, type RunningServe } from '../support/core';
import { rssMb, seededRandom, statusOf } from './support';

const TOTAL = 2_000;
const MB = 1024 * 1024;

let dir: string;
let serve: RunningServe;
let url: URL;
beforeAll(async () => {
  dir = await tempDir('knit-reliability-hostile-');
  serve = await startServe(['--data', dir, '--ui-port', '0'], cliEnv({ KNIT_SYNC_HEADERS_TIMEOUT_MS: '1500', KNIT_SYNC_REQUEST_TIMEOUT_MS: '3000' }));
  url = new URL(serve.url);
});
afterAll(async () => {
  await serve.stop();
  await removeDir(dir);
});

/**
 * Writes `head` then `bytes` on a raw TCP connection (`bytes` all at once, or one byte every `dribbleMs`);
 * resolves, once the server closed the connection, to the status it answered (0 for none).
 */
function raw(bytes: Buffer, dribbleMs = 0, head = Buffer.alloc(0)): Promise<number> {
  return new Promise((resolve) => {
    const socket = connect(Number(url.port), url.hostname);
    let answer = '';
    let timer: NodeJS.Timeout | undefined;
    socket.on('data', (chunk) => (answer += chunk.toString('latin1')));
    socket.on('error', () => {});
    socket.write(head);
    socket.on('close', () => {
      clearInterval(timer);
      resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0));
    });
    if (dribbleMs === 0) {
      socket.end(bytes);
      return;
    }
    let i = 0;
    timer = setInterval(() => {
      if (i < bytes.length && socket.writable) socket.write(bytes.subarray(i, ++i));
    }, dribbleMs);
  });
}

/** POSTs a `size`-byte body (declared, or chunked) in 1 MB writes, stopping once the server answers. */
function bigBody(size: number, chunked: boolean): Promise<number> {
  return new Promise((resolve) => {
    const headers: Record<string, string> = { 'Content-Type': 'application/json', 'X-Knit-Signature': 'x' };
    if (!chunked) headers['Content-Length'] = String(size);
    const req = request(url, { method: 'POST', headers }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
      req.destroy();
    });
    req.on('error', () => resolve(0));
    const chunk = Buffer.alloc(MB, 0x61);
    let sent = 0;
    const pump = (): void => {
      while (sent < size && !req.destroyed) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      if (!req.destroyed) req.end();
    };
    pump();
  });
}

/** Bytes that are not UTF-8 (lone continuation bytes, overlong forms, surrogates). */
const invalidUtf8 = (random: ReturnType<typeof seededRandom>): Buffer =>
  Buffer.concat([Buffer.from('{"eventId":"'), Buffer.from([0x80, 0xc0, 0xaf, 0xed, 0xa0, 0x80, 0xff, random.int(256)]), Buffer.from('",')]);

type Case = { kind: string; expect: number[]; run: () => Promise<number> };

describe('2,000 hostile requests', () => {
  it('each gets its status, the process stays up with bounded memory, the rejected log within its cap', { timeout: 240_000 }, async () => {
    const random = seededRandom(Number(process.env.HOSTILE_SEED ?? Date.now() % 2 ** 31));
    const agent = keepAliveAgent(32);
    const signed = (body: Buffer | string, headers: Record<string, string> = {}): Promise<number> =>
      post(serve.url, body, { 'X-Knit-Signature': sign(body, 'test_key_production_123'), ...headers }, { agent }).then((r) => r.status);
    // warm-up: the first requests load code and grow the heap once
    for (let i = 0; i < 50; i++) await signed(randomBytes(512));
    expect((await postSigned(serve.url, recordEvent('e_before', 'record.new', 'r_before'))).status).toBe(200);
    const rssBefore = rssMb(serve.child.pid!);

    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    const fixed: Case[] = [
      ...Array.from({ length: 4 }, (): Case => ({ kind: '25 MB with Content-Length', expect: [413], run: () => bigBody(25 * MB, false) })),
      ...Array.from({ length: 2 }, (): Case => ({ kind: '25 MB chunked', expect: [413], run: () => bigBody(25 * MB, true) })),
      {
        kind: 'slow headers',
        expect: [408],
        run: () => raw(Buffer.from(`POST ${url.pathname} HTTP/1.1\r\nHost: x\r\nX-Slow: ${'a'.repeat(60)}\r\n\r\n`), 1_000),
      },
      {
        kind: 'slow body',
        expect: [408],
        run: () =>
          raw(
            Buffer.from('{'.repeat(100)),
            1_000,
            Buffer.from(`POST ${url.pathname} HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\nX-Knit-Signature: x\r\n\r\n`),
          ),
      },
      ...Array.from({ length: 10 }, (): Case => ({ kind: 'JSON nested 100,000 deep', expect: [400], run: () => signed(deep) })),
      ...Array.from({ length: 10 }, (_, i): Case => ({
        kind: 'event with data nested 100,000 deep',
        expect: [200],
        run: () => signed(`{"eventId":"e_deep_${i}","eventType":"record.new","recordId":"r_deep_${i}","eventData":${deep}}`),
      })),
      ...Array.from({ length: 20 }, (): Case => ({ kind: 'huge headers', expect: [431], run: () => signed('{}', { 'X-Huge': 'h'.repeat(64 * 1024) }) })),
    ];
    const mixed: Array<() => Case> = [
      () => ({
        kind: 'random bytes, unsigned',
        expect: [401],
        run: () => post(serve.url, randomBytes(1 + random.int(4096)), {}, { agent }).then((r) => r.status),
      }),
      () => ({ kind: 'random bytes, signed', expect: [400], run: () => signed(Buffer.concat([Buffer.from('\x01'), randomBytes(random.int(4096))])) }),
      () => ({ kind: 'invalid UTF-8, signed', expect: [400], run: () => signed(invalidUtf8(random)) }),
      () => ({
        kind: 'bad signature',
        expect: [401],
        run: () =>
          post(
            serve.url,
            recordEvent(`e_bad_${random.int(1e9)}`, 'record.new', 'r'),
            { 'X-Knit-Signature': sign('other', 'test_key_production_123') },
            { agent },
          ).then((r) => r.status),
      }),
      () => {
        const method = ['GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'][random.int(5)]!;
        return { kind: `${method}`, expect: [405], run: () => post(serve.url, 'x', {}, { agent, method }).then((r) => r.status) };
      },
      () => ({ kind: 'wrong path', expect: [404], run: () => post(`${url.origin}/other/${random.int(1e6)}`, '{}', {}, { agent }).then((r) => r.status) }),
      () => ({
        kind: 'malformed HTTP',
        expect: [400],
        run: () => raw(Buffer.concat([randomBytes(64).map((b) => (b === 10 || b === 13 ? 65 : b)), Buffer.from('\r\n\r\n')])),
      }),
    ];
    const cases: Case[] = [...fixed];
    while (cases.length < TOTAL) cases.push(mixed[random.int(mixed.length)]!());
    for (let i = cases.length - 1; i > 0; i--) {
      const j = random.int(i + 1);
      [cases[i], cases[j]] = [cases[j]!, cases[i]!];
    }

    const wrong: string[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: 32 }, async () => {
        while (next < cases.length) {
          const c = cases[next++]!;
          const status = await c.run().catch(() => -1);
          if (!c.expect.includes(status)) wrong.push(`${c.kind}: ${status}`);
        }
      }),
    );
    agent.destroy();

    const context = `seed ${random.seed}`;
    expect(wrong, context).toEqual([]);
    expect(serve.child.exitCode, context).toBe(null);
    expect((await postSigned(serve.url, recordEvent('e_after', 'record.new', 'r_after'))).status, context).toBe(200);
    const rssAfter = rssMb(serve.child.pid!);
    process.stderr.write(`hostile requests: serve rss ${rssBefore.toFixed(0)} MB before, ${rssAfter.toFixed(0)} MB after\n`);
    expect(rssAfter - rssBefore, `${context}: rss ${rssBefore.toFixed(0)} -> ${rssAfter.toFixed(0)} MB`).toBeLessThan(96);

    const status = await statusOf(dir);
    expect(status.counts.rejected).toBeGreaterThan(REJECTED_CAP);
    const lines = (await readFile(dataFiles(dir).rejected, 'utf8')).split('\n').filter(Boolean);
    expect(lines.length).toBeLessThanOrEqual(2 * REJECTED_CAP);
    const exported = await runCli(['export', 'rejected', '--data', dir]);
    expect(exported.stdout.split('\n').filter(Boolean).length).toBe(REJECTED_CAP);
  });
});
