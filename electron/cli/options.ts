/**
 * Options and helpers shared by the CLI commands: the data folder option, number parsing with usage errors,
 * writing to stdout with backpressure.
 */
import { once } from 'node:events';
import { stat } from 'node:fs/promises';
import { Option, type Command } from 'commander';
import { resolveDataDir } from '../core/store/data-dir';
import { CliError, usageError } from './errors';

/** Adds `--data DIR` (default: `KNIT_SYNC_DATA` or the per-user folder). */
export function dataOption(command: Command): Command {
  return command.addOption(new Option('--data <dir>', 'data folder (default: $KNIT_SYNC_DATA or the per-user app data folder)'));
}

/** The data folder of `--data`, resolved; with `mustExist`, a missing folder is a one-line failure. */
export async function dataDirOf(data: string | undefined, mustExist = false): Promise<string> {
  const dir = resolveDataDir(data);
  if (
    mustExist &&
    !(await stat(dir).then(
      (s) => s.isDirectory(),
      () => false,
    ))
  )
    throw new CliError(`no data folder at ${dir}`);
  return dir;
}

/** Parses an integer option within [min, max]; a usage error otherwise. */
export function intOption(name: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n < min || n > max) throw usageError(`${name} must be a whole number from ${min} to ${max}, got "${value}"`);
  return n;
}

/** A sink to stdout that buffers small string writes, writes byte chunks as they are, and waits for `drain`. */
export function stdoutSink(): { write(chunk: string | Uint8Array): Promise<void> | void; end(): Promise<void> } {
  let buffer = '';
  const push = async (bytes?: Uint8Array): Promise<void> => {
    const text = buffer;
    buffer = '';
    if (text && !process.stdout.write(text)) await once(process.stdout, 'drain');
    if (bytes && !process.stdout.write(bytes)) await once(process.stdout, 'drain');
  };
  return {
    write(chunk) {
      if (typeof chunk !== 'string') return push(chunk);
      buffer += chunk;
      if (buffer.length >= 64 * 1024) return push();
    },
    async end() {
      if (buffer) await push();
    },
  };
}
