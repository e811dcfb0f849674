/**
 * The Electron shell's SecretStore: API keys and the ngrok authtoken encrypted with Electron's safeStorage
 * (the OS keychain: macOS Keychain, Windows DPAPI, libsecret/KWallet on Linux) in a 0600 JSON file in the data
 * folder, written atomically. The async API (encryptStringAsync/decryptStringAsync, Electron ≥ 38) is used.
 * When the OS offers only the plain-text backend (Linux `basic_text`, or no encryption at all), the user is
 * told and asked before anything is saved; a refusal makes `set()` throw a sentence. Values never leave this
 * module except through `get()` to the Companion (ARCHITECTURE.md "Secrets").
 * API: https://www.electronjs.org/docs/latest/api/safe-storage
 */
import { dialog, type BrowserWindow } from 'electron';
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import {
  SecretProblems,
  secretStatus,
  setAsideSecretsFile,
  secretLabel,
  UNREADABLE,
  type SecretName,
  type SecretReading,
  type SecretStore,
} from '../core/secrets/secret-store';
import { writeFileAtomic } from '../core/store/atomic-write';

/** The part of Electron's safeStorage this store uses. */
export interface SafeStorageLike {
  isAsyncEncryptionAvailable(): Promise<boolean>;
  encryptStringAsync(plainText: string): Promise<Buffer>;
  decryptStringAsync(encrypted: Buffer): Promise<{ result: string; shouldReEncrypt: boolean }>;
  getSelectedStorageBackend(): string;
  setUsePlainTextEncryption(usePlainText: boolean): void;
}

export interface SafeStorageSecretsOptions {
  /** The secrets file, `<data>/secrets.safe-storage.json`. */
  file: string;
  safeStorage: SafeStorageLike;
  /**
   * Tells the user that secrets would be stored without a keychain and asks whether to go on; resolves to
   * their answer. Asked at most once per run, before the first save.
   */
  confirmPlainText: () => Promise<boolean>;
  /** Default `process.platform` (the plain-text backend exists on Linux only). */
  platform?: NodeJS.Platform;
}

/** The file name, in the data folder (the headless shell's plain `secrets.json` is another file). */
export const SAFE_STORAGE_FILE = 'secrets.safe-storage.json';

const FileSchema = z.object({
  format: z.literal(1),
  /** name → base64 of safeStorage's ciphertext. */
  secrets: z.record(z.string(), z.string()),
});
type SecretsFile = z.infer<typeof FileSchema>;

export const PLAIN_TEXT_REFUSED =
  'The secret was not saved: this system has no keychain for Knit Sync Companion (only a plain-text store) and you chose not to use it. Install and unlock a keyring (GNOME Keyring or KWallet) and try again, or run the headless knit-sync with environment variables.';

/**
 * Creates the store. A missing file is an empty store. A file that is not in the expected format is set aside
 * (`<file>.corrupt-<ms>`) and reported through takeProblems(); a secret the keychain cannot decrypt reads as
 * unreadable (null from get) and is reported, so that the app starts and Setup asks for it again.
 */
export function createSafeStorageSecretStore(options: SafeStorageSecretsOptions): SecretStore {
  const { file, safeStorage } = options;
  const platform = options.platform ?? process.platform;
  const problems = new SecretProblems();
  let cache: SecretsFile | null = null;
  /** Why the file can be neither read nor replaced (then set() refuses, so as not to drop what it holds). */
  let blocked: string | null = null;
  let consent: Promise<void> | null = null;
  let queue: Promise<unknown> = Promise.resolve();

  const load = async (): Promise<SecretsFile> => {
    if (cache) return cache;
    blocked = null;
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return (cache = { format: 1, secrets: {} });
      blocked = `The secrets file ${file} cannot be read (${code ?? (error as Error).message}); fix its permissions or move it aside, then enter the keys again.`;
      problems.add(`file:${file}`, 'corrupt-secrets', blocked);
      return { format: 1, secrets: {} }; // not cached: read again on next use
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
    const parsed = FileSchema.safeParse(json);
    if (parsed.success) return (cache = { format: 1, secrets: Object.assign(Object.create(null) as Record<string, string>, parsed.data.secrets) });
    const why = json === null ? 'not JSON' : 'not in the expected format';
    if (!(await setAsideSecretsFile(file, why, problems))) {
      blocked = `The secrets file ${file} is corrupt and could not be moved aside; move or delete it, then enter the keys again.`;
      return { format: 1, secrets: {} };
    }
    return (cache = { format: 1, secrets: {} });
  };

  /** Resolves when encrypting is acceptable: a real keychain, or the user agreed to the plain-text one. */
  const ensureConsent = (): Promise<void> =>
    (consent ??= (async () => {
      const available = await safeStorage.isAsyncEncryptionAvailable();
      const plainText = platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text';
      if (available && !plainText) return;
      if (!(await options.confirmPlainText())) throw new Error(PLAIN_TEXT_REFUSED);
      if (!available && platform === 'linux') safeStorage.setUsePlainTextEncryption(true);
      if (!(await safeStorage.isAsyncEncryptionAvailable())) {
        throw new Error('The secret was not saved: this system offers no way to encrypt it.');
      }
    })().catch((error: unknown) => {
      consent = null; // ask again next time
      throw error;
    }));

  /** Runs `task` after every earlier write (one writer at a time). */
  const serial = <T>(task: () => Promise<T>): Promise<T> => {
    const run = queue.then(task, task);
    queue = run.catch(() => undefined);
    return run;
  };

  const save = (data: SecretsFile) => writeFileAtomic(file, `${JSON.stringify(data, null, 2)}\n`, 0o600);

  const read = async (name: SecretName): Promise<SecretReading> => {
    const stored = (await load()).secrets[name];
    if (stored === undefined) return { value: null, status: secretStatus(null, null) };
    let decrypted: { result: string; shouldReEncrypt: boolean };
    try {
      decrypted = await safeStorage.decryptStringAsync(Buffer.from(stored, 'base64'));
    } catch {
      problems.add(
        `secret:${name}`,
        'unreadable-secret',
        `The saved ${secretLabel(name)} cannot be decrypted (the system keychain changed?); enter it again in ${name.startsWith('apiKey:') ? 'Setup' : 'Settings'}.`,
      );
      return { value: null, status: UNREADABLE };
    }
    const { result, shouldReEncrypt } = decrypted;
    if (shouldReEncrypt) {
      void serial(async () => {
        const data = await load();
        data.secrets[name] = (await safeStorage.encryptStringAsync(result)).toString('base64');
        await save(data);
      }).catch(() => undefined);
    }
    return { value: result, status: secretStatus(result, 'saved') };
  };

  return {
    read,
    async get(name: SecretName): Promise<string | null> {
      return (await read(name)).value;
    },

    set(name: SecretName, value: string | null): Promise<void> {
      return serial(async () => {
        const data = await load();
        if (blocked) throw new Error(blocked);
        if (value === null) {
          if (!(name in data.secrets)) return;
          const { [name]: _removed, ...rest } = data.secrets;
          await save({ ...data, secrets: rest });
          cache = { ...data, secrets: rest };
          return;
        }
        await ensureConsent();
        const encrypted = (await safeStorage.encryptStringAsync(value)).toString('base64');
        const next = { ...data, secrets: { ...data.secrets, [name]: encrypted } };
        await save(next);
        cache = next;
        problems.clear(`secret:${name}`);
      });
    },

    async list(): Promise<SecretName[]> {
      return Object.keys((await load()).secrets) as SecretName[];
    },

    takeProblems: () => problems.take(),
  };
}

/**
 * Tells the user that no keychain is available and asks whether to store secrets anyway (Electron's
 * dialog.showMessageBox). Resolves to true only on an explicit "Store without keychain".
 */
export async function askPlainTextConsent(window: BrowserWindow | null): Promise<boolean> {
  const options = {
    type: 'warning' as const,
    message: 'No keychain is available to protect your keys',
    detail:
      'This system offers Knit Sync Companion no keychain (password manager), only a plain-text store. Your API keys and ngrok authtoken would be saved in a file in the data folder that anyone who can read your files could decode. Save them anyway?',
    buttons: ['Don’t Save', 'Save Without Keychain'],
    defaultId: 0,
    cancelId: 0,
  };
  const { response } = window ? await dialog.showMessageBox(window, options) : await dialog.showMessageBox(options);
  return response === 1;
}
