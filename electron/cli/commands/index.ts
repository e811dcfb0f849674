/** The CLI's commands, one module each; each default-exports `(program) => void` that adds itself. */
import type { Command } from 'commander';

export type RegisterCommand = (program: Command) => void;

export const COMMANDS: RegisterCommand[] = [];
