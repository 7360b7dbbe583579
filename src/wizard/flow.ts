/**
 * The interactive migration: source -> inventory -> selection -> label carry -> diff -> connectivity -> action ->
 * confirmation -> effects. Every question goes through `Prompts`; every screen through `print`.
 *
 * Pure plan, then effects: the questions only build a list of `Effect`s (files to write, a batch to apply, reports
 * to save). Nothing is written or sent to Marathon before the final confirmation; a "no" there, or Ctrl-C at any
 * question, ends the wizard with nothing changed. Reading is not changing: the wizard reads files and
 * `GET /v2/groups` to build the plan, and the demo source starts the bundled emulator in memory.
 */
import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';

import { createColors } from 'picocolors';

import { parseWindow } from '../apply/window.js';
import { resolveMigrationOptions } from '../core/options.js';
import type { CarryPolicy, MigrationOptions } from '../core/types.js';
import { UsageError } from '../errors.js';
import { buildPlan } from '../plan/build.js';
import type { MigrationPlan } from '../plan/types.js';
import { describeEffects, performEffects, planEffects } from './effects.js';
import type { Effect, PerformOptions, WizardAction } from './effects.js';
import type { Choice, Prompts } from './prompts.js';
import { candidates, diffScreen, inventoryScreen, itemGroup, labelsScreen } from './screens.js';
import { chooseSource } from './sources.js';
import type { LoadedSource, SourceServices } from './sources.js';
import { simulationStep } from './simulation.js';
import type { ExpectationChecker, SimulationOutcome } from './simulation.js';

/** What the wizard needs from the command line and the process. */
export interface WizardContext extends SourceServices {
  prompts: Prompts;
  /** Writes a screen to the user (stdout). */
  print(text: string): void;
  color: boolean;
  cwd: string;
  /** Migration options from the command line; the wizard starts from them. */
  migration: MigrationOptions;
  version: string;
  /** The clock, for default file names (tests pass a fixed one). */
  now(): Date;
  /** Checks a `simulate --expect` file (wired to the simulate command's checker). */
  checkExpectations: ExpectationChecker;
  /** Runs a confirmed batch against Marathon (see PerformOptions.applyBatch). */
  applyBatch: PerformOptions['applyBatch'];
}

/** How a wizard session ended. */
export interface WizardResult {
  outcome: 'done' | 'declined' | 'nothing-to-migrate' | 'failed';
  /** The effects that were performed (empty unless `done` or `failed`). */
  performed: Effect[];
  /** Exit code main.ts should use: 0, or 3 when an apply failed. */
  exitCode: number;
}

function carryFromOptions(options: MigrationOptions): CarryPolicy {
  return resolveMigrationOptions(options).carry;
}

/** Asks for the label carry policy; returns the migration options with it. */
async function chooseCarry(context: WizardContext, options: MigrationOptions, attempt: number): Promise<MigrationOptions> {
  const suffix = attempt === 1 ? '' : `-${attempt}`;
  const current = carryFromOptions(options);
  const choices: Choice[] = [
    { value: 'default', name: 'default: every app label except DCOS_*, HAPROXY_*, MARATHON_*, traefik.* (recommended)' },
    { value: 'all', name: 'all: every app label Calico accepts' },
    { value: 'none', name: 'none: keep only the labels already on the network' },
    { value: 'globs', name: 'only labels matching key globs I type' },
  ];
  const carry = await context.prompts.askSelect({
    name: `carry${suffix}`,
    message: 'Which app labels should become network labels (the labels Calico policies select on)?',
    choices,
    default: typeof current.include === 'string' ? current.include : 'globs',
  });
  let include: CarryPolicy['include'] = carry as 'default' | 'all' | 'none';
  if (carry === 'globs') {
    const text = await context.prompts.askInput({
      name: `carry-globs${suffix}`,
      message: 'Label key globs to carry, separated by spaces (e.g. app tier team.*):',
      validate: (value) => (value.trim() === '' ? 'name at least one glob' : true),
    });
    include = text.trim().split(/\s+/);
  }
  let exclude = [...current.exclude];
  if (carry !== 'none') {
    const text = await context.prompts.askInput({
      name: `exclude-globs${suffix}`,
      message: 'Label key globs never to carry (empty for none):',
      default: exclude.join(' '),
    });
    exclude = text.trim() === '' ? [] : text.trim().split(/\s+/);
  }
  return { ...options, carry: { include, exclude, rename: current.rename } };
}

/** Which actions fit the source: files are written; live items are applied or exported; reports always. */
function actionChoices(source: LoadedSource): Choice[] {
  if (source.kind === 'files') {
    return [
      { value: 'write', name: 'write the migrated files (in place with .bak backups, or to a folder)' },
      { value: 'reports', name: 'only save reports (HTML, Markdown, JSON)' },
    ];
  }
  return [
    { value: 'apply', name: `apply now to ${source.label} (journaled, resumable, rolled back on failure)` },
    { value: 'export', name: 'export a maintenance-window batch (a plan file and the exact apply command line)' },
    { value: 'reports', name: 'only save reports (HTML, Markdown, JSON)' },
  ];
}

function defaultStamp(now: Date): string {
  return now.toISOString().replace(/[:.]/g, '-').replace(/-\d{3}Z$/, 'Z');
}

function validatePath(cwd: string, mustExist: boolean): (value: string) => true | string {
  return (value) => {
    if (value.trim() === '') return 'a path, please';
    const full = isAbsolute(value) ? value : resolve(cwd, value);
    if (mustExist && !existsSync(full)) return `${value} does not exist`;
    return true;
  };
}

/** Asks what to do with the selection; returns the action with its parameters. */
async function chooseAction(context: WizardContext, source: LoadedSource): Promise<WizardAction> {
  const { prompts } = context;
  const action = await prompts.askSelect({ name: 'action', message: 'What now?', choices: actionChoices(source) });
  const stamp = defaultStamp(context.now());
  if (action === 'write') {
    const where = await prompts.askSelect({
      name: 'write-mode',
      message: 'Where should the migrated files go?',
      choices: [
        { value: 'in-place', name: 'replace the files in place (each original kept as <file>.bak)' },
        { value: 'out', name: 'write them under another folder (the originals stay untouched)' },
      ],
    });
    if (where === 'out') {
      const dir = await prompts.askInput({ name: 'out-dir', message: 'Folder for the migrated files:', default: 'migrated', validate: validatePath(context.cwd, false) });
      return { kind: 'write', outDir: resolve(context.cwd, dir) };
    }
    return { kind: 'write' };
  }
  if (action === 'apply') {
    const journal = await prompts.askInput({
      name: 'journal',
      message: 'Journal file (originals and outcomes; `resume` and `rollback` read it):',
      default: `dcos-calico-migrate-${stamp}.journal.jsonl`,
      validate: (value) => (existsSync(resolve(context.cwd, value)) ? `${value} exists; a new batch never overwrites a journal` : validatePath(context.cwd, false)(value)),
    });
    return { kind: 'apply', journal: resolve(context.cwd, journal) };
  }
  if (action === 'export') {
    const dir = await prompts.askInput({ name: 'batch-dir', message: 'Folder for the batch (plan, reports, command line):', default: `migration-batch-${stamp}`, validate: validatePath(context.cwd, false) });
    const window = await prompts.askInput({
      name: 'window',
      message: 'Maintenance window START/END in ISO 8601 with a zone (empty: start when run):',
      default: '',
      validate: (value) => {
        if (value.trim() === '') return true;
        try {
          parseWindow(value.trim());
          return true;
        } catch (error) {
          return (error as Error).message;
        }
      },
    });
    return { kind: 'export', dir: resolve(context.cwd, dir), ...(window.trim() ? { window: window.trim() } : {}) };
  }
  const dir = await prompts.askInput({ name: 'report-dir', message: 'Folder for the reports:', default: `migration-report-${stamp}`, validate: validatePath(context.cwd, false) });
  return { kind: 'reports', dir: resolve(context.cwd, dir) };
}

/**
 * Runs the wizard. Resolves with how it ended; rejects with WizardAbortedError after Ctrl-C (nothing written or
 * sent), with UsageError / InputError for unusable input (bad paths, an unreachable or refusing Marathon), and
 * with the error of an effect that could not be performed after confirmation.
 */
export async function runWizard(context: WizardContext): Promise<WizardResult> {
  const { prompts, print } = context;
  const c = createColors(context.color);
  print(`${c.bold('dcos-calico-migrate wizard')} ${c.dim(context.version)}\n`);
  print(c.dim('Nothing is written or sent to Marathon until you confirm at the end; Ctrl-C leaves everything as it was.\n\n'));

  const source = await chooseSource(context);
  try {
    let options = context.migration;
    resolveMigrationOptions(options);
    if (source.kind === 'live' && source.defaultNetworkName && source.defaultNetworkName !== resolveMigrationOptions(options).defaultNetworkName) {
      // Unnamed container networks mean what this Marathon says they mean.
      print(`Marathon's default network is ${source.defaultNetworkName}: unnamed container networks are on it.\n`);
      options = { ...options, defaultNetworkName: source.defaultNetworkName };
    }
    let plan = await planFor(source, options);
    print(`\n${inventoryScreen(plan, context.color)}\n`);
    const movable = candidates(plan);
    if (movable.length === 0) {
      print(`Nothing to migrate: no item in ${source.label} uses the ${resolveMigrationOptions(options).from} network.\n`);
      return { outcome: 'nothing-to-migrate', performed: [], exitCode: 0 };
    }

    const chosen = await prompts.askCheckbox({
      name: 'items',
      message: `Which items should move to ${resolveMigrationOptions(options).to}?`,
      required: true,
      choices: movable.map((item) => ({
        value: item.key,
        name: `${item.id}${item.risks.filter((r) => r !== 'restart').length ? `  [${item.risks.filter((r) => r !== 'restart').join(', ')}]` : ''}`,
        group: itemGroup(item),
        checked: true,
        description: `${item.kind} · ${item.networks.join(' ') || 'no network'} · ${item.source.origin === 'file' ? item.source.path : 'marathon'}`,
      })),
    });
    const chosenKeys = new Set(chosen);

    // Labels: choose a carry policy, look at what Calico will see, and choose again until it looks right.
    for (let attempt = 1; ; attempt++) {
      options = await chooseCarry(context, options, attempt);
      plan = await planFor(source, options);
      const items = plan.items.filter((item) => chosenKeys.has(item.key) && item.status === 'changed');
      print(`\n${labelsScreen(items, carryFromOptions(options), resolveMigrationOptions(options).to, context.color)}\n`);
      const ok = await prompts.askConfirm({ name: attempt === 1 ? 'labels-ok' : `labels-ok-${attempt}`, message: 'Use these labels?', default: true });
      if (ok) break;
      if (attempt >= 5) throw new UsageError('no label carry policy chosen after 5 tries; run the wizard again with --carry-labels');
    }
    const selection = plan.items.filter((item) => chosenKeys.has(item.key) && item.status === 'changed');

    print(`\n${diffScreen(selection, context.color)}\n`);
    const proceed = await prompts.askConfirm({ name: 'diff-ok', message: `Go on with these ${selection.length} item(s)?`, default: true });
    if (!proceed) {
      print('Stopped before choosing an action. Nothing was written or sent.\n');
      return { outcome: 'declined', performed: [], exitCode: 0 };
    }

    const simulation: SimulationOutcome | undefined = await simulationStep(context, plan, selection, source, options);
    if (simulation?.stop) {
      print(`Stopped: ${simulation.stop}. Nothing was written or sent.\n`);
      return { outcome: 'declined', performed: [], exitCode: 0 };
    }

    const action = await chooseAction(context, source);
    const effects = planEffects({ action, plan, selection, source, options, simulation, version: context.version, now: context.now(), cwd: context.cwd });
    print(`\n${c.bold('About to')}\n${describeEffects(effects)}\n`);
    const confirmed = await prompts.askConfirm({ name: 'confirm', message: 'Do it?', default: false });
    if (!confirmed) {
      print('Nothing was written or sent.\n');
      return { outcome: 'declined', performed: [], exitCode: 0 };
    }
    const outcome = await performEffects(effects, { print, color: context.color, applyBatch: context.applyBatch });
    if (prompts.interactive) await offerToSaveAnswers(context);
    return { outcome: outcome.failed ? 'failed' : 'done', performed: effects, exitCode: outcome.failed ? 3 : 0 };
  } finally {
    await source.close();
  }
}

async function planFor(source: LoadedSource, options: MigrationOptions): Promise<MigrationPlan> {
  if (source.kind === 'files') return buildPlan({ files: source.files, options });
  return buildPlan({ live: [{ origin: 'marathon', kind: 'group', definition: source.groups, endpoint: source.label }], options });
}

async function offerToSaveAnswers(context: WizardContext): Promise<void> {
  const { prompts } = context;
  // The save question itself is not part of what a replay needs.
  const answers = prompts.answers();
  const save = await prompts.askConfirm({ name: 'save-answers', message: 'Save your answers, to replay this session with `wizard --answers FILE`?', default: false });
  if (!save) return;
  const path = await prompts.askInput({ name: 'answers-file', message: 'Answers file:', default: 'wizard-answers.yaml', validate: validatePath(context.cwd, false) });
  await performEffects([{ kind: 'save-answers', path: resolve(context.cwd, path), answers }], { print: context.print, color: context.color, applyBatch: context.applyBatch });
}
