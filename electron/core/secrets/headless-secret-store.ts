/**
 * The headless SecretStore: environment variables take precedence (`KNIT_API_KEY` = production,
 * `KNIT_SANDBOX_API_KEY` = sandbox, `NGROK_AUTHTOKEN`), else `secrets.json` in the data folder (a JSON object
 * of name → value), written atomically with mode 0600. A corrupt file is set aside (`secrets.json.corrupt-<ms>`)
 * and reported, never overwritten with only the next key. Values never reach a log or an error.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../store/atomic-write';
import {
  apiKeySecret,
  NGROK_AUTHTOKEN_SECRET,
  SecretProblems,
  secretStatus,
  setAsideSecretsFile,
  type SecretName,
  type SecretReading,
  type SecretStore,
} from './secret-store';

/** The environment variable that overrides each secret. */
export const SECRET_ENV_VARS: ReadonlyMap<SecretName, string> = new Map([
  [apiKeySecret('production'), 'KNIT_API_KEY'],
  [apiKeySecret('sandbox'), 'KNIT_SANDBOX_API_KEY'],
  [NGROK_AUTHTOKEN_SECRET, 'NGROK_AUTHTOKEN'],
]);

/** The file's secrets (null prototype), or why it is not a JSON object of strings. */
function parseSecretsFile(text: string): Map<string, string> | string {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return 'not JSON';
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) return 'not a JSON object';
  const secrets = new Map<string, string>();
  for (const [name, value] of Object.entries(json)) {
    if (typeof value !== 'string') return `the value of ${name} is not a string`;
    secrets.set(name, value);
  }
  return secrets;
}

/**
 * A SecretStore over environment variables and `<dataDir>/secrets.json`.
 * @param dataDir the data folder; null for environment variables only (then `set` throws).
 */
export function createHeadlessSecretStore(dataDir: string | null, env: NodeJS.ProcessEnv = process.env): SecretStore {
  const file = dataDir ? join(dataDir, 'secrets.json') : null;
  const problems = new SecretProblems();
  const fromEnv = (name: SecretName): string | null => {
    const variable = SECRET_ENV_VARS.get(name);
    const value = variable ? env[variable]?.trim() : undefined;
    return value ? value : null;
  };
  /** The saved secrets; `blocked` says why the file may not be replaced (unreadable, not set aside). */
  const readFileSecrets = async (): Promise<{ secrets: Map<string, string>; blocked: string | null }> => {
    const none = new Map<string, string>();
    if (!file) return { secrets: none, blocked: null };
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return { secrets: none, blocked: null };
      const blocked = `The secrets file ${file} cannot be read (${code ?? 'error'}); fix its permissions or move it aside.`;
      problems.add(`file:${file}`, 'corrupt-secrets', blocked);
      return { secrets: none, blocked };
    }
    const parsed = parseSecretsFile(text);
    if (typeof parsed !== 'string') return { secrets: parsed, blocked: null };
    const movedAside = await setAsideSecretsFile(file, parsed, problems);
    return { secrets: none, blocked: movedAside ? null : `The secrets file ${file} is corrupt and could not be moved aside; move or delete it.` };
  };
  const read = async (name: SecretName): Promise<SecretReading> => {
    const saved = (await readFileSecrets()).secrets.get(name) || null;
    const value = fromEnv(name);
    if (value !== null) return { value, status: secretStatus(value, 'environment-variable', SECRET_ENV_VARS.get(name) ?? null, saved !== null) };
    return { value: saved, status: secretStatus(saved, 'saved') };
  };
  let writing: Promise<void> = Promise.resolve();
  return {
    read,
    async get(name) {
      return (await read(name)).value;
    },
    async set(name, value) {
      if (!file) throw new Error('Secrets cannot be saved without a data folder; set them as environment variables.');
      const run = writing.then(async () => {
        const { secrets, blocked } = await readFileSecrets();
        if (blocked) throw new Error(blocked);
        if (value === null) secrets.delete(name);
        else secrets.set(name, value);
        await writeFileAtomic(file, `${JSON.stringify(Object.fromEntries(secrets), null, 2)}\n`, 0o600);
      });
      writing = run.catch(() => {});
      try {
        await run;
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        throw new Error(code ? `The secrets file could not be written (${code}).` : (error as Error).message, { cause: error });
      }
    },
    async list() {
      const names = new Set<SecretName>(
        [...(await readFileSecrets()).secrets.keys()].filter(
          (n): n is SecretName => n.startsWith('apiKey:') || n.startsWith('forwardTarget:') || n === NGROK_AUTHTOKEN_SECRET,
        ),
      );
      for (const name of SECRET_ENV_VARS.keys()) if (fromEnv(name)) names.add(name);
      return [...names];
    },
    takeProblems: () => problems.take(),
  };
}
