import { spawnSync } from 'node:child_process';
import { chmod, readFile, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCompanion } from '../../../electron/core/companion';
import { createLogger, silentLogger, type Logger } from '../../../electron/core/log';
import { createHeadlessSecretStore } from '../../../electron/core/secrets/headless-secret-store';
import { DATA_FORMAT, dataFiles, defaultDataDir, prepareDataDir } from '../../../electron/core/store/data-dir';
import { acquireLock, FolderLockedError, readLock } from '../../../electron/core/store/lock';
import { checkHolder } from '../../../electron/core/store/lock-holder';
import { startControlServer } from '../../../electron/core/companion/control-server';
import { removeDir, runCli, tempDir } from '../../support/core';

let dir: string;
beforeEach(async () => {
  dir = await tempDir();
});
afterEach(() => removeDir(dir));

describe('data folder', () => {
  it('defaults to the per-user app data folder of each platform', () => {
    expect(defaultDataDir('linux', { XDG_CONFIG_HOME: '/x/config' })).toBe('/x/config/knit-sync-companion');
    expect(defaultDataDir('linux', {})).toMatch(/\/\.config\/knit-sync-companion$/);
    expect(defaultDataDir('darwin', {})).toMatch(/\/Library\/Application Support\/knit-sync-companion$/);
    expect(defaultDataDir('win32', { APPDATA: 'C:\\Users\\a\\AppData\\Roaming' })).toContain('knit-sync-companion');
  });

  it('is created private (0700) by whoever creates it first, the logger included', async () => {
    const folder = join(dir, 'new');
    await createLogger({ dataDir: folder, stderr: false }).close();
    expect((await stat(folder)).mode & 0o777).toBe(0o700);
    await prepareDataDir(join(dir, 'other'));
    expect((await stat(join(dir, 'other'))).mode & 0o777).toBe(0o700);
  });

  it('refuses an existing folder other users can write to, with one line; the CLI exits 1 with it', async () => {
    for (const mode of [0o777, 0o775, 0o722]) {
      await chmod(dir, mode);
      await expect(prepareDataDir(dir)).rejects.toThrow(
        `data folder ${dir} can be written by other users (mode ${mode.toString(8).padStart(4, '0')}): make it private (chmod 700 ${dir}) or choose another folder`,
      );
    }
    const cli = await runCli(['purge', '--all', '--data', dir]);
    expect(cli.code).toBe(1);
    expect(cli.stderr.trim()).toBe(
      `knit-sync: data folder ${dir} can be written by other users (mode 0722): make it private (chmod 700 ${dir}) or choose another folder`,
    );
    await chmod(dir, 0o755); // readable by others is the user's choice
    await prepareDataDir(dir);
  });

  it('writes its format version and refuses a folder of a newer format', async () => {
    await prepareDataDir(dir);
    expect(JSON.parse(await readFile(dataFiles(dir).format, 'utf8'))).toEqual({ format: DATA_FORMAT });
    await writeFile(dataFiles(dir).format, JSON.stringify({ format: DATA_FORMAT + 1 }));
    await expect(prepareDataDir(dir)).rejects.toThrow(/newer/);
  });
});

describe('settings document', () => {
  it('a corrupt companion.json is set aside with a warn line naming the set-aside file', async () => {
    await prepareDataDir(dir);
    await writeFile(dataFiles(dir).document, '{"settings": {not json');
    const warnings: string[] = [];
    const ignore = () => {};
    const log: Logger = { debug: ignore, info: ignore, warn: (m) => warnings.push(m), error: ignore, close: async () => {} };
    const companion = await openCompanion({ dataDir: dir, secrets: createHeadlessSecretStore(dir, {}), log, listen: false });
    await companion.close();
    const warning = warnings.find((w) => w.includes('companion.json'));
    expect(warning).toMatch(
      /^The settings file companion\.json could not be read \(.+\); it was set aside as .+companion\.json\.corrupt-\d+ and defaults were used\.$/,
    );
    const aside = /set aside as (\S+) and/.exec(warning!)![1]!;
    expect(await readFile(aside, 'utf8')).toBe('{"settings": {not json');
  });
});

describe('lock', () => {
  it('is exclusive, mode 0600, names pid, control address and token, and is released', async () => {
    const release = await acquireLock(dir, { command: 'knit-sync serve', control: 'http://127.0.0.1:1', token: 't' });
    expect((await stat(dataFiles(dir).lock)).mode & 0o777).toBe(0o600);
    expect(await readLock(dir)).toEqual({ pid: process.pid, command: 'knit-sync serve', control: 'http://127.0.0.1:1', token: 't' });
    await release();
    expect(await readLock(dir)).toBeNull();
  });

  it('takes over a lock naming a live pid with no control endpoint, and says so', async () => {
    // pid 1 is always alive: a reused pid or a forged lock
    await writeFile(dataFiles(dir).lock, JSON.stringify({ pid: 1, command: 'knit-sync serve', control: null, token: null }));
    const warnings: string[] = [];
    const release = await acquireLock(dir, { command: 'x', control: null, token: null }, { ...silentLogger, warn: (m) => warnings.push(m) });
    expect((await readLock(dir))?.pid).toBe(process.pid);
    expect(warnings).toEqual([
      `data folder ${dir}: its lock names live process 1 (knit-sync serve), which names no control endpoint: the lock is stale, taken over`,
    ]);
    await release();
  });

  it('takes over a lock whose control endpoint answers for another process or without the token', async () => {
    const other = await tempDir();
    const control = await startControlServer({ token: 'the_token', dataDir: other, log: silentLogger, call: async () => ({ ok: true, result: null }) });
    try {
      for (const [token, why] of [
        ['the_token', `is not what answers at ${control.url} (process ${process.pid} does)`],
        ['forged', `is not what answers at ${control.url} (it does not know the lock's token)`],
      ] as const) {
        await writeFile(dataFiles(dir).lock, JSON.stringify({ pid: 1, command: 'knit-sync serve', control: control.url, token }));
        expect(await checkHolder(dir, (await readLock(dir))!)).toEqual({ kind: 'not-holder', why });
      }
      // the right pid and token, another folder
      const lock = { pid: process.pid, command: 'knit-sync serve', control: control.url, token: 'the_token' };
      expect(await checkHolder(dir, lock)).toEqual({ kind: 'not-holder', why: `holds another data folder (${other})` });
      expect(await checkHolder(other, lock)).toEqual({ kind: 'holder' });
    } finally {
      await control.close();
      await removeDir(other);
    }
  });

  it('refuses a live pid whose control endpoint does not answer in time, with one sentence', async () => {
    const silent = createServer(() => {}); // accepts, never answers: a busy holder looks the same
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const control = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
    await writeFile(dataFiles(dir).lock, JSON.stringify({ pid: 1, command: 'knit-sync serve', control, token: 't' }));
    try {
      const error = await acquireLock(dir, { command: 'x', control: null, token: null }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(FolderLockedError);
      expect((error as Error).message).toBe(`data folder ${dir} is in use by process 1 (knit-sync serve), which did not answer at ${control} within 5 s`);
    } finally {
      silent.closeAllConnections();
      silent.close();
    }
  });

  it('takes over the lock of a dead process', async () => {
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
    await writeFile(join(dir, 'knit-sync.lock'), JSON.stringify({ pid: Number(dead), command: 'knit-sync serve', control: null, token: null }));
    const release = await acquireLock(dir, { command: 'knit-sync purge', control: null, token: null });
    expect((await readLock(dir))?.pid).toBe(process.pid);
    await release();
  });
});
