/**
 * Effects for file rewrites: atomic writes (temp file in the same folder, fsync, rename) and a backup of every
 * file that is replaced. An existing backup is never overwritten.
 */
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { copyFile, link, lstat, mkdir, open, rename, rm, stat } from 'node:fs/promises';
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
 * Copies `path` to its backup, atomically: the backup appears complete or not at all, even if the process is killed
 * mid-copy (a truncated backup would pass for the original and block the next run). The copy goes to a temporary
 * file, is flushed to disk, then linked to the backup name, which fails instead of replacing an existing backup:
 * an older backup may be the only copy of the original.
 */
export async function backupFile(path: string, policy: BackupPolicy): Promise<string> {
  const target = backupPath(path, policy);
  await mkdir(dirname(target), { recursive: true });
  if (await exists(target)) throw alreadyBackedUp(target);
  const temp = tempPath(dirname(target), path);
  await copyFile(path, temp, constants.COPYFILE_EXCL);
  try {
    const handle = await open(temp, 'r+');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    await linkExclusive(temp, target);
  } finally {
    await rm(temp, { force: true });
  }
  return target;
}

/** `link` is the atomic "create if absent"; where a filesystem has no hard links, rename after the check above. */
async function linkExclusive(from: string, to: string): Promise<void> {
  try {
    await link(from, to);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw alreadyBackedUp(to, error);
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw error;
    if (await exists(to)) throw alreadyBackedUp(to);
    await rename(from, to);
  }
}

function alreadyBackedUp(target: string, cause?: unknown): Error {
  return new Error(`backup ${target} already exists; move it away or pass another --backup-dir`, cause ? { cause } : {});
}

/** A temporary name in `dir` that no command reads as input (hidden, `.tmp`). */
function tempPath(dir: string, forFile: string): string {
  return join(dir, `.${basename(forFile)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
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
  const temp = tempPath(dirname(path), path);
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
