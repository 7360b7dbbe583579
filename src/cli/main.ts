#!/usr/bin/env node
/**
 * The bin entry: parses the command line with yargs and is the one error boundary. Nothing else in the project
 * calls process.exit or decides an exit code (0 done, 1 changes pending under --check, 2 usage or input error,
 * 3 apply failed).
 */
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';

import { ExitError, InputError, MarathonApiError, SelectorSyntaxError, UsageError } from '../errors.js';
import { packageVersion } from '../paths.js';
import { commands } from './commands/index.js';

/** Runs the CLI with the given arguments; resolves to the exit code instead of exiting (tests call this). */
export async function runCli(argv: readonly string[]): Promise<number> {
  try {
    const parser = yargs([...argv])
      .scriptName('dcos-calico-migrate')
      .usage('$0 <command> [options]\n\nMove DC/OS workloads from the dcos overlay network to Calico, safely.')
      .version(packageVersion())
      .strict()
      .demandCommand(1, 'Name a command, e.g. `dcos-calico-migrate diff fixtures/bookstore`.')
      .recommendCommands()
      .wrap(Math.min(120, process.stdout.columns || 100))
      .epilogue('Exit codes: 0 done or nothing to change, 1 changes pending (--check), 2 usage or input error, 3 apply failed.')
      .fail((message, error) => {
        throw error ?? new UsageError(message);
      });
    for (const command of commands) parser.command(command);
    await parser.parseAsync();
    return Number(process.exitCode ?? 0);
  } catch (error) {
    return reportError(error);
  }
}

function reportError(error: unknown): number {
  if (error instanceof ExitError) {
    if (error.message) console.error(error.message);
    return error.exitCode;
  }
  if (error instanceof UsageError || error instanceof InputError || error instanceof SelectorSyntaxError) {
    console.error(`error: ${error.message}`);
    if (error instanceof UsageError) console.error('Run with --help for usage.');
    return 2;
  }
  if (error instanceof MarathonApiError) {
    console.error(`error: ${error.message}`);
    return 3;
  }
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  console.error(`internal error: ${detail}`);
  console.error(
    `This is a bug in dcos-calico-migrate ${packageVersion()} (node ${process.version}); please report it with the command you ran.`,
  );
  return 70;
}

// Run only when executed as the bin, not when imported by tests.
if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('/dcos-calico-migrate')) {
  process.exit(await runCli(hideBin(process.argv)));
}
