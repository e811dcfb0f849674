import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
vi.mock('electron', async () => (await import('./electron-mock')).electron);
import { dialog, MockBrowserWindow, reset } from './electron-mock';
import {
  askPlainTextConsent,
  createSafeStorageSecretStore,
  PLAIN_TEXT_REFUSED,
  SAFE_STORAGE_FILE,
  type SafeStorageLike,
} from '../../../electron/main/safe-storage-secrets';
import type { BrowserWindow } from 'electron';

/**
 * A fake safeStorage with Electron's async API: "encrypts" by XOR with a per-instance key and a marker, so the
 * file never holds the plain text and a foreign ciphertext fails to decrypt.
 */
class FakeSafeStorage implements SafeStorageLike {
  backend = 'gnome_libsecret';
  available = true;
  plainTextForced = false;
  /** The key version new ciphertexts get; an older one decrypts with `shouldReEncrypt: true`. */
  version = 'v11';
  constructor(private readonly key = 0x5a) {}
  async isAsyncEncryptionAvailable() {
    return this.available || this.plainTextForced;
  }
  async encryptStringAsync(plainText: string) {
    if (!(await this.isAsyncEncryptionAvailable())) throw new Error('Encryption is not available.');
    return Buffer.concat([Buffer.from(this.version), Buffer.from(plainText, 'utf8').map((b) => b ^ this.key)]);
  }
  async decryptStringAsync(encrypted: Buffer) {
    const version = encrypted.subarray(0, 3).toString();
    if (!/^v1\d$/.test(version)) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    return { result: Buffer.from(encrypted.subarray(3).map((b) => b ^ this.key)).toString('utf8'), shouldReEncrypt: version !== this.version };
  }
  getSelectedStorageBackend() {
    return this.backend;
  }
  setUsePlainTextEncryption(usePlainText: boolean) {
    this.plainTextForced = usePlainText;
  }
}

const KEY = 'knit_sandbox_key_1234567890abcd';
const TOKEN = '2ngrokAuthToken_zyxwvu987654';
let dir: string;
let file: string;

beforeEach(async () => {
  reset();
  dir = await mkdtemp(path.join(os.tmpdir(), 'knit-secrets-'));
  file = path.join(dir, SAFE_STORAGE_FILE);
});
afterEach(() => rm(dir, { recursive: true, force: true }));

function store(safeStorage = new FakeSafeStorage(), confirm = vi.fn(async () => false), platform: NodeJS.Platform = 'linux') {
  return { secrets: createSafeStorageSecretStore({ file, safeStorage, confirmPlainText: confirm, platform }), confirm, safeStorage };
}

describe('the safeStorage SecretStore', () => {
  it('round-trips, in a 0600 file that never holds the plain text', async () => {
    const { secrets, confirm } = store();
    await secrets.set('apiKey:sandbox', KEY);
    await secrets.set('ngrokAuthtoken', TOKEN);
    expect(await secrets.get('apiKey:sandbox')).toBe(KEY);
    expect(await secrets.get('ngrokAuthtoken')).toBe(TOKEN);
    expect(await secrets.get('apiKey:production')).toBeNull();
    expect((await secrets.list()).sort()).toEqual(['apiKey:sandbox', 'ngrokAuthtoken']);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const text = await readFile(file, 'utf8');
    expect(text).not.toContain(KEY);
    expect(text).not.toContain(TOKEN);
    expect(confirm).not.toHaveBeenCalled();
    // A new process (new store over the same file) reads them back.
    const again = store();
    expect(await again.secrets.get('apiKey:sandbox')).toBe(KEY);
  });

  it('changes and deletes a secret', async () => {
    const { secrets } = store();
    await secrets.set('apiKey:sandbox', KEY);
    await secrets.set('apiKey:sandbox', `${KEY}-rotated`);
    expect(await secrets.get('apiKey:sandbox')).toBe(`${KEY}-rotated`);
    await secrets.set('apiKey:sandbox', null);
    expect(await secrets.get('apiKey:sandbox')).toBeNull();
    expect(await store().secrets.list()).toEqual([]);
    await secrets.set('apiKey:sandbox', null); // deleting what is not there is fine
  });

  it('keeps concurrent writes (none lost)', async () => {
    const { secrets } = store();
    await Promise.all(['a', 'b', 'c', 'd', 'e'].map((env) => secrets.set(`apiKey:${env}`, `${KEY}-${env}`)));
    expect((await store().secrets.list()).sort()).toEqual(['apiKey:a', 'apiKey:b', 'apiKey:c', 'apiKey:d', 'apiKey:e']);
  });

  it('Linux basic_text backend: asks first; a refusal saves nothing and says why', async () => {
    const safeStorage = new FakeSafeStorage();
    safeStorage.backend = 'basic_text';
    const { secrets, confirm } = store(
      safeStorage,
      vi.fn(async () => false),
    );
    await expect(secrets.set('apiKey:sandbox', KEY)).rejects.toThrow(PLAIN_TEXT_REFUSED);
    expect(confirm).toHaveBeenCalledTimes(1);
    await expect(stat(file)).rejects.toThrow(/ENOENT/);
    expect(await secrets.get('apiKey:sandbox')).toBeNull();
  });

  it('basic_text backend: saves once the user agrees, and asks only once', async () => {
    const safeStorage = new FakeSafeStorage();
    safeStorage.backend = 'basic_text';
    const confirm = vi.fn(async () => true);
    const { secrets } = store(safeStorage, confirm);
    await secrets.set('apiKey:sandbox', KEY);
    await secrets.set('ngrokAuthtoken', TOKEN);
    expect(confirm).toHaveBeenCalledTimes(1);
    expect(await secrets.get('apiKey:sandbox')).toBe(KEY);
  });

  it('no encryption at all on Linux: asks, then switches safeStorage to its plain-text key', async () => {
    const safeStorage = new FakeSafeStorage();
    safeStorage.available = false;
    const { secrets, confirm } = store(
      safeStorage,
      vi.fn(async () => true),
    );
    await secrets.set('apiKey:sandbox', KEY);
    expect(confirm).toHaveBeenCalledTimes(1);
    expect(safeStorage.plainTextForced).toBe(true);
    expect(await secrets.get('apiKey:sandbox')).toBe(KEY);
  });

  it('no encryption on macOS or Windows: refuses with a sentence even if the user agrees', async () => {
    const safeStorage = new FakeSafeStorage();
    safeStorage.available = false;
    const { secrets } = store(
      safeStorage,
      vi.fn(async () => true),
      'darwin',
    );
    await expect(secrets.set('apiKey:sandbox', KEY)).rejects.toThrow(/no way to encrypt/);
    await expect(stat(file)).rejects.toThrow(/ENOENT/);
  });

  it('re-encrypts when safeStorage asks to (rotated key)', async () => {
    const { secrets, safeStorage } = store();
    await secrets.set('apiKey:sandbox', KEY);
    const stored = async () =>
      Buffer.from(JSON.parse(await readFile(file, 'utf8')).secrets['apiKey:sandbox'], 'base64')
        .subarray(0, 3)
        .toString();
    expect(await stored()).toBe('v11');
    safeStorage.version = 'v12';
    expect(await secrets.get('apiKey:sandbox')).toBe(KEY);
    await vi.waitFor(async () => expect(await stored()).toBe('v12'));
    expect(await store(safeStorage).secrets.get('apiKey:sandbox')).toBe(KEY);
  });

  it('a secret the keychain can no longer decrypt reads as unreadable, is reported once by name, and can be entered again', async () => {
    await store().secrets.set('apiKey:sandbox', KEY);
    await store().secrets.set('apiKey:production', `${KEY}-prod`);
    const data = JSON.parse(await readFile(file, 'utf8'));
    data.secrets['apiKey:sandbox'] = Buffer.from('garbage').toString('base64');
    await writeFile(file, JSON.stringify(data));
    const { secrets } = store();
    expect(await secrets.get('apiKey:sandbox')).toBeNull();
    expect(await secrets.read('apiKey:sandbox')).toEqual({
      value: null,
      status: { state: 'unreadable', source: 'saved', variable: null, savedIgnored: false, last4: null },
    });
    expect(await secrets.get('apiKey:production')).toBe(`${KEY}-prod`); // the others still work
    const problems = secrets.takeProblems();
    expect(problems).toEqual([
      expect.objectContaining({
        kind: 'unreadable-secret',
        message: 'The saved API key of sandbox cannot be decrypted (the system keychain changed?); enter it again in Setup.',
      }),
    ]);
    expect(JSON.stringify(problems)).not.toContain(KEY);
    expect(secrets.takeProblems()).toEqual([]);
    await secrets.set('apiKey:sandbox', `${KEY}-again`);
    expect(await secrets.read('apiKey:sandbox')).toMatchObject({ value: `${KEY}-again`, status: { state: 'set', source: 'saved', last4: 'gain' } });
    expect(await store().secrets.get('apiKey:production')).toBe(`${KEY}-prod`);
  });

  it('a corrupt file is set aside and reported; the next save keeps it and starts a new file', async () => {
    await writeFile(file, '{not json', { mode: 0o600 });
    const { secrets } = store();
    expect(await secrets.list()).toEqual([]);
    expect(await secrets.get('apiKey:sandbox')).toBeNull();
    const [problem, ...more] = secrets.takeProblems();
    expect(more).toEqual([]);
    expect(problem).toMatchObject({ kind: 'corrupt-secrets', setAsidePath: expect.stringMatching(/secrets\.safe-storage\.json\.corrupt-\d+$/) });
    expect(problem!.message).toMatch(/The secrets file is corrupt \(not JSON\); it was set aside as .*corrupt-\d+\. Enter the API keys/);
    expect(await readFile(problem!.setAsidePath!, 'utf8')).toBe('{not json');
    await secrets.set('apiKey:sandbox', KEY);
    expect(await store().secrets.get('apiKey:sandbox')).toBe(KEY);
    expect(await readFile(problem!.setAsidePath!, 'utf8')).toBe('{not json'); // never overwritten
  });

  it('a file of the wrong shape is set aside too', async () => {
    await writeFile(file, JSON.stringify({ format: 1, secrets: { 'apiKey:sandbox': 42 } }), { mode: 0o600 });
    const { secrets } = store();
    expect(await secrets.get('apiKey:sandbox')).toBeNull();
    expect(secrets.takeProblems()).toEqual([
      expect.objectContaining({ kind: 'corrupt-secrets', message: expect.stringContaining('not in the expected format') }),
    ]);
  });

  it('a file that cannot be read is reported and never replaced by a save', async () => {
    await mkdir(file); // EISDIR: neither readable nor replaceable by rename
    const { secrets } = store();
    expect(await secrets.get('apiKey:sandbox')).toBeNull();
    expect(secrets.takeProblems()).toEqual([expect.objectContaining({ kind: 'corrupt-secrets', message: expect.stringContaining('cannot be read (EISDIR)') })]);
    await expect(secrets.set('apiKey:sandbox', KEY)).rejects.toThrow(/cannot be read \(EISDIR\)/);
    expect((await stat(file)).isDirectory()).toBe(true);
  });

  it('the consent dialog tells the user and defaults to not saving', async () => {
    const win = new MockBrowserWindow() as unknown as BrowserWindow;
    dialog.showMessageBox.mockResolvedValueOnce({ response: 0, checkboxChecked: false });
    expect(await askPlainTextConsent(win)).toBe(false);
    const options = dialog.showMessageBox.mock.calls[0]![1] as { type: string; detail: string; defaultId: number; cancelId: number };
    expect(options).toMatchObject({ type: 'warning', defaultId: 0, cancelId: 0 });
    expect(options.detail).toMatch(/plain-text/);
    dialog.showMessageBox.mockResolvedValueOnce({ response: 1, checkboxChecked: false });
    expect(await askPlainTextConsent(null)).toBe(true);
  });
});
