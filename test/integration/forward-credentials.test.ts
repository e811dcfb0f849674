/**
 * A forward target's URL credentials (`http://user:pass@host/`) over real HTTP and real files: the handler
 * gets them as `Authorization: Basic`, also after the targets are saved again as the UI shows them (masked)
 * and after a restart; the password never reaches companion.json (0600), forwards.jsonl, the log or the
 * API's answers, which show `http://user:•••@host/`. Replay to a URL with credentials is masked the same way.
 */
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openCompanion } from '../../electron/core/companion';
import type { CompanionService } from '../../electron/core/companion';
import { createLogger } from '../../electron/core/log';
import { createHeadlessSecretStore } from '../../electron/core/secrets/headless-secret-store';
import { PRODUCTION_KEY, postSigned, recordEvent, removeDir, tempDir } from '../support/core';
import { startTarget, type Target } from './forward-target';

const PASSWORD = 'hunter2-S3cret';
const BASIC = `Basic ${Buffer.from(`knit:${PASSWORD}`).toString('base64')}`;
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A Companion on `dir` whose log goes to the real log file; close() closes the log too. */
async function openTracked(dir: string): Promise<CompanionService> {
  const log = createLogger({ dataDir: dir, stderr: false });
  const companion = await openCompanion({
    dataDir: dir,
    port: 0,
    log,
    secrets: createHeadlessSecretStore(dir, { KNIT_API_KEY: PRODUCTION_KEY }),
    noTunnel: true,
  });
  const close = companion.close;
  return Object.assign(companion, {
    close: async () => {
      await close();
      await log.close();
    },
  });
}

/** Every file the password must stay out of. */
async function filesText(dir: string): Promise<string> {
  const read = (name: string) => readFile(join(dir, name), 'utf8').catch(() => '');
  return (await Promise.all(['companion.json', 'forwards.jsonl', 'logs/knit-sync.log'].map(read))).join('\n');
}

describe('forward target credentials', () => {
  it('are sent as Basic auth, kept with the secrets, and masked everywhere else', async () => {
    const dir = await tempDir();
    cleanups.push(() => removeDir(dir));
    const target: Target = await startTarget(PRODUCTION_KEY, (r) => (r.headers.authorization === BASIC ? 200 : 401));
    cleanups.push(() => target.close());
    const withPassword = target.url.replace('http://', `http://knit:${PASSWORD}@`);
    const shown = target.url.replace('http://', 'http://knit:•••@');

    let companion = await openTracked(dir);
    const [saved] = await companion.saveForwardTargets({ targets: [{ url: withPassword, enabled: true }] });
    expect(saved!.url).toBe(shown);
    expect((await postSigned(companion.listenerUrl, recordEvent('e_1', 'record.new', 'r_1'))).status).toBe(200);
    await target.waitFor(1);
    expect(target.received[0]!.headers.authorization).toBe(BASIC);

    // The UI sends the list back as it was shown: the credentials stay.
    await companion.saveForwardTargets({ targets: [{ id: saved!.id, url: shown, enabled: true }] });
    expect((await postSigned(companion.listenerUrl, recordEvent('e_2', 'record.new', 'r_2'))).status).toBe(200);
    await target.waitFor(2);
    expect(target.received[1]!.headers.authorization).toBe(BASIC);

    const replay = await companion.replay({ to: withPassword, eventIds: ['e_1'] });
    expect(replay).toMatchObject({ ok: 1 });
    expect(replay.attempts[0]!.url).toBe(shown);
    expect(target.received[2]!.headers.authorization).toBe(BASIC);
    // A target picked in the UI's replay form arrives masked: its saved credentials are used.
    expect(await companion.replay({ to: shown, eventIds: ['e_2'] })).toMatchObject({ ok: 1 });
    expect(target.received[3]!.headers.authorization).toBe(BASIC);
    await expect(companion.replay({ to: 'http://knit:•••@127.0.0.1:9/other', eventIds: ['e_2'] })).rejects.toThrow(/masked .* type the password/);

    const detail = await companion.getEvent({ eventId: 'e_1' });
    expect(detail!.forwards!.map((a) => a.url)).toEqual([shown, shown]);
    const answers = JSON.stringify([await companion.listForwardTargets(), detail, await companion.getStatus()]);
    expect(answers).not.toContain(PASSWORD);
    await companion.close();

    expect(await filesText(dir)).not.toContain(PASSWORD);
    expect(await filesText(dir)).toContain('knit:•••@'); // the log and the attempts name the target, masked
    expect(JSON.parse(await readFile(join(dir, 'secrets.json'), 'utf8'))).toEqual({ [`forwardTarget:${saved!.id}`]: `knit:${PASSWORD}` });
    expect((await stat(join(dir, 'companion.json'))).mode & 0o777).toBe(0o600);

    // After a restart the credentials come from the secrets.
    companion = await openTracked(dir);
    expect((await postSigned(companion.listenerUrl, recordEvent('e_3', 'record.new', 'r_3'))).status).toBe(200);
    await target.waitFor(5);
    expect(target.received[4]!.headers.authorization).toBe(BASIC);

    // Removing the target deletes its credentials.
    await companion.saveForwardTargets({ targets: [] });
    expect(JSON.parse(await readFile(join(dir, 'secrets.json'), 'utf8'))).toEqual({});
    await companion.close();
  });

  it('a URL saved with its credentials by an earlier version is moved to the secrets at start', async () => {
    const dir = await tempDir();
    cleanups.push(() => removeDir(dir));
    await writeFile(
      join(dir, 'companion.json'),
      JSON.stringify({ forwardTargets: [{ id: 'ft_old', url: `http://knit:${PASSWORD}@127.0.0.1:9/hook`, enabled: false, eventTypes: [] }] }),
    );
    const companion = await openTracked(dir);
    expect((await companion.listForwardTargets())[0]!.url).toBe('http://knit:•••@127.0.0.1:9/hook');
    await companion.close();
    expect(await readFile(join(dir, 'companion.json'), 'utf8')).not.toContain(PASSWORD);
    expect(JSON.parse(await readFile(join(dir, 'secrets.json'), 'utf8'))).toEqual({ 'forwardTarget:ft_old': `knit:${PASSWORD}` });
  });
});
