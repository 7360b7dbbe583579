/**
 * Finds the input files of `scan`, `diff` and `rewrite`: named files as given, folders walked recursively (never
 * into node_modules or .git), filtered by `--include` / `--exclude` globs relative to the folder named.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';

import picomatch from 'picomatch';

import { InputError, UsageError } from '../errors.js';

/** One input file. */
export interface InputFile {
  /** The path as shown to the user (relative to the working folder when inside it). */
  path: string;
  absolute: string;
  /** The folder the user named (or the file's folder); `--out` mirrors paths relative to it. */
  root: string;
  /** True when the user named the file itself (reported even when no format claims it). */
  named: boolean;
}

export interface CollectOptions {
  cwd: string;
  paths: readonly string[];
  include: readonly string[];
  exclude: readonly string[];
  /** Absolute folders never entered (e.g. the `--out` or `--backup-dir` folder). */
  skipDirs?: readonly string[];
}

const SKIPPED_DIRS = new Set(['node_modules', '.git']);

function display(cwd: string, absolute: string): string {
  const rel = relative(cwd, absolute);
  return rel === '' || rel.startsWith('..') ? absolute : rel;
}

/**
 * The input files in a stable order (sorted per folder).
 * @throws UsageError when a named path does not exist or no path is given.
 */
export async function collectFiles(options: CollectOptions): Promise<InputFile[]> {
  if (options.paths.length === 0) throw new UsageError('name at least one file or folder, e.g. `diff apps/`');
  const include = options.include.length > 0 ? picomatch([...options.include], { dot: true, basename: true }) : () => true;
  const exclude = options.exclude.length > 0 ? picomatch([...options.exclude], { dot: true, basename: true }) : () => false;
  const skip = new Set((options.skipDirs ?? []).map((dir) => resolve(dir)));
  const files: InputFile[] = [];
  const seen = new Set<string>();
  for (const given of options.paths) {
    const absolute = resolve(options.cwd, given);
    let info;
    try {
      info = await stat(absolute);
    } catch {
      throw new UsageError(`${given}: no such file or folder`);
    }
    if (info.isFile()) {
      if (!seen.has(absolute)) files.push({ path: display(options.cwd, absolute), absolute, root: dirname(absolute), named: true });
      seen.add(absolute);
      continue;
    }
    const walk = async (dir: string): Promise<void> => {
      const entries = await readdir(dir, { withFileTypes: true });
      entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      for (const entry of entries) {
        const full = join(dir, entry.name);
        if (entry.isDirectory()) {
          if (SKIPPED_DIRS.has(entry.name) || skip.has(full)) continue;
          await walk(full);
        } else if (entry.isFile()) {
          const rel = relative(absolute, full).split('\\').join('/');
          if (!include(rel) || exclude(rel) || seen.has(full)) continue;
          seen.add(full);
          files.push({ path: display(options.cwd, full), absolute: full, root: absolute, named: false });
        }
      }
    };
    await walk(absolute);
  }
  return files;
}

// fatal: a byte that is not UTF-8 must stop the run; decoding it to U+FFFD would silently change the file when it
// is rewritten. ignoreBOM: keep a byte order mark in the text, as the formats expect it.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Reads a file as UTF-8. @throws InputError naming the file (and the line:column of the first byte that is not
 * UTF-8, when that is the problem).
 */
export async function readInput(file: InputFile): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file.absolute);
  } catch (error) {
    throw new InputError({ file: file.path }, `cannot read: ${(error as Error).message}`, { cause: error });
  }
  try {
    return utf8.decode(bytes);
  } catch (error) {
    const offset = firstInvalidUtf8(bytes);
    const lineStart = bytes.lastIndexOf(0x0a, offset - 1) + 1;
    let line = 1;
    for (let i = 0; i < lineStart; i++) if (bytes[i] === 0x0a) line++;
    throw new InputError(
      { file: file.path, line, column: offset - lineStart + 1 },
      `not UTF-8 text (byte 0x${(bytes[offset] ?? 0).toString(16).padStart(2, '0')} at offset ${offset}); convert the file to UTF-8 first`,
      { cause: error },
    );
  }
}

/** Offset of the first byte that does not belong to a well-formed UTF-8 sequence (bytes.length when none). */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const byte = bytes[i]!;
    const length = byte < 0x80 ? 1 : byte >= 0xc2 && byte <= 0xdf ? 2 : byte >= 0xe0 && byte <= 0xef ? 3 : byte >= 0xf0 && byte <= 0xf4 ? 4 : 0;
    if (length === 0) return i;
    const slice = bytes.subarray(i, i + length);
    if (slice.length < length) return i;
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(slice);
    } catch {
      return i;
    }
    i += length;
  }
  return bytes.length;
}
