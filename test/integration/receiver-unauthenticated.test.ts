/**
 * What an unauthenticated sender costs and learns (issue 14, break 1 and the 401 body), over real HTTP on
 * loopback: the normalised-copy diagnosis runs only for bodies up to 64 KB, the bytes of large bodies read at
 * once are bounded (503 + Retry-After beyond, while a signed delivery still gets through), and a 401 says only
 * the reason code and its sentence; the detail stays in the rejected log.
 */
import { request, type ClientRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REJECTION_REASONS } from '../../shared/api/rejections';
import { openCompanion } from '../../electron/core/companion';
import type { CompanionService } from '../../electron/core/companion';
import { silentLogger } from '../../electron/core/log';
import { createHeadlessSecretStore } from '../../electron/core/secrets/headless-secret-store';
import { PRODUCTION_KEY, SANDBOX_KEY, post, postSigned, profileData, recordEvent, removeDir, sign, tempDir } from '../support/core';

let dir: string;
let companion: CompanionService;
let url: string;

beforeAll(async () => {
  dir = await tempDir();
  companion = await openCompanion({
    dataDir: dir,
    port: 0,
    log: silentLogger,
    secrets: createHeadlessSecretStore(dir, { KNIT_API_KEY: PRODUCTION_KEY, KNIT_SANDBOX_API_KEY: SANDBOX_KEY }),
  });
  url = companion.listenerUrl;
});
afterAll(async () => {
  await companion.close();
  await removeDir(dir);
});

/** A signed compact body of about `bytes` bytes, and the same body pretty-printed (as a proxy may re-encode it). */
function reencoded(id: string, bytes: number): { signature: string; pretty: string } {
  const compact = recordEvent(id, 'record.new', 'r1', profileData('Ada', 'Lovelace', { notes: 'x'.repeat(bytes) }));
  return { signature: sign(compact, PRODUCTION_KEY), pretty: JSON.stringify(JSON.parse(compact), null, 2) };
}

/** Opens a POST declaring `length` bytes and writes only its first byte; resolves once answered or still open. */
function openLargeRequest(length: number): { req: ClientRequest; answered: Promise<{ status: number; retryAfter?: string }> } {
  const req = request(url, { method: 'POST', headers: { 'Content-Length': String(length), 'X-Knit-Signature': sign('x', 'made_up') } });
  const answered = new Promise<{ status: number; retryAfter?: string }>((resolve) => {
    req.on('response', (res) => {
      res.resume();
      resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'] as string | undefined });
    });
    req.on('error', () => resolve({ status: 0 }));
  });
  req.write('[');
  return { req, answered };
}

describe('unauthenticated bodies', () => {
  it('diagnoses a re-encoded body of 10 KB as body_altered', async () => {
    const { signature, pretty } = reencoded('e_small', 10_000);
    const res = await post(url, pretty, { 'X-Knit-Signature': signature });
    expect(JSON.parse(res.body)).toMatchObject({ error: 'body_altered' });
  });

  it('does not parse or re-serialize a body over 64 KB: signature_mismatch, and the rejected log says why', async () => {
    const { signature, pretty } = reencoded('e_large', 100_000);
    expect(Buffer.byteLength(pretty)).toBeGreaterThan(64 * 1024);
    const res = await post(url, pretty, { 'X-Knit-Signature': signature });
    expect(res.status).toBe(401);
    expect(JSON.parse(res.body)).toMatchObject({ error: 'signature_mismatch' });
    expect((await companion.listRejected()).at(-1)!.detail).toContain('over 64 KB, so normalised copies of it were not tried');
  });

  it('answers a 401 with the reason code and its sentence only; the environments tried stay in the rejected log', async () => {
    const body = recordEvent('e_anon', 'record.new', 'r1');
    const res = await post(url, body, { 'X-Knit-Signature': Buffer.from(sign(body, SANDBOX_KEY), 'base64url').toString('hex') });
    expect(res.status).toBe(401);
    expect(JSON.parse(res.body)).toEqual({ error: 'signature_hex', message: REJECTION_REASONS.signature_hex.sentence });
    expect(res.body).not.toMatch(/production|sandbox/);
    expect((await companion.listRejected()).at(-1)!.detail).toBe('It matches the sandbox key. Tried the API keys of: production, sandbox.');
  });

  it('reads at most 24 MB of large bodies at once: a third 10 MB body gets 503 + Retry-After, a signed event still 200', async () => {
    const tenMb = 10 * 1024 * 1024;
    const first = openLargeRequest(tenMb);
    const second = openLargeRequest(tenMb);
    // both are being read (no answer yet) once a later request on another connection has been answered
    expect((await postSigned(url, recordEvent('e_during_1', 'record.new', 'r1'))).status).toBe(200);
    const third = openLargeRequest(tenMb);
    expect(await third.answered).toEqual({ status: 503, retryAfter: '2' });
    third.req.destroy();
    expect((await postSigned(url, recordEvent('e_during_2', 'record.new', 'r1'))).status).toBe(200);
    expect((await companion.listRejected()).at(-1)).toMatchObject({ status: 503, reason: 'listener_busy', bodySize: tenMb });
    // the budget comes back when a request ends: a new large body is read again (and refused for its signature)
    first.req.destroy();
    second.req.destroy();
    await Promise.all([first.answered, second.answered]);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const afterwards = await post(url, Buffer.alloc(tenMb, 0x20), { 'X-Knit-Signature': sign('x', 'made_up') });
    expect(afterwards.status).toBe(401);
  });
});
