/**
 * The headless SecretStore (ARCHITECTURE.md "Secrets"): environment variables take precedence
 * (`KNIT_API_KEY` = production, `KNIT_SANDBOX_API_KEY` = sandbox, `NGROK_AUTHTOKEN`), else `secrets.json` in
 * the data folder, written with mode 0600 through a temp file + rename. Values never reach a log or an error.
 */
import { chmod, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { apiKeySecret, NGROK_AUTHTOKEN_SECRET, type SecretName, type SecretStore } from './secret-store';

/** The environment variable that overrides each secret. */
export const SECRET_ENV_VARS: Partial<Record<SecretName, string>> = {
  [apiKeySecret('production')]: 'KNIT_API_KEY',
  [apiKeySecret('sandbox')]: 'KNIT_SANDBOX_API_KEY',
  [NGROK_AUTHTOKEN_SECRET]: 'NGROK_AUTHTOKEN',
};

/**
 * A SecretStore over environment variables and `<dataDir>/secrets.json`.
 * @param dataDir the data folder; null for environment variables only (then `set` throws).
 */
export function createHeadlessSecretStore(dataDir: string | null, env: NodeJS.ProcessEnv = process.env): SecretStore {
  const file = dataDir ? join(dataDir, 'secrets.json') : null;
  const fromEnv = (name: SecretName): string | null => {
    const variable = SECRET_ENV_VARS[name];
    const value = variable ? env[variable]?.trim() : undefined;
    return value ? value : null;
  };
  const readFileSecrets = async (): Promise<Record<string, string>> => {
    if (!file) return {};
    try {
      const parsed = JSON.parse(await readFile(file, 'utf8')) as unknown;
      return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, string>) : {};
    } catch {
      return {};
    }
  };
  let writing: Promise<void> = Promise.resolve();
  return {
    async get(name) {
      const value = fromEnv(name) ?? (await readFileSecrets())[name];
      return typeof value === 'string' && value !== '' ? value : null;
    },
    async set(name, value) {
      if (!file) throw new Error('Secrets cannot be saved without a data folder; set them as environment variables.');
      const run = writing.then(async () => {
        const secrets = await readFileSecrets();
        if (value === null) delete secrets[name];
        else secrets[name] = value;
        const tmp = `${file}.tmp`;
        await writeFile(tmp, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
        await chmod(tmp, 0o600);
        await rename(tmp, file);
      });
      writing = run.catch(() => {});
      try {
        await run;
      } catch (error) {
        throw new Error(`The secrets file could not be written (${(error as NodeJS.ErrnoException).code ?? 'error'}).`, { cause: error });
      }
    },
    async list() {
      const names = new Set<SecretName>(Object.keys(await readFileSecrets()).filter((n) => n.startsWith('apiKey:') || n === NGROK_AUTHTOKEN_SECRET) as SecretName[]);
      for (const name of Object.keys(SECRET_ENV_VARS) as SecretName[]) if (fromEnv(name)) names.add(name);
      return [...names];
    },
  };
}
