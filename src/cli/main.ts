#!/usr/bin/env node
/**
 * The bin entry: parses the command line with yargs and is the one error boundary. Nothing else in the project
 * calls process.exit or decides an exit code (0 done, 1 changes pending under --check, 2 usage or input error,
 * 3 apply failed).
 */
import { ExitError, InputError, MarathonApiError, SelectorSyntaxError, UsageError } from '../errors.js';
import { packageVersion } from '../paths.js';
import { commands } from './commands/index.js';
import { EPILOGUE, fastPathKind, GLOBAL_OPTIONS, renderTopLevelHelp, SCRIPT_NAME, USAGE } from './fast-help.js';
import { setVerbosity } from './log.js';

/** Runs the CLI with the given arguments; resolves to the exit code instead of exiting (tests call this). */
export async function runCli(argv: readonly string[]): Promise<number> {
  try {
    // Loaded on demand: importing yargs costs more than starting node (see fast-help.ts).
    const { default: yargs } = await import('yargs');
    const parser = yargs([...argv])
      .scriptName(SCRIPT_NAME)
      .usage(USAGE)
      .version(packageVersion())
      .strict()
      .demandCommand(1, 'Name a command, e.g. `dcos-calico-migrate diff fixtures/bookstore`.')
      .recommendCommands()
      .wrap(Math.min(120, process.stdout.columns || 100))
      .epilogue(EPILOGUE)
      .fail((message, error) => {
        throw error ?? new UsageError(message);
      });
    for (const option of GLOBAL_OPTIONS) parser.option(option.name, { type: 'boolean', global: true, describe: option.describe });
    parser.middleware((args) => setVerbosity({ quiet: args.quiet === true, verbose: args.verbose === true }));
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
  const argv = process.argv.slice(2);
  const fast = fastPathKind(argv);
  if (fast === 'help') process.stdout.write(renderTopLevelHelp(commands, Math.min(120, process.stdout.columns || 100)));
  else if (fast === 'version') process.stdout.write(`${packageVersion()}\n`);
  else {
    const exitCode = await runCli(argv);
    // Writes to a pipe may still be queued; exiting now would cut a large report short.
    await Promise.all([flush(process.stdout), flush(process.stderr)]);
    process.exit(exitCode);
  }
}

function flush(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => {
    if (stream.writableLength === 0) resolve();
    else stream.write('', () => resolve());
  });
}
