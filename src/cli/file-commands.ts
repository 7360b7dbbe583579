/**
 * The implementations of `scan`, `diff` and `rewrite` over files and folders. The command modules import this
 * lazily; tests call it directly. Results go to `stdout`, progress and problems to `stderr`; non-zero outcomes
 * are thrown as ExitError for main.ts to turn into the exit code.
 */
import { resolve } from 'node:path';

import { resolveMigrationOptions } from '../core/options.js';
import type { MigrationOptions } from '../core/types.js';
import { ExitError, UsageError } from '../errors.js';
import { detectFormat } from '../formats/registry.js';
import { buildPlan } from '../plan/build.js';
import { describePackageView, packageSiblings, packageViews } from '../plan/package-view.js';
import type { FileSource, LiveSource, MigrationPlan } from '../plan/types.js';
import { collectFiles, readInput } from './collect-files.js';
import type { InputFile } from './collect-files.js';

export interface CommandContext {
  cwd: string;
  stdout(text: string): void;
  stderr(text: string): void;
  /** Colour text output (a TTY without NO_COLOR). */
  color: boolean;
  version: string;
}

export interface InputSelection {
  paths: readonly string[];
  include: readonly string[];
  exclude: readonly string[];
}

interface LoadedPlan {
  plan: MigrationPlan;
  inputs: Map<string, InputFile>;
  /** The texts read (path -> text), for the package view. */
  texts: Map<string, string>;
}

/** Reads the selected files and builds the plan. Files found by walking that no format claims are left out. */
async function loadPlan(
  selection: InputSelection,
  migration: MigrationOptions,
  context: CommandContext,
  skipDirs: string[] = [],
): Promise<LoadedPlan> {
  // Invalid network names or policies are usage errors: fail before reading anything.
  resolveMigrationOptions(migration);
  const found = await collectFiles({ cwd: context.cwd, ...selection, skipDirs });
  const files: FileSource[] = [];
  const inputs = new Map<string, InputFile>();
  for (const file of found) {
    const text = await readInput(file);
    if (!file.named && !detectFormat(file.path, text)) continue;
    files.push({ path: file.path, text });
    inputs.set(file.path, file);
  }
  // Templates are rendered through their package (config.json -> marathon.json.mustache -> svc.yml): hand each
  // file of a package or framework folder the others.
  const texts = new Map(files.map((file) => [file.path, file.text]));
  const siblings = packageSiblings(texts);
  const sources = files.map((file) => (siblings.has(file.path) ? { ...file, siblings: siblings.get(file.path)! } : file));
  return { plan: buildPlan({ files: sources, options: migration }), inputs, texts };
}

/** The package view of every package or framework folder among the inputs, as text (empty when there is none). */
function packageViewText(texts: ReadonlyMap<string, string>, migration: MigrationOptions): string {
  const views = packageViews(texts, migration);
  if (views.length === 0) return '';
  return `\nPackages and frameworks:\n${views.map((view) => describePackageView(view).join('\n')).join('\n\n')}\n`;
}

function failOnErrors(plan: MigrationPlan, context: CommandContext): void {
  const failed = plan.files.filter((file) => file.status === 'error');
  if (failed.length === 0) return;
  for (const file of failed) context.stderr(`error: ${file.reason ?? file.path}\n`);
  throw new ExitError(2, `${failed.length} file${failed.length === 1 ? '' : 's'} could not be migrated`);
}

export interface ScanArgs {
  selection: InputSelection;
  migration: MigrationOptions;
  format: 'text' | 'json' | 'csv';
  all: boolean;
  /** Plan this live cluster (`GET /v2/groups`) instead of the selected files. */
  live?: LiveSource;
}

/** The plan of the live cluster when one is given, else of the selected files. */
async function planOf(
  args: { selection: InputSelection; migration: MigrationOptions; live?: LiveSource },
  context: CommandContext,
): Promise<{ plan: MigrationPlan; texts: ReadonlyMap<string, string> }> {
  if (!args.live) return loadPlan(args.selection, args.migration, context);
  resolveMigrationOptions(args.migration);
  return { plan: buildPlan({ live: [args.live], options: args.migration }), texts: new Map() };
}

/** `scan`: the inventory of items on the old network, with risk tags. Exit 2 when a file could not be read. */
export async function runScan(args: ScanArgs, context: CommandContext): Promise<void> {
  const { plan, texts } = await planOf(args, context);
  if (args.format === 'json') {
    const { renderJson } = await import('../report/json.js');
    context.stdout(renderJson(plan, { command: 'scan', version: context.version, all: args.all }));
  } else if (args.format === 'csv') {
    const { renderCsv } = await import('../report/csv.js');
    context.stdout(renderCsv(plan, { all: args.all }));
  } else {
    const { renderTextScan } = await import('../report/text.js');
    context.stdout(renderTextScan(plan, { color: context.color, all: args.all }));
    context.stdout(packageViewText(texts, args.migration));
  }
  failOnErrors(plan, context);
}

export interface DiffArgs {
  selection: InputSelection;
  migration: MigrationOptions;
  format: 'text' | 'markdown' | 'json' | 'html';
  /** Plan this live cluster (`GET /v2/groups`) instead of the selected files. */
  live?: LiveSource;
}

/** `diff`: the dry-run report. Exit 2 when a file could not be read or migrated. */
export async function runDiff(args: DiffArgs, context: CommandContext): Promise<void> {
  const { plan, texts } = await planOf(args, context);
  if (args.format === 'json') {
    const { renderJson } = await import('../report/json.js');
    context.stdout(renderJson(plan, { command: 'diff', version: context.version }));
  } else if (args.format === 'markdown') {
    const { renderMarkdown } = await import('../report/markdown.js');
    context.stdout(renderMarkdown(plan));
  } else if (args.format === 'html') {
    const { renderHtmlReport } = await import('../report/html.js');
    context.stdout(renderHtmlReport({ plan, generatedAt: new Date().toISOString(), command: `dcos-calico-migrate diff ${args.live ? `--marathon ${args.live.endpoint ?? ''}` : args.selection.paths.join(' ')}` }));
  } else {
    const { renderTextDiff } = await import('../report/text.js');
    context.stdout(renderTextDiff(plan, { color: context.color }));
    context.stdout(packageViewText(texts, args.migration));
  }
  failOnErrors(plan, context);
}

export type RewriteMode = { kind: 'in-place' } | { kind: 'out'; dir: string } | { kind: 'check' };

export interface RewriteArgs {
  selection: InputSelection;
  migration: MigrationOptions;
  mode: RewriteMode;
  /** Mirror backups under this folder instead of `<file>.bak`. */
  backupDir?: string;
}

interface PlannedWrite {
  path: string;
  target: string;
  text: string;
}

/**
 * `rewrite`: writes the migrated files in place or under `--out`, or with `--check` only reports. Every file ends
 * as changed / unchanged / skipped / error, then a summary line. Nothing is written when any file has an error
 * (exit 2) or a backup would be overwritten (exit 2); a failed write exits 3; `--check` exits 1 when something
 * would change.
 */
export async function runRewrite(args: RewriteArgs, context: CommandContext): Promise<void> {
  const outDir = args.mode.kind === 'out' ? resolve(context.cwd, args.mode.dir) : undefined;
  const backupDir = args.backupDir ? resolve(context.cwd, args.backupDir) : undefined;
  const skipDirs = [outDir, backupDir].filter((dir): dir is string => dir !== undefined);
  const { plan, inputs, texts } = await loadPlan(args.selection, args.migration, context, skipDirs);
  const { summaryLine } = await import('../report/summary.js');
  const { backupPath, isInside, replaceFile } = await import('../apply/write-files.js');
  const { access } = await import('node:fs/promises');
  const exists = (path: string): Promise<boolean> =>
    access(path).then(
      () => true,
      () => false,
    );

  const writes: PlannedWrite[] = [];
  for (const file of plan.files) {
    const input = inputs.get(file.path);
    if (!input || (file.status !== 'changed' && file.status !== 'unchanged')) continue;
    if (args.mode.kind === 'in-place' && file.status === 'changed' && file.text !== undefined) {
      writes.push({ path: file.path, target: input.absolute, text: file.text });
    } else if (outDir !== undefined) {
      const target = resolve(outDir, input.absolute.slice(input.root.length).replace(/^[\\/]+/, ''));
      // Names come from the file system, but a crafted name or link must still never leave --out.
      if (!isInside(outDir, target)) throw new UsageError(`${file.path}: the output path ${target} would leave --out ${outDir}`);
      const text = file.text ?? (await readInput(input));
      writes.push({ path: file.path, target, text });
    }
  }

  const verb = args.mode.kind === 'check' ? 'would change' : 'changed';
  const errors = plan.files.filter((file) => file.status === 'error');
  // One error keeps every file from being written, so no line may then name a target as if it were.
  const targetOf = new Map(errors.length > 0 ? [] : writes.map((write) => [write.path, write]));
  const lines = plan.files.map((file) => {
    const status = file.status === 'changed' ? verb : file.status;
    const detail = file.reason ? `  (${file.reason})` : '';
    const write = targetOf.get(file.path);
    const where = write && outDir !== undefined ? `  -> ${write.target}` : '';
    return `${status.padEnd(12)} ${file.path}${where}${detail}`;
  });
  context.stdout(`${lines.join('\n')}${lines.length > 0 ? '\n' : ''}`);

  if (errors.length > 0) {
    context.stdout(`\n${summaryLine(plan)}\n`);
    for (const file of errors) context.stderr(`error: ${file.reason ?? file.path}\n`);
    throw new ExitError(2, `nothing written: ${errors.length} file${errors.length === 1 ? '' : 's'} could not be migrated`);
  }
  if (args.mode.kind === 'check') {
    context.stdout(`\n${summaryLine(plan)}\n`);
    // What the rewritten templates do not do by themselves: move existing package installs.
    context.stdout(packageViewText(texts, args.migration));
    if (plan.summary.files.changed > 0) throw new ExitError(1);
    return;
  }

  // Check every backup before writing anything: an existing backup may be the only copy of an original.
  const policy = backupDir ? { dir: backupDir, root: context.cwd } : {};
  const clashes: string[] = [];
  for (const write of writes) {
    if (!(await exists(write.target))) continue;
    const backup = backupPath(write.target, policy);
    if (await exists(backup)) clashes.push(backup);
  }
  if (clashes.length > 0) {
    for (const clash of clashes) context.stderr(`error: backup ${clash} already exists\n`);
    throw new ExitError(2, 'nothing written: move the old backups away or pass another --backup-dir');
  }

  let failed = 0;
  for (const write of writes) {
    try {
      const outcome = await replaceFile(write.target, write.text, policy);
      context.stderr(`wrote ${write.target}${outcome.backup ? ` (backup ${outcome.backup})` : ''}\n`);
    } catch (error) {
      failed++;
      context.stderr(`error: ${write.path}: could not write ${write.target}: ${(error as Error).message}\n`);
    }
  }
  context.stdout(`\n${summaryLine(plan)}\n`);
  context.stdout(packageViewText(texts, args.migration));
  if (failed > 0) throw new ExitError(3, `${failed} file${failed === 1 ? '' : 's'} could not be written`);
}
