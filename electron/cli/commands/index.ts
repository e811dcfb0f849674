/** The CLI's commands, one module each; each default-exports `(program) => void` that adds itself. */
import type { Command } from 'commander';
import { register as check } from './check';
import { register as demo } from './demo';
import { register as emulate } from './emulate';
import { register as exportCommand } from './export';
import { register as fsck } from './fsck';
import { register as purge } from './purge';
import { register as replay } from './replay';
import { register as reverify } from './reverify';
import { register as send } from './send';
import { register as serve } from './serve';
import { register as sign } from './sign';
import { register as sync } from './sync';

export type RegisterCommand = (program: Command) => void;

export const COMMANDS: RegisterCommand[] = [serve, exportCommand, sign, send, purge, emulate, sync, demo, replay, reverify, fsck, check];
