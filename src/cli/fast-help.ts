/**
 * Top-level `--help` and `--version` without loading yargs. yargs costs more to import than node takes to start, so
 * the bin entry answers these two from the same command metadata (each command module's `command` and `describe`)
 * and the same texts yargs is configured with; everything else goes through yargs.
 */
import type { CommandModule } from 'yargs';

export const SCRIPT_NAME = 'dcos-calico-migrate';
export const USAGE = '$0 <command> [options]\n\nMove DC/OS workloads from the dcos overlay network to Calico, safely.';
export const EPILOGUE =
  'Exit codes: 0 done or nothing to change, 1 changes pending (--check), 2 usage or input error, 3 apply failed.';

/** Boolean options every command takes; main.ts registers them with yargs, the fast help lists them. */
export const GLOBAL_OPTIONS = [
  { name: 'quiet', describe: 'print results and warnings only, no progress' },
  { name: 'verbose', describe: 'print every step' },
] as const;

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines;
}

/** The arguments the fast path answers: exactly `--help`/`-h`, or exactly `--version`. */
export function fastPathKind(argv: readonly string[]): 'help' | 'version' | undefined {
  if (argv.length !== 1) return undefined;
  if (argv[0] === '--help' || argv[0] === '-h') return 'help';
  if (argv[0] === '--version') return 'version';
  return undefined;
}

/** The top-level help, laid out like yargs lays it out (usage, commands, options, epilogue). */
export function renderTopLevelHelp(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each command has its own argument type
  commands: readonly CommandModule<any, any>[],
  width: number,
): string {
  const out: string[] = [USAGE.replace('$0', SCRIPT_NAME), ''];
  const rows = commands
    .filter((command) => typeof command.describe === 'string')
    .map((command) => {
      const name = Array.isArray(command.command) ? String(command.command[0]) : String(command.command);
      return [`${SCRIPT_NAME} ${name}`, String(command.describe)] as const;
    });
  if (rows.length > 0) {
    out.push('Commands:');
    const left = Math.max(...rows.map(([name]) => name.length)) + 4;
    for (const [name, describe] of rows) {
      const lines = wrap(describe, Math.max(20, width - left));
      out.push(`  ${name.padEnd(left - 2)}${lines[0] ?? ''}`);
      for (const line of lines.slice(1)) out.push(`${' '.repeat(left)}${line}`);
    }
    out.push('');
  }
  out.push('Options:');
  const options = [
    ['--help', 'Show help'],
    ['--version', 'Show version number'],
    ...GLOBAL_OPTIONS.map((option) => [`--${option.name}`, option.describe] as const),
  ] as const;
  const flagWidth = Math.max(...options.map(([flag]) => flag.length));
  for (const [flag, describe] of options) {
    const start = `  ${flag.padEnd(flagWidth)}  ${describe}`;
    out.push(`${start}${'[boolean]'.padStart(Math.max(10, width - start.length))}`);
  }
  out.push('', ...wrap(EPILOGUE, width));
  return `${out.join('\n')}\n`;
}
