/**
 * The project's few error classes. Only `src/cli/main.ts` catches them and turns them into exit codes:
 * UsageError and InputError -> 2, ExitError -> its own code, MarathonApiError -> 3 (from apply) or 2,
 * anything else -> InternalError's "please report" path.
 */

/** Where in an input something went wrong: a file plus a line/column or a JSON pointer. */
export interface SourceLocation {
  file: string;
  /** 1-based line. */
  line?: number;
  /** 1-based column. */
  column?: number;
  /** RFC 6901 JSON pointer into the parsed document. */
  pointer?: string;
}

/** Formats a location the way compilers do: `file:line:column` or `file#/json/pointer`. */
export function formatLocation(location: SourceLocation): string {
  let text = location.file;
  if (location.line !== undefined) {
    text += `:${location.line}`;
    if (location.column !== undefined) text += `:${location.column}`;
  }
  if (location.pointer !== undefined) text += `#${location.pointer}`;
  return text;
}

/** The command line was wrong: unknown option values, conflicting flags, missing arguments. Exit 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** An input file or document is unusable. The message names the file and the place. Exit 2. */
export class InputError extends Error {
  override name = 'InputError';
  readonly location: SourceLocation;

  constructor(location: SourceLocation, message: string, options?: { cause?: unknown }) {
    super(`${formatLocation(location)}: ${message}`, options);
    this.location = location;
  }
}

/** A deliberate non-zero exit with a message already printed or about to be (e.g. `--check` found changes). */
export class ExitError extends Error {
  override name = 'ExitError';
  readonly exitCode: number;

  constructor(exitCode: number, message = '') {
    super(message);
    this.exitCode = exitCode;
  }
}

/** A Calico selector that does not parse; `index` is the 0-based character position. */
export class SelectorSyntaxError extends Error {
  override name = 'SelectorSyntaxError';
  readonly index: number;
  readonly selector: string;

  constructor(selector: string, index: number, message: string) {
    super(`${message} at character ${index} of selector ${JSON.stringify(selector)}`);
    this.index = index;
    this.selector = selector;
  }
}

/** An answer from Marathon that is not a success, with Marathon's own message and details. */
export class MarathonApiError extends Error {
  override name = 'MarathonApiError';
  readonly status: number | undefined;
  readonly method: string;
  readonly path: string;
  readonly details: unknown;

  constructor(
    init: { status: number | undefined; method: string; path: string; message: string; details?: unknown },
    options?: { cause?: unknown },
  ) {
    const statusText = init.status === undefined ? 'no answer' : `HTTP ${init.status}`;
    super(`${init.method} ${init.path}: ${statusText}: ${init.message}`, options);
    this.status = init.status;
    this.method = init.method;
    this.path = init.path;
    this.details = init.details;
  }
}
