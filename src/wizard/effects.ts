/**
 * What the wizard does once the user confirms. `planEffects` turns the chosen action into a list of effects
 * (pure: nothing is touched), `describeEffects` says exactly what each will do, and only `performEffects` writes
 * files or talks to Marathon. Files are written atomically with backups; an apply is journaled.
 */
import { mkdir } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';

import { createColors } from 'picocolors';

import type { BatchItem, BatchSummary } from '../apply/engine.js';
import { redactDefinition } from '../apply/redact.js';
import { isInside, replaceFile, writeFileAtomic } from '../apply/write-files.js';
import { resolveMigrationOptions } from '../core/options.js';
import type { MigrationOptions } from '../core/types.js';
import type { MarathonClient } from '../marathon/client.js';
import { summarise } from '../plan/assemble.js';
import type { MigrationPlan, PlanItem } from '../plan/types.js';
import { renderHtmlReport } from '../report/html.js';
import { renderJson } from '../report/json.js';
import { renderMarkdown } from '../report/markdown.js';
import { formatAnswers } from './answers.js';
import type { AnswerValue } from './prompts.js';
import type { SimulationOutcome } from './simulation.js';
import type { LoadedSource } from './sources.js';

/** The action chosen at the end of the wizard. */
export type WizardAction =
  | { kind: 'write'; outDir?: string }
  | { kind: 'apply'; journal: string }
  | { kind: 'export'; dir: string; window?: string }
  | { kind: 'reports'; dir: string };

/** One thing the wizard will do after confirmation. */
export type Effect =
  | { kind: 'write-file'; path: string; text: string; backup: boolean }
  | { kind: 'save'; path: string; text: string; what: string }
  | { kind: 'apply'; items: BatchItem[]; journal: string; client: MarathonClient; marathonUrl: string; options: MigrationOptions }
  | { kind: 'note'; text: string }
  | { kind: 'save-answers'; path: string; answers: Record<string, AnswerValue> };

/** The plan restricted to the chosen items (and the files holding them), with its counts recomputed. */
export function restrictPlan(plan: MigrationPlan, selection: readonly PlanItem[]): MigrationPlan {
  const keys = new Set(selection.map((item) => item.key));
  const items = plan.items.filter((item) => keys.has(item.key));
  const files = plan.files.filter((file) => file.items.some((key) => keys.has(key))).map((file) => ({ ...file, items: file.items.filter((key) => keys.has(key)) }));
  return { ...plan, items, files, summary: summarise(items, files) };
}

/**
 * The batch plan file `apply --plan` reads: the chosen live items with their definitions when planned and after
 * migration. Secret-like env values are redacted; the batch engine takes them from the live definition.
 */
export function batchPlanText(plan: MigrationPlan, options: MigrationOptions): string {
  const items = plan.items.map((item) => {
    const kind = item.kind === 'pod' ? 'pod' : 'app';
    return {
      id: item.id,
      kind: item.kind,
      status: item.status,
      source: item.source,
      before: redactDefinition(kind, item.before as Record<string, unknown>),
      after: redactDefinition(kind, item.after as Record<string, unknown>),
    };
  });
  return `${JSON.stringify({ format: 'dcos-calico-migrate/batch-plan', version: 1, options, items }, null, 2)}\n`;
}

/** Quotes a word for a POSIX shell when it needs quoting. */
export function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`;
}

/** The exact `apply` command line that migrates the chosen items of a live cluster later, in a window. */
export function applyCommandLine(input: { marathonUrl: string; plan: string; ids: readonly string[]; journal: string; window?: string; options: MigrationOptions }): string {
  const resolved = resolveMigrationOptions(input.options);
  const words = ['dcos-calico-migrate', 'apply', '--marathon', input.marathonUrl, '--plan', input.plan];
  if (resolved.from !== 'dcos') words.push('--from', resolved.from);
  if (resolved.to !== 'calico') words.push('--to', resolved.to);
  if (resolved.defaultNetworkName !== 'dcos') words.push('--default-network-name', resolved.defaultNetworkName);
  const include = resolved.carry.include;
  if (include !== 'default') words.push('--carry-labels', ...(typeof include === 'string' ? [include] : include));
  if (resolved.carry.exclude.length > 0) words.push('--exclude-labels', ...resolved.carry.exclude);
  for (const [from, to] of Object.entries(resolved.carry.rename)) words.push('--label-map', `${from}=${to}`);
  for (const id of input.ids) words.push('--only', id);
  words.push('--journal', input.journal);
  if (input.window) words.push('--window', input.window);
  return words.map(shellWord).join(' ');
}

function reportEffects(dir: string, plan: MigrationPlan, simulation: SimulationOutcome | undefined, version: string, now: Date, command: string): Effect[] {
  return [
    {
      kind: 'save',
      path: join(dir, 'report.html'),
      what: 'the HTML report (open it in any browser; self-contained)',
      text: renderHtmlReport({ plan, generatedAt: now.toISOString(), command, ...(simulation ? { simulations: simulation.sections } : {}) }),
    },
    { kind: 'save', path: join(dir, 'report.md'), what: 'the Markdown report (for a change ticket or pull request)', text: renderMarkdown(plan) },
    { kind: 'save', path: join(dir, 'report.json'), what: 'the JSON report (templates/schemas/report-v1.json)', text: renderJson(plan, { command: 'diff', version }) },
  ];
}

/** Where a migrated file goes under `--out`-style folder: its path relative to the working folder, else its name. */
function outPath(outDir: string, path: string): string {
  const target = isAbsolute(path) ? join(outDir, basename(path)) : resolve(outDir, path);
  return isInside(outDir, target) ? target : join(outDir, basename(path));
}

/** Turns the action into effects. Pure: reads only its arguments. */
export function planEffects(input: {
  action: WizardAction;
  plan: MigrationPlan;
  selection: readonly PlanItem[];
  source: LoadedSource;
  options: MigrationOptions;
  simulation: SimulationOutcome | undefined;
  version: string;
  now: Date;
  /** The folder relative file paths of the plan are relative to. */
  cwd: string;
}): Effect[] {
  const { action, plan, selection, source, simulation, version, now } = input;
  const restricted = restrictPlan(plan, selection);
  const command = `dcos-calico-migrate wizard (${source.label})`;
  const keys = new Set(selection.map((item) => item.key));
  if (action.kind === 'write') {
    const effects: Effect[] = [];
    for (const file of plan.files) {
      if (file.status !== 'changed' || file.text === undefined) continue;
      const changedKeys = file.items.filter((key) => plan.items.find((item) => item.key === key)?.status === 'changed');
      if (!changedKeys.some((key) => keys.has(key))) continue;
      if (!changedKeys.every((key) => keys.has(key))) {
        // A file is rewritten whole: writing it would also move the items left out.
        effects.push({ kind: 'note', text: `skip ${file.path}: it also holds items you left out (edit it by hand, or choose all of its items)` });
        continue;
      }
      effects.push(
        action.outDir === undefined
          ? { kind: 'write-file', path: resolve(input.cwd, file.path), text: file.text, backup: true }
          : { kind: 'write-file', path: outPath(action.outDir, file.path), text: file.text, backup: false },
      );
    }
    return effects;
  }
  if (action.kind === 'reports') return reportEffects(action.dir, restricted, simulation, version, now, command);
  if (source.kind !== 'live') throw new Error(`${action.kind} needs a live source`);
  if (action.kind === 'apply') {
    const items: BatchItem[] = selection.map((item) => {
      const before = item.before as Record<string, unknown>;
      const dependencies = Array.isArray(before['dependencies']) ? (before['dependencies'] as unknown[]).filter((d): d is string => typeof d === 'string') : [];
      return { id: item.id, kind: item.kind === 'pod' ? 'pod' : 'app', before, after: item.after as Record<string, unknown>, dependencies };
    });
    return [{ kind: 'apply', items, journal: action.journal, client: source.client, marathonUrl: source.access.marathonUrl, options: input.options }];
  }
  const commandLine = applyCommandLine({
    marathonUrl: source.access.marathonUrl,
    plan: join(action.dir, 'plan.json'),
    ids: selection.map((item) => item.id),
    journal: join(action.dir, 'journal.jsonl'),
    ...(action.window ? { window: action.window } : {}),
    options: input.options,
  });
  return [
    ...reportEffects(action.dir, restricted, simulation, version, now, command),
    { kind: 'save', path: join(action.dir, 'plan.json'), what: 'the batch plan that `apply --plan` reads (secret-like env values redacted)', text: batchPlanText(restricted, input.options) },
    { kind: 'save', path: join(action.dir, 'apply-command.sh'), what: 'the exact apply command line', text: `#!/bin/sh\n# Run in the maintenance window. Resume with: dcos-calico-migrate resume --journal ${shellWord(join(action.dir, 'journal.jsonl'))}\n${commandLine}\n` },
    { kind: 'note', text: `in the window, run:\n    ${commandLine}` },
  ];
}

/** One line per effect: exactly what will be written or sent. */
export function describeEffects(effects: readonly Effect[]): string {
  if (effects.length === 0) return '  nothing to do\n';
  const lines = effects.map((effect) => {
    switch (effect.kind) {
      case 'write-file':
        return `  write ${effect.path}${effect.backup ? ` (the original is kept as ${effect.path}.bak)` : ''}`;
      case 'save':
        return `  save ${effect.path}: ${effect.what}`;
      case 'apply':
        return (
          `  update ${effect.items.length} item(s) on ${effect.marathonUrl}, one PUT each, waiting for every deployment: ` +
          `${effect.items.map((item) => item.id).join(', ')}\n  journal every original to ${effect.journal} first (rollback: dcos-calico-migrate rollback --journal ${shellWord(effect.journal)})`
        );
      case 'note':
        return `  ${effect.text}`;
      case 'save-answers':
        return `  save your answers to ${effect.path}`;
    }
  });
  return `${lines.join('\n')}\n`;
}

/** Options of performEffects. */
export interface PerformOptions {
  print(text: string): void;
  color: boolean;
  /**
   * Runs a batch against Marathon the way `apply` does (journal header, progress, summary); wired by the command.
   * Resolves with the summary; rejects only when the journal cannot be written.
   */
  applyBatch(effect: Extract<Effect, { kind: 'apply' }>): Promise<BatchSummary>;
}

/**
 * Performs the effects in order. File writes are atomic; in-place writes keep a backup and refuse to replace an
 * existing one. Resolves with `failed: true` when an apply ended with failed items (the summary says which);
 * rejects when a write fails (the files written before it stay written and are listed).
 */
export async function performEffects(effects: readonly Effect[], options: PerformOptions): Promise<{ failed: boolean }> {
  const c = createColors(options.color);
  let failed = false;
  for (const effect of effects) {
    switch (effect.kind) {
      case 'write-file': {
        await mkdir(dirname(effect.path), { recursive: true });
        if (effect.backup) {
          const outcome = await replaceFile(effect.path, effect.text, {});
          options.print(`${c.green('wrote')} ${effect.path}${outcome.backup ? c.dim(` (backup ${outcome.backup})`) : ''}\n`);
        } else {
          await writeFileAtomic(effect.path, effect.text);
          options.print(`${c.green('wrote')} ${effect.path}\n`);
        }
        break;
      }
      case 'save':
        await mkdir(dirname(effect.path), { recursive: true });
        await writeFileAtomic(effect.path, effect.text);
        options.print(`${c.green('saved')} ${effect.path}\n`);
        break;
      case 'save-answers':
        await mkdir(dirname(effect.path), { recursive: true });
        await writeFileAtomic(effect.path, formatAnswers(effect.answers));
        options.print(`${c.green('saved')} ${effect.path}\n`);
        break;
      case 'note':
        options.print(`${effect.text}\n`);
        break;
      case 'apply': {
        const summary = await options.applyBatch(effect);
        if (summary.failed) {
          failed = true;
          options.print(`${c.red('Some items did not migrate.')} Resume with: dcos-calico-migrate resume --journal ${shellWord(effect.journal)}\n`);
        }
        options.print(`Undo everything with: dcos-calico-migrate rollback --journal ${shellWord(effect.journal)}\n`);
        break;
      }
    }
  }
  return { failed };
}
