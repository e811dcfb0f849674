import { createHash } from 'node:crypto';
/**
 * The receiver over real HTTP on loopback, in process: every rejection with its status and reason code,
 * methods and paths, body limits, duplicates, flags, the update stream and the rejected log.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REJECTION_REASONS, type RejectionReason } from '../../shared/api/rejections';
import type { UpdateBatch } from '../../shared/api/types';
import { openCompanion } from '../../electron/core/companion';
import type { CompanionService } from '../../electron/core/companion';
import { silentLogger } from '../../electron/core/log';
import { createHeadlessSecretStore } from '../../electron/core/secrets/headless-secret-store';
import { FIXTURES, PRODUCTION_KEY, SANDBOX_KEY, post, postSigned, profileData, recordEvent, removeDir, sign, tempDir } from '../support/core';

let dir: string;
let companion: CompanionService;
let url: string;
const batches: UpdateBatch[] = [];

beforeAll(async () => {
  dir = await tempDir();
  // a sync job (written by the sync engine) puts int_prod in production
  await writeFile(join(dir, 'companion.json'), JSON.stringify({ jobs: [{ integrationId: 'int_prod', environment: 'production' }] }));
  companion = await openCompanion({
    dataDir: dir,
    port: 0,
    log: silentLogger,
    secrets: createHeadlessSecretStore(dir, { KNIT_API_KEY: PRODUCTION_KEY, KNIT_SANDBOX_API_KEY: SANDBOX_KEY }),
  });
  url = companion.listenerUrl;
  companion.subscribe((batch) => batches.push(batch));
});
afterAll(async () => {
  await companion.close();
  await removeDir(dir);
});

const body = recordEvent('e_rej', 'record.new', 'r1');

describe('listener', () => {
  it('listens on loopback at /knithook', () => {
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/knithook$/);
  });

  it('stores the five guide fixtures with 200 and no flags', async () => {
    for (const name of ['record.new', 'record.modified', 'record.deleted', 'sync.events.processed', 'sync.events.allConsumed']) {
      const res = await postSigned(url, await readFile(join(FIXTURES, `${name}.json`)));
      expect(res.status, name).toBe(200);
    }
    const events = await companion.listEvents();
    expect(events.map((e) => e.eventType)).toEqual(['record.new', 'record.modified', 'record.deleted', 'sync.events.processed', 'sync.events.allConsumed']);
    expect(events.every((e) => e.flags.length === 0 && e.environment === 'production')).toBe(true);
    expect(await companion.getEmployee({ integrationId: 'int_test', recordId: '123' })).toMatchObject({ versions: 2, deleted: false });
  });

  it('answers 200 once an event is durable; by the time the answer is read the event is listed', async () => {
    const ids = Array.from({ length: 40 }, (_, i) => `e_answered_${i}`);
    const listedWhenAnswered = await Promise.all(
      ids.map(async (id) => {
        const res = await postSigned(url, recordEvent(id, 'record.new', `r_${id}`));
        return res.status === 200 && (await companion.listEvents()).some((e) => e.eventId === id);
      }),
    );
    expect(listedWhenAnswered).toEqual(ids.map(() => true));
  });

  it('answers 405 with Allow: POST for other methods and 404 for other paths', async () => {
    const get = await post(url, '', {}, { method: 'GET' });
    expect(get.status).toBe(405);
    expect(get.headers.allow).toBe('POST');
    expect((await post(url, body, {}, { method: 'PUT' })).status).toBe(405);
    expect((await postSigned(url.replace('/knithook', '/other'), body)).status).toBe(404);
    expect((await postSigned(`${url}?x=1`, recordEvent('e_query', 'record.new', 'rq'))).status).toBe(200);
  });

  const rejections: Array<[string, () => Promise<{ status: number; body: string }>, number, string]> = [
    ['no signature', () => post(url, body), 401, 'signature_missing'],
    ['an empty signature', () => post(url, body, { 'X-Knit-Signature': '' }), 401, 'signature_empty'],
    [
      'a hex signature',
      () => post(url, body, { 'X-Knit-Signature': Buffer.from(sign(body, PRODUCTION_KEY), 'base64url').toString('hex') }),
      401,
      'signature_hex',
    ],
    [
      'a standard base64 signature',
      () => post(url, body, { 'X-Knit-Signature': Buffer.from(sign(body, PRODUCTION_KEY), 'base64url').toString('base64') }),
      401,
      'signature_base64_standard',
    ],
    ['a padded signature', () => post(url, body, { 'X-Knit-Signature': `${sign(body, PRODUCTION_KEY)}=` }), 401, 'signature_padded'],
    ['a malformed signature', () => post(url, body, { 'X-Knit-Signature': 'not base64url!' }), 401, 'signature_malformed'],
    ['a wrong key', () => postSigned(url, body, 'wrong_key_000'), 401, 'signature_mismatch'],
    ['an altered body', () => post(url, JSON.stringify(JSON.parse(body), null, 2), { 'X-Knit-Signature': sign(body, PRODUCTION_KEY) }), 401, 'body_altered'],
    ['a body that is not JSON', () => postSigned(url, 'hello'), 400, 'body_not_json'],
    ['a JSON array', () => postSigned(url, '[{"eventId":"e"}]'), 400, 'body_not_object'],
    ['a JSON string', () => postSigned(url, '"text"'), 400, 'body_not_object'],
  ];
  for (const [name, send, status, reason] of rejections) {
    it(`refuses ${name}: ${status} ${reason}, into the rejected log`, async () => {
      const res = await send();
      expect(res.status).toBe(status);
      expect(JSON.parse(res.body)).toMatchObject({ error: reason });
      const last = (await companion.listRejected()).at(-1);
      expect(last).toMatchObject({ status, reason });
      expect(last?.detail).not.toContain(PRODUCTION_KEY);
      // The detail adds to the reason's sentence (shown beside it), never repeats it; the HTTP answer has both.
      const { sentence } = REJECTION_REASONS[reason as RejectionReason];
      if (last!.detail !== sentence) expect(last!.detail).not.toContain(sentence);
      expect((JSON.parse(res.body) as { message: string }).message.startsWith(sentence)).toBe(true);
    });
  }

  it('details say what the sentence does not: the parser message, the JSON kind', async () => {
    await postSigned(url, 'hello');
    expect((await companion.listRejected()).at(-1)!.detail).toMatch(/^Unexpected token/);
    await postSigned(url, '[{"eventId":"e"}]');
    expect((await companion.listRejected()).at(-1)!.detail).toBe('It is an array.');
  });

  it('answers 413 to a 25 MB body before it is sent, without buffering it', async () => {
    const res = await new Promise<{ status: number; sentBeforeResponse: number }>((resolve, reject) => {
      let sent = 0;
      const req = request(url, { method: 'POST', headers: { 'Content-Length': String(25 * 1024 * 1024), 'X-Knit-Signature': 'x' } }, (response) => {
        response.resume();
        resolve({ status: response.statusCode ?? 0, sentBeforeResponse: sent });
        req.destroy();
      });
      req.on('error', (e) => (sent < 25 * 1024 * 1024 ? undefined : reject(e)));
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      const pump = (): void => {
        while (sent < 1024 * 1024) {
          sent += chunk.length;
          if (!req.write(chunk)) return void req.once('drain', pump);
        }
      };
      pump(); // 1 MB of 25 MB, then wait for the answer
    });
    expect(res.status).toBe(413);
    expect(res.sentBeforeResponse).toBeLessThanOrEqual(1024 * 1024);
    expect((await companion.listRejected()).at(-1)).toMatchObject({
      status: 413,
      reason: 'body_too_large',
      bodySize: 25 * 1024 * 1024,
      detail: '26,214,400 bytes; the limit is 10 MB (10,485,760 bytes).',
    });
  });

  it('answers 413 to a chunked body once the streamed count passes 10 MB', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(url, { method: 'POST', headers: { 'Transfer-Encoding': 'chunked' } }, (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
        req.destroy();
      });
      req.on('error', () => {});
      const chunk = Buffer.alloc(1024 * 1024, 0x20);
      let sent = 0;
      const pump = (): void => {
        while (sent < 12) {
          sent++;
          if (!req.write(chunk)) return void req.once('drain', pump);
        }
      };
      pump();
      setTimeout(() => reject(new Error('no answer')), 10_000).unref();
    });
    expect(status).toBe(413);
  });

  it('accepts chunked bodies and any content type', async () => {
    const chunked = recordEvent('e_chunked', 'record.new', 'rc');
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        url,
        { method: 'POST', headers: { 'Transfer-Encoding': 'chunked', 'Content-Type': 'text/plain', 'X-Knit-Signature': sign(chunked, PRODUCTION_KEY) } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.write(chunked.slice(0, 10));
      req.end(chunked.slice(10));
    });
    expect(status).toBe(200);
  });

  it('stores a verified object without a string eventId under the SHA-256 of its bytes, flagged, 200; the same bytes again are a retry', async () => {
    const bytes = '{"eventType":"app.integration.activate","eventData":{"integrationId":"int_x"}}';
    const res = await postSigned(url, bytes, PRODUCTION_KEY, { 'X-Knit-Integration-Id': 'int_x' });
    expect(res.status).toBe(200);
    const id = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
    expect(JSON.parse(res.body)).toMatchObject({ status: 'stored', eventId: id });
    expect(JSON.parse((await postSigned(url, bytes, PRODUCTION_KEY, { 'X-Knit-Integration-Id': 'int_x' })).body)).toMatchObject({ status: 'duplicate' });
    const stored = (await companion.listEvents()).find((e) => e.eventId === id);
    expect(stored?.flags.map((f) => f.code)).toEqual(['envelope-filled']);
    expect(stored?.retries).toBe(1);
    expect((await companion.getEvent({ eventId: id }))?.rawBody).toBe(bytes);
    const noType = await postSigned(url, '{"eventId":7}', PRODUCTION_KEY, { 'X-Knit-Integration-Id': 'int_x' });
    expect(noType.status).toBe(200);
    const filled = (await companion.listEvents()).find((e) => e.eventId === (JSON.parse(noType.body) as { eventId: string }).eventId);
    expect(filled).toMatchObject({ eventType: '(no eventType)', flags: [expect.objectContaining({ code: 'envelope-filled' })] });
  });

  it('counts a redelivery as a retry, not a second event', async () => {
    const again = recordEvent('e_dup', 'record.new', 'r_dup');
    expect((await postSigned(url, again)).status).toBe(200);
    const second = await postSigned(url, again);
    expect(second.status).toBe(200);
    expect(JSON.parse(second.body)).toMatchObject({ status: 'duplicate' });
    const matching = (await companion.listEvents()).filter((e) => e.eventId === 'e_dup');
    expect(matching).toHaveLength(1);
    expect(matching[0]?.retries).toBe(1);
    expect((await companion.getStatus()).counts.retries).toBeGreaterThanOrEqual(1);
  });

  it('stores and flags unknown types, a missing integration header and schema mismatches; records the sandbox key', async () => {
    expect((await postSigned(url, '{"eventId":"e_hb","eventType":"sync.heartbeat"}')).status).toBe(200);
    const noHeader = recordEvent('e_nohdr', 'record.new', 'r_nohdr');
    expect((await post(url, noHeader, { 'X-Knit-Signature': sign(noHeader, PRODUCTION_KEY) })).status).toBe(200);
    expect((await postSigned(url, '{"eventId":"e_bad","eventType":"record.new"}', SANDBOX_KEY)).status).toBe(200);
    const byId = new Map((await companion.listEvents()).map((e) => [e.eventId, e]));
    expect(byId.get('e_hb')?.flags.map((f) => f.code)).toEqual(['unknown-type']);
    expect(byId.get('e_hb')?.category).toBe('unknown');
    expect(byId.get('e_nohdr')?.flags.map((f) => f.code)).toEqual(['no-integration-header']);
    expect(byId.get('e_nohdr')?.integrationId).toBeNull();
    expect(byId.get('e_bad')?.flags.map((f) => f.code)).toEqual(['schema']);
    expect(byId.get('e_bad')?.environment).toBe('sandbox');
    expect((await companion.getEvent({ eventId: 'e_bad' }))?.warnings.length).toBeGreaterThan(0);
  });

  it("flags a delivery signed with another environment's key than the integration's job", async () => {
    const res = await postSigned(url, recordEvent('e_env', 'record.new', 'r_env'), SANDBOX_KEY, { 'X-Knit-Integration-Id': 'int_prod' });
    expect(res.status).toBe(200);
    const event = (await companion.listEvents({ integrationId: 'int_prod' }))[0];
    expect(event?.flags).toEqual([expect.objectContaining({ code: 'other-environment-key' })]);
    expect(event?.flags[0]?.message).toBe("Signed with the sandbox key, but this integration's sync job is in production.");
  });

  it('accepts a 2 MB record and gives it back byte-exact', async () => {
    const big = recordEvent('e_big', 'record.new', 'r_big', profileData('Big', 'Record', { rawValues: { blob: 'x'.repeat(2 * 1024 * 1024) } }));
    expect((await postSigned(url, big)).status).toBe(200);
    expect((await companion.getEvent({ eventId: 'e_big' }))?.rawBody).toBe(big);
  });

  it('shows the previous version of a record for a diff', async () => {
    await postSigned(url, recordEvent('e_v1', 'record.new', 'r_diff', profileData('Ana', 'Okafor')));
    await postSigned(url, recordEvent('e_v2', 'record.modified', 'r_diff', profileData('Ana', 'Okafor-Lee')));
    const detail = await companion.getEvent({ eventId: 'e_v2' });
    expect(detail?.previous).toMatchObject({ eventId: 'e_v1' });
    const employee = await companion.getEmployee({ integrationId: 'int_test', recordId: 'r_diff' });
    expect(employee?.name).toBe('Ana Okafor-Lee');
    expect(employee?.timeline.map((e) => e.eventId)).toEqual(['e_v1', 'e_v2']);
    expect((employee?.data.profile as { lastName: string }).lastName).toBe('Okafor-Lee');
  });

  it('pushes changes in batches, not one callback per event', async () => {
    const before = batches.length;
    await Promise.all(Array.from({ length: 50 }, (_, i) => postSigned(url, recordEvent(`e_batch_${i}`, 'record.new', `rb_${i}`))));
    await new Promise((r) => setTimeout(r, 50));
    const received = batches
      .slice(before)
      .flatMap((b) => b.events ?? [])
      .filter((e) => e.eventId.startsWith('e_batch_'));
    expect(received).toHaveLength(50);
    expect(batches.length - before).toBeLessThan(50);
  });

  it('validates API inputs and refuses to pause a sync that was never started', async () => {
    await expect(companion.getEmployee({ integrationId: '', recordId: 'x' })).rejects.toMatchObject({
      code: 'invalid_input',
      fields: [{ field: 'integrationId' }],
    });
    await expect(companion.pauseSync({ integrationId: 'i' })).rejects.toThrow(/no sync job for integration i: start a sync first/);
    const status = await companion.getStatus();
    expect(status.destination).toBe(url);
    expect(status.destinationWarning).toMatch(/loopback/);
    expect(status.environments.find((e) => e.name === 'production')).toMatchObject({ keySet: true, keyLast4: '_123' });
    expect(JSON.stringify(status)).not.toContain(PRODUCTION_KEY);
  });

  it('exports through the API with the same code as the CLI', async () => {
    await postSigned(
      url,
      recordEvent('e_mail', 'record.new', 'r_mail', {
        ...profileData('Mei', 'Lin'),
        contactInfo: { personalEmails: ['mei.lin@mail.example', 'other@mail.example'] },
      }),
    );
    const csv = await companion.exportData({ kind: 'employees', format: 'csv' });
    const [header, ...rows] = csv.content.split('\r\n');
    expect(header).toContain('managerId,managerName');
    const column = header!.split(',').indexOf('personalEmail');
    expect(rows.find((row) => row.includes('r_mail'))!.split(',')[column]).toBe('mei.lin@mail.example');
    await expect(companion.exportData({ kind: 'events', format: 'csv' })).rejects.toThrow(/CSV/);
  });
});
