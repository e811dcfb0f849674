/**
 * The Companion's environments and their API keys: the built-in and custom environments (settings document),
 * the verification keys read from the SecretStore (cached: the per-request path never reads secrets), and the
 * SecretStore's problems moved to the UI and the log.
 */
import type { Low } from 'lowdb';
import type { EnvironmentInfo } from '../../../shared/api/types';
import { InputError } from '../../../shared/api/reply';
import { BUILT_IN_ENVIRONMENTS } from '../../../shared/knit/environments';
import type { Logger } from '../log';
import { apiKeySecret, type SecretStore } from '../secrets/secret-store';
import type { VerificationKey } from '../signature/verify';
import type { CompanionDocument } from '../store/settings-document';
import type { UpdateBatcher } from './updates';

/** An environment by name and base URL, built in or added in the settings. */
export type EnvironmentEntry = { name: string; baseUrl: string; builtIn: boolean };

export class Environments {
  /** The keys of the environments that have one, for the receiving pipeline. */
  keys: VerificationKey[] = [];
  /** What the status shows of each environment (key set, last four characters). */
  infos: EnvironmentInfo[] = [];

  constructor(
    private readonly db: Low<CompanionDocument>,
    private readonly secrets: SecretStore,
    private readonly log: Logger,
    private readonly updates: UpdateBatcher,
  ) {}

  /** The built-in environments, then the custom ones. */
  list(): EnvironmentEntry[] {
    return [...BUILT_IN_ENVIRONMENTS.map((e) => ({ ...e, builtIn: true })), ...this.db.data.environments.map((e) => ({ ...e, builtIn: false }))];
  }

  /** @throws InputError for an unknown environment (a field-level error on `environment`). */
  async setApiKey({ environment, key }: { environment: string; key: string | null }): Promise<EnvironmentInfo[]> {
    if (!this.list().some((e) => e.name === environment)) throw new InputError(`There is no environment named ${environment}.`, 'environment');
    await this.secrets.set(apiKeySecret(environment), key);
    await this.refreshKeys();
    this.log.info(`API key of ${environment} ${key === null ? 'deleted' : 'saved'}`);
    return this.infos;
  }

  /** Adds or changes a custom environment. @throws InputError for a built-in name. */
  async save({ name, baseUrl }: { name: string; baseUrl: string }): Promise<EnvironmentInfo[]> {
    if (BUILT_IN_ENVIRONMENTS.some((e) => e.name === name)) throw new InputError(`${name} is built in and cannot be changed: choose another name.`, 'name');
    this.db.data.environments = [...this.db.data.environments.filter((e) => e.name !== name), { name, baseUrl }];
    await this.db.write();
    await this.refreshKeys();
    return this.infos;
  }

  /** Deletes a custom environment and its key. @throws InputError for a built-in name. */
  async delete({ name }: { name: string }): Promise<EnvironmentInfo[]> {
    if (BUILT_IN_ENVIRONMENTS.some((e) => e.name === name)) throw new InputError(`${name} is built in and cannot be deleted.`, 'name');
    this.db.data.environments = this.db.data.environments.filter((e) => e.name !== name);
    await this.db.write();
    await this.secrets.set(apiKeySecret(name), null).catch(() => {});
    await this.refreshKeys();
    return this.infos;
  }

  /** Re-reads the keys of every environment from the SecretStore (the per-request path uses the cache). */
  async refreshKeys(): Promise<void> {
    const keys: VerificationKey[] = [];
    const infos: EnvironmentInfo[] = [];
    for (const env of this.list()) {
      const { value: key, status } = await this.secrets.read(apiKeySecret(env.name));
      if (key) keys.push({ environment: env.name, key });
      infos.push({ name: env.name, baseUrl: env.baseUrl, builtIn: env.builtIn, keySet: key !== null, keyLast4: status.last4, key: status });
    }
    this.keys = keys;
    this.infos = infos;
    this.updates.statusChanged();
    await this.reportSecretProblems();
  }

  /** Moves the SecretStore's new problems (corrupt file set aside, undecryptable key) to the UI and the log. */
  async reportSecretProblems(): Promise<void> {
    const problems = this.secrets.takeProblems();
    if (problems.length === 0) return;
    for (const problem of problems) this.log.warn(problem.message);
    this.db.data.problems.push(...problems);
    this.updates.statusChanged();
    await this.db.write().catch(() => {});
  }

  /** The environment of the sync job of `integrationId`, when one names it (the pipeline tries its key first). */
  jobEnvironment(integrationId: string | null): string | null {
    const jobs = this.db.data.jobs;
    if (integrationId === null || !Array.isArray(jobs)) return null;
    for (const job of jobs) {
      const j = job as { integrationId?: unknown; environment?: unknown };
      if (j?.integrationId === integrationId && typeof j.environment === 'string') return j.environment;
    }
    return null;
  }
}
