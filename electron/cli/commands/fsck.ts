/**
 * `knit-sync fsck [--data DIR]`: checks the stored data of a folder (core/store/fsck.ts): every journal line
 * read, every stored body verified against its stored signature with the configured API keys (KNIT_API_KEY,
 * KNIT_SANDBOX_API_KEY, the folder's secrets.json), the journal compared with the state snapshot.
 * Read-only: works beside a running serve. stdout: one JSON line per problem
 * `{"problem","offset"?,"eventId"?,"events"?,"message"}`, then the summary
 * `{"summary":"clean"|"damaged","lines","events","retries","verified","unverified","snapshotEvents","problems"}`.
 * Exit 0 when clean, 1 when any problem was found (or the check could not run), 2 on a usage error.
 */
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { BUILT_IN_ENVIRONMENTS } from '../../../shared/knit/environments';
import { createHeadlessSecretStore } from '../../core/secrets/headless-secret-store';
import { apiKeySecret } from '../../core/secrets/secret-store';
import { dataFiles } from '../../core/store/data-dir';
import { fsck } from '../../core/store/fsck';
import { readLock } from '../../core/store/lock';
import { CliError } from '../errors';
import { dataDirOf, dataOption } from '../options';

export function register(program: Command): void {
  dataOption(
    program
      .command('fsck')
      .description("check every stored event: readable, signed with its environment's key, as the state snapshot says; read-only")
      .addHelpText('after', '\nOne JSON line per problem, then a summary line. Exit 0 when clean, 1 when a problem was found.'),
  ).action(async (options: { data?: string }) => {
    const dataDir = await dataDirOf(options.data, true);
    const keys = await configuredKeys(dataDir);
    const summary = await fsck({
      dataDir,
      keyOf: (environment) => keys.get(environment) ?? null,
      live: (await readLock(dataDir)) !== null,
      onProblem: (problem) => process.stdout.write(`${JSON.stringify(problem)}\n`),
    });
    process.stdout.write(`${JSON.stringify(summary)}\n`);
    if (summary.problems > 0) throw new CliError(`${summary.problems} problem(s) found in ${dataDir}`);
  });
}

/** The API key of every environment that has one: the built-in ones and those the settings document names. */
async function configuredKeys(dataDir: string): Promise<Map<string, string>> {
  const names = new Set<string>(BUILT_IN_ENVIRONMENTS.map((e) => e.name));
  try {
    const doc = JSON.parse(await readFile(dataFiles(dataDir).document, 'utf8')) as { environments?: Array<{ name?: unknown }> };
    for (const env of doc.environments ?? []) if (typeof env?.name === 'string') names.add(env.name);
  } catch {
    // no settings document (or an unreadable one): the built-in environments only
  }
  const secrets = createHeadlessSecretStore(dataDir);
  const keys = new Map<string, string>();
  for (const name of names) {
    const key = await secrets.get(apiKeySecret(name));
    if (key) keys.set(name, key);
  }
  return keys;
}
