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

/** Reads a file as UTF-8. @throws InputError naming the file. */
export async function readInput(file: InputFile): Promise<string> {
  try {
    return await readFile(file.absolute, 'utf8');
  } catch (error) {
    throw new InputError({ file: file.path }, `cannot read: ${(error as Error).message}`, { cause: error });
  }
}
