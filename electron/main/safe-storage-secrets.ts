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
import type { SecretName, SecretStore } from '../core/secrets/secret-store';
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

/** Creates the store. Reading a missing file is an empty store; a corrupt one is an error on first use. */
export function createSafeStorageSecretStore(options: SafeStorageSecretsOptions): SecretStore {
  const { file, safeStorage } = options;
  const platform = options.platform ?? process.platform;
  let cache: SecretsFile | null = null;
  let consent: Promise<void> | null = null;
  let queue: Promise<unknown> = Promise.resolve();

  const load = async (): Promise<SecretsFile> => {
    if (cache) return cache;
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return (cache = { format: 1, secrets: {} });
      throw new Error(`The secrets file ${file} cannot be read (${(error as Error).message}).`, { cause: error });
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
    const parsed = FileSchema.safeParse(json);
    if (!parsed.success) throw new Error(`The secrets file ${file} is not in the expected format; move it aside and enter the keys again.`);
    return (cache = parsed.data);
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

  return {
    async get(name: SecretName): Promise<string | null> {
      const stored = (await load()).secrets[name];
      if (stored === undefined) return null;
      let decrypted: { result: string; shouldReEncrypt: boolean };
      try {
        decrypted = await safeStorage.decryptStringAsync(Buffer.from(stored, 'base64'));
      } catch {
        throw new Error(`The saved ${name} cannot be decrypted (the system keychain changed?); enter it again.`);
      }
      const { result, shouldReEncrypt } = decrypted;
      if (shouldReEncrypt) {
        void serial(async () => {
          const data = await load();
          data.secrets[name] = (await safeStorage.encryptStringAsync(result)).toString('base64');
          await save(data);
        }).catch(() => undefined);
      }
      return result;
    },

    set(name: SecretName, value: string | null): Promise<void> {
      return serial(async () => {
        const data = await load();
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
      });
    },

    async list(): Promise<SecretName[]> {
      return Object.keys((await load()).secrets) as SecretName[];
    },
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
