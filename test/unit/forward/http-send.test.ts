/**
 * sendOnce over real loopback HTTP: exactly the given headers and bytes go out, the response preview is
 * bounded, and every failure (status, refused connection, timeout, abort, bad URL) is a result in words.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendOnce } from '../../../electron/core/forward/http-send';

let server: Server;
let base: string;
const seen: Array<{ headers: IncomingHttpHeaders; rawHeaders: string[]; body: Buffer }> = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({ headers: req.headers, rawHeaders: req.rawHeaders, body: Buffer.concat(chunks) });
      if (req.url === '/slow') return; // never answers
      if (req.url === '/big') return void res.writeHead(418).end('é'.repeat(1_000));
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
});

const options = { timeoutMs: 2_000, previewBytes: 16 };

describe('sendOnce', () => {
  it('sends exactly the given headers and bytes; a 2xx without a body is ok with no preview', async () => {
    const body = Buffer.from([0xef, 0xbb, 0xbf, 0x7b, 0x7d, 0x0a]); // BOM, {}, newline
    const result = await sendOnce(`${base}/ok`, body, { 'x-knit-signature': 'sig', 'content-type': 'application/json' }, options);
    expect(result).toMatchObject({ status: 204, ok: true, responsePreview: null, error: null });
    const got = seen.at(-1);
    expect(got?.body.equals(body)).toBe(true);
    const names = (got?.rawHeaders ?? []).filter((_, i) => i % 2 === 0).map((n) => n.toLowerCase());
    expect(names.sort()).toEqual(['connection', 'content-length', 'content-type', 'host', 'x-knit-signature']);
  });

  it('keeps only the first bytes of an answer and says what the status was', async () => {
    const result = await sendOnce(`${base}/big`, Buffer.from('{}'), {}, options);
    expect(result).toMatchObject({ status: 418, ok: false, error: "answered 418 I'm a Teapot" });
    expect(result.responsePreview).toBe('é'.repeat(8));
  });

  it('reports a refused connection, a timeout, an abort and a bad URL in words', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const dead = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/`;
    await new Promise<void>((r) => closed.close(() => r()));
    expect(await sendOnce(dead, Buffer.from('{}'), {}, options)).toMatchObject({
      status: null,
      ok: false,
      error: expect.stringMatching(/^connection refused by 127\.0\.0\.1:\d+/),
    });
    expect(await sendOnce(`${base}/slow`, Buffer.from('{}'), {}, { ...options, timeoutMs: 200 })).toMatchObject({
      status: null,
      error: 'no answer within 200 ms',
    });
    const abort = new AbortController();
    const pending = sendOnce(`${base}/slow`, Buffer.from('{}'), {}, { ...options, signal: abort.signal });
    abort.abort();
    expect(await pending).toMatchObject({ status: null, error: 'aborted' });
    expect(await sendOnce('nonsense', Buffer.from('{}'), {}, options)).toMatchObject({
      ok: false,
      error: 'nonsense is not a URL',
      durationMs: expect.any(Number),
    });
    expect((await sendOnce('ftp://127.0.0.1/', Buffer.from('{}'), {}, options)).error).toMatch(/ftp: URLs are not supported/);
  });
});
