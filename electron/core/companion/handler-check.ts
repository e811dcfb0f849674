/**
 * The CompanionApi's `checkHandler`: runs the handler check suite (core/check) against a forward target's URL,
 * signed with the chosen environment's API key, the same suite as `knit-sync check`.
 */
import type { CheckHandlerInput } from '../../../shared/api/companion-api';
import type { CheckReport } from '../../../shared/api/check';
import type { ForwardTarget } from '../../../shared/api/types';
import { DEFAULT_CHECK_TIMEOUT_MS, runCheckSuite } from '../check/runner';
import type { Logger } from '../log';
import { apiKeySecret, type SecretStore } from '../secrets/secret-store';
import { InputError } from '../../../shared/api/reply';

/** What the check needs from the Companion. */
export interface HandlerCheckDeps {
  targets(): Promise<ForwardTarget[]>;
  environments(): Array<{ name: string }>;
  secrets: SecretStore;
  log: Logger;
}

/**
 * Grades the handler behind `input.targetId`.
 * @throws InputError for an unknown target or environment; Error when the environment has no API key.
 */
export async function checkForwardTarget(input: CheckHandlerInput, deps: HandlerCheckDeps): Promise<CheckReport> {
  const target = (await deps.targets()).find((t) => t.id === input.targetId);
  if (!target) throw new InputError(`No forward target has the id ${input.targetId}.`);
  const known = deps.environments().map((e) => e.name);
  if (!known.includes(input.environment)) throw new InputError(`no environment named ${input.environment} (known: ${known.join(', ')})`);
  const apiKey = await deps.secrets.get(apiKeySecret(input.environment));
  if (!apiKey) throw new Error(`The environment ${input.environment} has no API key to sign the checks with.`);
  deps.log.info(`checking the handler at ${target.url} with the ${input.environment} key`);
  const report = await runCheckSuite({
    url: target.url,
    apiKey,
    timeoutMs: input.timeoutSeconds ? Math.round(input.timeoutSeconds * 1000) : DEFAULT_CHECK_TIMEOUT_MS,
  });
  deps.log.info(`handler check of ${target.url}: ${report.passed} passed, ${report.warned} warned, ${report.failed} failed`);
  return report;
}
