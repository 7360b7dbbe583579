/**
 * `apply`: migrate a live Marathon in a batch — plan from the live cluster (or a saved plan), then the batch engine
 * with its journal. Also exports the pieces `resume`, `rollback` and `demo` share: connecting, batch flags,
 * progress and signal handling.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import type { Argv, CommandModule } from 'yargs';

import type { BatchEvent, BatchItem, BatchOptions, BatchSummary } from '../../apply/engine.js';
import type { JournalWriter } from '../../apply/journal.js';
import type { MaintenanceWindow } from '../../apply/window.js';
import type { MigrationOptions } from '../../core/types.js';
import { ExitError, InputError, UsageError } from '../../errors.js';
import type { MarathonClient } from '../../marathon/client.js';
import type { MarathonGroup } from '../../marathon/schema.js';
import type { ClusterAccess } from '../../marathon/dcos-config.js';
import {
  type MarathonFlags,
  type MigrationFlags,
  migrationOptionsFromFlags,
  withMarathonOptions,
  withMigrationOptions,
} from '../options.js';
import { warn } from '../log.js';

/** Flags every batch command shares. */
export interface BatchFlags extends MarathonFlags {
  concurrency: number;
  'max-failures': number;
  'item-timeout': number;
  'poll-interval': number;
  window?: string;
  only: string[];
  skip: string[];
  'dry-run': boolean;
  force: boolean;
  verbose: boolean;
}

export interface ApplyFlags extends BatchFlags, MigrationFlags {
  journal?: string;
  plan?: string;
  'allow-drift': boolean;
  'rollback-on-failure': boolean;
}

/** Adds the batch flags (concurrency, failures, timeouts, window, selectors, dry run) and the cluster flags. */
export function withBatchOptions<T>(yargs: Argv<T>): Argv<T & BatchFlags> {
  return withMarathonOptions(yargs)
    .option('concurrency', { type: 'number', default: 4, describe: 'items changed at the same time' })
    .option('max-failures', { type: 'number', default: 1, describe: 'stop starting new items after this many failures' })
    .option('item-timeout', { type: 'number', default: 600, describe: 'seconds one item may take (deployment and health); then it is rolled back' })
    .option('poll-interval', { type: 'number', default: 1, describe: 'seconds between deployment polls' })
    .option('window', { type: 'string', describe: 'maintenance window START/END or START/DURATION (ISO 8601, with a zone)' })
    .option('only', { type: 'string', array: true, default: [], describe: 'only ids matching these globs (e.g. /bookstore/*)' })
    .option('skip', { type: 'string', array: true, default: [], describe: 'skip ids matching these globs' })
    .option('dry-run', { type: 'boolean', default: false, describe: 'read and check everything, change nothing' })
    .option('force', { type: 'boolean', default: false, describe: "override deployment locks (Marathon's force=true) - only if you know why" })
    .option('verbose', { type: 'boolean', default: false, describe: 'log every step of every item' })
    .group(['concurrency', 'max-failures', 'item-timeout', 'poll-interval', 'window', 'only', 'skip', 'dry-run', 'force', 'verbose'], 'Batch:') as Argv<
    T & BatchFlags
  >;
}

/** Checked batch settings from the flags. Throws UsageError. */
export async function batchSettings(flags: BatchFlags): Promise<{
  window?: MaintenanceWindow;
  filter: (id: string) => boolean;
  engine: Pick<BatchOptions, 'concurrency' | 'maxFailures' | 'itemTimeoutMs' | 'pollMs' | 'force' | 'dryRun'>;
}> {
  const { parseWindow } = await import('../../apply/window.js');
  const { idFilter } = await import('../../apply/select.js');
  for (const [name, value, min] of [
    ['concurrency', flags.concurrency, 1],
    ['max-failures', flags['max-failures'], 1],
    ['item-timeout', flags['item-timeout'], 0.001],
    ['poll-interval', flags['poll-interval'], 0.001],
  ] as const) {
    if (!Number.isFinite(value) || value < min) throw new UsageError(`--${name} must be a number >= ${min}, got ${value}`);
  }
  const window = flags.window ? parseWindow(flags.window) : undefined;
  if (window && window.end.getTime() <= Date.now()) throw new UsageError(`--window ended at ${window.end.toISOString()}`);
  return {
    ...(window ? { window } : {}),
    filter: idFilter(flags.only, flags.skip),
    engine: {
      concurrency: Math.floor(flags.concurrency),
      maxFailures: Math.floor(flags['max-failures']),
      itemTimeoutMs: flags['item-timeout'] * 1000,
      pollMs: flags['poll-interval'] * 1000,
      force: flags.force,
      dryRun: flags['dry-run'],
    },
  };
}

/** Finds the cluster, warns about disabled TLS verification, and creates the client (retries logged to stderr). */
export async function connect(flags: MarathonFlags, log: (message: string) => void): Promise<{ client: MarathonClient; access: ClusterAccess }> {
  const { requireClusterAccess } = await import('../../marathon/dcos-config.js');
  const { clientOptionsFromAccess, createMarathonClient } = await import('../../marathon/client.js');
  const access = requireClusterAccess({
    marathon: flags.marathon,
    insecure: flags.insecure,
    caCert: flags['ca-cert'],
    requestTimeout: flags['request-timeout'],
  });
  warnAboutTransport(access);
  const client = createMarathonClient({
    ...clientOptionsFromAccess(access),
    onRetry: (notice) => log(`retrying ${notice.method} ${notice.path} in ${Math.round(notice.delayMs)} ms (attempt ${notice.attempt}: ${notice.reason})`),
  });
  return { client, access };
}

/** The warnings every run repeats while TLS verification is off or the token travels in clear text (even --quiet). */
export function warnAboutTransport(access: ClusterAccess): void {
  if (!access.tls.verify) {
    warn('warning: TLS certificate verification is OFF (--insecure or core.ssl_verify=false): the cluster cannot be authenticated');
  }
  if (access.token && access.marathonUrl.startsWith('http://') && !/^http:\/\/(127\.0\.0\.1|localhost)[:/]/.test(access.marathonUrl)) {
    warn('warning: the DC/OS token is sent over plain http');
  }
}

/** Progress, signal handling and the summary around one engine run. */
export async function runWithProgress(
  items: readonly BatchItem[],
  options: Omit<BatchOptions, 'onEvent' | 'signal'>,
  display: { verbose: boolean; label: string },
): Promise<BatchSummary> {
  const { runBatch } = await import('../../apply/engine.js');
  const { createProgressReporter } = await import('../../apply/progress.js');
  const { getVerbosity } = await import('../log.js');
  const reporter = createProgressReporter(process.stderr, {
    total: items.length,
    tty: process.stderr.isTTY === true && getVerbosity() !== 'quiet',
    quiet: getVerbosity() === 'quiet',
    verbose: display.verbose || getVerbosity() === 'verbose',
    label: display.label,
  });
  const controller = new AbortController();
  // The first signal stops new items; the handler is removed at once, so a second signal ends the process the
  // default way (the journal is consistent at every point).
  const onSignal = (signal: NodeJS.Signals): void => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    reporter.log(`${signal}: finishing the items in flight, starting no new ones (again to quit now; the journal stays consistent)`);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    return await runBatch(items, { ...options, signal: controller.signal, onEvent: (event: BatchEvent) => reporter.onEvent(event) });
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    reporter.stop();
  }
}

/** Exit code 3 unless every item ended migrated, restored, unchanged or (dry run) would-migrate. */
export function exitForSummary(summary: BatchSummary): void {
  const ok = summary.results.every((result) => ['migrated', 'restored', 'unchanged', 'would-migrate'].includes(result.outcome));
  if (!ok) throw new ExitError(3);
}

/** The default journal path: a timestamped file in the working directory. */
export function defaultJournalPath(): string {
  return resolve(`dcos-calico-migrate-${new Date().toISOString().replace(/[:.]/g, '-')}.journal.jsonl`);
}

/** Items of a saved batch plan (the wizard's export: items with id, kind, before and after). */
export async function itemsFromPlanFile(path: string): Promise<PlanLikeItem[]> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new InputError({ file: path }, `cannot read the plan - ${(error as Error).message}`, { cause: error });
  }
  // The same strict parser as the definitions: a broken plan file is named with its line and column.
  const { parseJsonDocument } = await import('../../formats/marathon-json/parse.js');
  const parsed = parseJsonDocument(path, text);
  const items = (parsed as { items?: unknown }).items;
  if (!Array.isArray(items)) throw new InputError({ file: path, pointer: '/items' }, 'a plan file has an "items" array');
  return items.map((item: unknown, index) => {
    const candidate = item as Partial<PlanLikeItem>;
    if (typeof candidate.id !== 'string' || typeof candidate.kind !== 'string' || typeof candidate.before !== 'object' || typeof candidate.after !== 'object') {
      throw new InputError({ file: path, pointer: `/items/${index}` }, 'each item needs id, kind, before and after');
    }
    return candidate as PlanLikeItem;
  });
}

/** The part of a plan item the batch needs. */
export interface PlanLikeItem {
  id: string;
  kind: string;
  status?: string;
  source?: { origin?: string };
  before: unknown;
  after: unknown;
}

/** Plan items -> batch items: changed live apps and pods that pass the filter, with their Marathon dependencies. */
export function batchItemsFromPlan(items: readonly PlanLikeItem[], filter: (id: string) => boolean): BatchItem[] {
  const result: BatchItem[] = [];
  for (const item of items) {
    if (item.kind !== 'app' && item.kind !== 'pod') continue;
    if (item.status !== undefined && item.status !== 'changed') continue;
    if (item.source?.origin !== undefined && item.source.origin !== 'marathon') continue;
    if (!filter(item.id)) continue;
    const before = item.before as Record<string, unknown>;
    const dependencies = Array.isArray(before['dependencies']) ? before['dependencies'].filter((d): d is string => typeof d === 'string') : [];
    result.push({ id: item.id, kind: item.kind, before, after: item.after as Record<string, unknown>, dependencies });
  }
  return result;
}

/** Builds the migration for `--allow-drift`: re-migrates a live definition with the same options. */
export async function remigrator(options: MigrationOptions): Promise<NonNullable<BatchOptions['migrate']>> {
  const { migrateApp, migratePod } = await import('../../core/index.js');
  return (kind, definition) => (kind === 'app' ? migrateApp(definition, options).app : migratePod(definition, options).pod);
}

/** A live cluster read for scan, diff and simulate: the plan's live source and Marathon's default network name. */
export interface LiveRead {
  source: { origin: 'marathon'; kind: 'group'; definition: MarathonGroup; endpoint: string };
  defaultNetworkName?: string;
}

/**
 * The live cluster behind `scan`, `diff` and `simulate`, or undefined when they should read files: live when
 * `--marathon` is given, or when no paths are given and a cluster is configured (`DCOS_URL`, `DCOS_MARATHON_URL`, an
 * attached DC/OS cluster). Throws UsageError when both or neither are named.
 */
export async function liveSourceFor(flags: Partial<MarathonFlags>, paths: readonly string[], log: (message: string) => void): Promise<LiveRead | undefined> {
  const { resolveClusterAccess } = await import('../../marathon/dcos-config.js');
  if (flags.marathon && paths.length > 0) throw new UsageError('name files and folders, or a cluster with --marathon, not both');
  if (!flags.marathon) {
    if (paths.length > 0) return undefined;
    if (!resolveClusterAccess({})) {
      throw new UsageError('name files or folders, or a cluster: --marathon URL, DCOS_URL, or an attached DC/OS cluster (dcos cluster attach)');
    }
  }
  const { readLiveCluster } = await import('../../marathon/live.js');
  const { client } = await connect(
    { marathon: flags.marathon, insecure: flags.insecure ?? false, 'ca-cert': flags['ca-cert'], 'request-timeout': flags['request-timeout'] ?? 30 },
    log,
  );
  try {
    const live = await readLiveCluster(client);
    log(`read ${live.apps} app(s) and ${live.pods} pod(s) from ${client.baseUrl}`);
    return { source: live.source, ...(live.defaultNetworkName ? { defaultNetworkName: live.defaultNetworkName } : {}) };
  } finally {
    client.close();
  }
}

/** Follows Marathon's `default_network_name` unless `--default-network-name` was given on the command line. */
export function withLiveDefaultNetwork(options: MigrationOptions, live: { defaultNetworkName?: string }, log: (message: string) => void): MigrationOptions {
  if (!live.defaultNetworkName || live.defaultNetworkName === options.defaultNetworkName || process.argv.includes('--default-network-name')) return options;
  log(`Marathon's default network is ${live.defaultNetworkName}; unnamed container networks mean that network`);
  return { ...options, defaultNetworkName: live.defaultNetworkName };
}

/** Reads the live cluster and plans its migration; the default network name follows Marathon's unless given. */
export async function planLive(
  client: MarathonClient,
  flags: MigrationFlags,
  log: (message: string) => void,
): Promise<{ items: PlanLikeItem[]; options: MigrationOptions }> {
  const { readLiveCluster } = await import('../../marathon/live.js');
  const { buildPlan } = await import('../../plan/index.js');
  const live = await readLiveCluster(client);
  const options = withLiveDefaultNetwork(migrationOptionsFromFlags(flags), live, log);
  log(`read ${live.apps} app(s) and ${live.pods} pod(s) from ${client.baseUrl}`);
  const plan = buildPlan({ live: [live.source], options });
  return { items: plan.items as PlanLikeItem[], options };
}

/** Writes the journal's first line: the batch with every item (secret-like env values redacted). */
export async function startJournal(path: string, items: readonly BatchItem[], marathon: string, options: Record<string, unknown>): Promise<JournalWriter> {
  const { openJournal, batchRecord } = await import('../../apply/journal.js');
  const journal = openJournal(path, 'create');
  journal.append(batchRecord(items, marathon, options));
  return journal;
}

/** The `apply` implementation, callable without yargs. */
export async function runApply(flags: ApplyFlags): Promise<BatchSummary | undefined> {
  const { info: log } = await import('../log.js');
  const settings = await batchSettings(flags);
  const { client, access } = await connect(flags, log);
  try {
    const planned = flags.plan
      ? { items: await itemsFromPlanFile(flags.plan), options: migrationOptionsFromFlags(flags) }
      : await planLive(client, flags, log);
    const items = batchItemsFromPlan(planned.items, settings.filter);
    if (items.length === 0) {
      process.stdout.write('nothing to migrate: no app or pod on the old network matches\n');
      return undefined;
    }
    const dryRun = flags['dry-run'];
    let journal: JournalWriter | undefined;
    const { timestamp } = await import('../../apply/journal.js');
    if (!dryRun) {
      const path = resolve(flags.journal ?? defaultJournalPath());
      journal = await startJournal(path, items, access.marathonUrl, {
        concurrency: settings.engine.concurrency,
        maxFailures: settings.engine.maxFailures,
        itemTimeoutMs: settings.engine.itemTimeoutMs,
        window: flags.window ?? null,
        migration: planned.options,
      });
      journal.append({ type: 'session', at: timestamp(), command: 'apply', pid: process.pid });
      log(`journal: ${path} (resume with \`resume --journal ${path}\`, undo with \`rollback --journal ${path}\`)`);
    }
    log(`${dryRun ? 'checking' : 'migrating'} ${items.length} item(s) on ${access.marathonUrl}`);
    const summary = await runWithProgress(
      items,
      {
        client,
        ...(journal ? { journal } : {}),
        ...settings.engine,
        ...(settings.window ? { window: settings.window } : {}),
        allowDrift: flags['allow-drift'],
        migrate: await remigrator(planned.options),
      },
      { verbose: flags.verbose, label: dryRun ? 'checking' : 'migrating' },
    );
    journal?.append({ type: 'end', at: timestamp(), command: 'apply', counts: summary.counts });
    journal?.close();
    const { formatSummary } = await import('../../apply/summary.js');
    process.stdout.write(formatSummary(summary, { dryRun, ...(journal ? { journal: journal.path } : {}) }));
    if (summary.failed && flags['rollback-on-failure'] && journal) {
      log('an item failed and --rollback-on-failure is set: restoring every changed item');
      const { runRollback } = await import('./rollback.js');
      await runRollback({ ...flags, journal: journal.path, only: [], skip: [] });
    }
    exitForSummary(summary);
    return summary;
  } finally {
    client.close();
  }
}

export const applyCommand: CommandModule<object, ApplyFlags> = {
  command: 'apply',
  describe: 'migrate a live Marathon in a batch, with a journal to resume or roll back',
  builder: (yargs) =>
    withMigrationOptions(withBatchOptions(yargs))
      .option('journal', { type: 'string', describe: 'journal file to create (default: a timestamped file here)' })
      .option('plan', { type: 'string', describe: 'apply a batch plan saved by the wizard instead of planning now' })
      .option('allow-drift', { type: 'boolean', default: false, describe: 'migrate items changed since the plan (re-migrated) instead of skipping them' })
      .option('rollback-on-failure', { type: 'boolean', default: false, describe: 'when an item fails, restore every changed item at the end' })
      .example('$0 apply --marathon http://127.0.0.1:8080 --dry-run', 'check what would change')
      .example("$0 apply --window 2026-11-28T01:00:00Z/PT2H --concurrency 8 --only '/shop/*' --journal shop.jsonl", 'a maintenance window')
      .example('$0 resume --journal shop.jsonl', 'continue after a crash or a closed window'),
  handler: async (argv) => {
    await runApply(argv);
  },
};
