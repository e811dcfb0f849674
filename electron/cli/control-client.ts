/** Calls a method of a running Companion's control endpoint (core/companion/control-server.ts). */
import { CONTROL_TOKEN_HEADER } from '../core/companion/control-server';
import type { LockInfo } from '../core/store/lock';
import { CliError } from './errors';

/**
 * POSTs `input` to `<control>/control/<method>` with the lock's token.
 * @returns the method's result. @throws CliError with the server's one-line error.
 */
export async function callControl(lock: LockInfo, method: string, input: unknown): Promise<unknown> {
  if (!lock.control || !lock.token) throw new CliError(`the data folder is held by process ${lock.pid} (${lock.command}), which accepts no commands`);
  let response: Response;
  try {
    response = await fetch(`${lock.control}/control/${method}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', [CONTROL_TOKEN_HEADER]: lock.token },
      body: input === undefined ? '' : JSON.stringify(input),
    });
  } catch (error) {
    throw new CliError(`cannot reach process ${lock.pid} at ${lock.control}: ${(error as Error).message}`);
  }
  const body = (await response.json().catch(() => ({}))) as { result?: unknown; error?: string };
  if (!response.ok) throw new CliError(body.error ?? `process ${lock.pid} answered ${response.status}`, response.status === 400 ? 2 : 1);
  return body.result;
}
