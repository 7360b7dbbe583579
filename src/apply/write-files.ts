/**
 * Effects for file rewrites: atomic writes (temp file in the same folder, fsync, rename) and a backup of every
 * file that is replaced. An existing backup is never overwritten.
 */
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { copyFile, lstat, mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';

/** Where backups go: next to the file as `<file>.bak`, or mirrored under a folder. */
export interface BackupPolicy {
  /** Folder that receives backups under the file's path relative to `root`; absent = `<file>.bak`. */
  dir?: string;
  /** Base for the mirrored path inside `dir`. */
  root?: string;
}

export interface WriteOutcome {
  path: string;
  /** The backup written, when an existing file was replaced. */
  backup?: string;
}

/** True when `child` is `parent` or lies inside it (after resolving both). */
export function isInside(parent: string, child: string): boolean {
  const rel = relative(resolve(parent), resolve(child));
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

/** The backup path of `path` under `policy`. Throws when a mirrored path would leave the backup folder. */
export function backupPath(path: string, policy: BackupPolicy): string {
  if (!policy.dir) return `${path}.bak`;
  const rel = relative(resolve(policy.root ?? '.'), resolve(path));
  const target = resolve(policy.dir, rel.startsWith('..') || isAbsolute(rel) ? basename(path) : rel);
  if (!isInside(policy.dir, target)) throw new Error(`backup of ${path} would leave ${policy.dir}`);
  return target;
}

/**
 * Copies `path` to its backup. Throws (and copies nothing) when the backup already exists: an older backup may be
 * the only copy of the original.
 */
export async function backupFile(path: string, policy: BackupPolicy): Promise<string> {
  const target = backupPath(path, policy);
  await mkdir(dirname(target), { recursive: true });
  try {
    // COPYFILE_EXCL: fail instead of replacing an existing backup.
    await copyFile(path, target, constants.COPYFILE_EXCL);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new Error(`backup ${target} already exists; move it away or pass another --backup-dir`, { cause: error });
    }
    throw error;
  }
  return target;
}

/**
 * Writes `text` to `path` atomically: readers see the old file or the new one, never a partial one. Keeps the
 * replaced file's permission bits. Refuses to write through a symbolic link.
 */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
  let mode = 0o644;
  try {
    const info = await lstat(path);
    if (info.isSymbolicLink()) throw new Error(`${path} is a symbolic link; refusing to replace it`);
    mode = (await stat(path)).mode & 0o777;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await mkdir(dirname(path), { recursive: true });
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const handle = await open(temp, 'wx', mode);
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  try {
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/**
 * Replaces (or creates) `path` with `text`, backing up the existing file first.
 * @throws when the backup exists already or the write fails; the original file is then untouched.
 */
export async function replaceFile(path: string, text: string, policy: BackupPolicy): Promise<WriteOutcome> {
  const outcome: WriteOutcome = { path };
  if (await exists(path)) outcome.backup = await backupFile(path, policy);
  await writeFileAtomic(path, text);
  return outcome;
}
