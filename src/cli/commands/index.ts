import type { CommandModule } from 'yargs';

import { applyCommand } from './apply.js';
import { bundleCommand } from './bundle.js';
import { checkConfigCommand } from './check-config.js';
import { completionCommand } from './completion.js';
import { demoCommand } from './demo.js';
import { diffCommand } from './diff.js';
import { emulatorCommand } from './emulator.js';
import { resumeCommand } from './resume.js';
import { rewriteCommand } from './rewrite.js';
import { rollbackCommand } from './rollback.js';
import { scanCommand } from './scan.js';
import { simulateCommand } from './simulate.js';
import { wizardCommand } from './wizard.js';

/**
 * Every subcommand, in the order `--help` lists them. Command modules stay light: their handlers import the
 * implementation lazily so that `--help` starts fast.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each command has its own argument type
export const commands: CommandModule<any, any>[] = [scanCommand, diffCommand, rewriteCommand, applyCommand, resumeCommand, rollbackCommand, wizardCommand, simulateCommand, checkConfigCommand, bundleCommand, emulatorCommand, demoCommand, completionCommand];
