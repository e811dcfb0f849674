/** `emulate --help` and `demo --help` state the retry policy each command's deliveries really follow. */
import { describe, expect, it } from 'vitest';
import type { Command } from 'commander';
import { buildProgram } from '../../../electron/cli/main';
import { EMULATE_RETRY } from '../../../electron/cli/commands/emulate';
import { DEFAULT_DELIVERY_RETRY, type DeliveryRetryPolicy } from '../../../electron/core/emulator/delivery';

function helpOf(name: string): string {
  const command = buildProgram().commands.find((c: Command) => c.name() === name)!;
  let text = '';
  command.configureOutput({ writeOut: (s) => (text += s), writeErr: (s) => (text += s) });
  command.outputHelp();
  return text;
}

const said = (p: DeliveryRetryPolicy): string =>
  `up to ${p.attempts} times (backoff from ${p.baseDelayMs} ms, doubling, at most ${p.maxDelayMs / 1000} s apart)`;

describe('retry policy in --help', () => {
  it('emulate says its own policy, demo says the emulator default it uses', () => {
    expect(helpOf('emulate')).toContain(said(EMULATE_RETRY));
    expect(helpOf('demo')).toContain(said(DEFAULT_DELIVERY_RETRY));
  });
});
