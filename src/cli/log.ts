/**
 * Where the commands' progress and notes go: stderr, filtered by the global `--quiet` / `--verbose` flags. Results
 * go to stdout and are never filtered; warnings print even under `--quiet`, because an operator must always see
 * them (TLS verification off, a token over plain http).
 */
export type Verbosity = 'quiet' | 'normal' | 'verbose';

let verbosity: Verbosity = 'normal';

/** Set once by main.ts from the global flags (`--quiet` wins over `--verbose`). */
export function setVerbosity(flags: { quiet?: boolean; verbose?: boolean }): void {
  verbosity = flags.quiet ? 'quiet' : flags.verbose ? 'verbose' : 'normal';
}

export function getVerbosity(): Verbosity {
  return verbosity;
}

/** A progress line or note; silent under `--quiet`. */
export function info(text: string): void {
  if (verbosity !== 'quiet') process.stderr.write(`${text}\n`);
}

/** Detail shown only with `--verbose`. */
export function detail(text: string): void {
  if (verbosity === 'verbose') process.stderr.write(`${text}\n`);
}

/** A warning: always printed. */
export function warn(text: string): void {
  process.stderr.write(`${text}\n`);
}
