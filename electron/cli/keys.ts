/**
 * Which API key signs for `sign` and `send`: `--env ENV` names the environment; without it, production when
 * its key is set, else sandbox when only that key is set. Keys come from the headless SecretStore
 * (KNIT_API_KEY, KNIT_SANDBOX_API_KEY, or the data folder's secrets.json).
 */
import { stat } from 'node:fs/promises';
import { createHeadlessSecretStore } from '../core/secrets/headless-secret-store';
import { apiKeySecret } from '../core/secrets/secret-store';
import { CliError } from './errors';

export async function signingKey(environment: string | undefined, dataDir: string): Promise<{ environment: string; key: string }> {
  const exists = await stat(dataDir).then(
    () => true,
    () => false,
  );
  const secrets = createHeadlessSecretStore(exists ? dataDir : null);
  const candidates = environment ? [environment] : ['production', 'sandbox'];
  for (const env of candidates) {
    const key = await secrets.get(apiKeySecret(env));
    for (const problem of secrets.takeProblems()) process.stderr.write(`knit-sync: ${problem.message}\n`);
    if (key) return { environment: env, key };
  }
  throw new CliError(
    environment
      ? `no API key for environment ${environment} (set ${environment === 'sandbox' ? 'KNIT_SANDBOX_API_KEY' : environment === 'production' ? 'KNIT_API_KEY' : 'it in the data folder'})`
      : 'no API key: set KNIT_API_KEY (production) or KNIT_SANDBOX_API_KEY (sandbox)',
  );
}
