/**
 * `resume --journal J`: continues a batch after a crash, an interruption or a closed window. Finished items are
 * never repeated; items cut off mid-flight are settled from Marathon's state (their deployment waited for, or their
 * rollback finished); the rest run as `apply` would run them.
 */
import type { CommandModule } from 'yargs';

import type { BatchSummary } from '../../apply/engine.js';
import type { MigrationOptions } from '../../core/types.js';
import { type BatchFlags, batchSettings, connect, exitForSummary, runWithProgress, withBatchOptions } from './apply.js';

export interface ResumeFlags extends BatchFlags {
  journal: string;
  'retry-failed': boolean;
  'allow-drift': boolean;
}

/** The `resume` implementation, callable without yargs. */
export async function runResume(flags: ResumeFlags): Promise<BatchSummary> {
  const { info: log } = await import('../log.js');
  const { readJournal, openJournal, timestamp } = await import('../../apply/journal.js');
  const { selectForResume } = await import('../../apply/resume.js');
  const state = readJournal(flags.journal);
  if (state.tornTail) log(`note: the journal's last line was cut off by a crash and is ignored`);
  const settings = await batchSettings(flags);
  const marathon = flags.marathon ?? (process.env['DCOS_URL'] || process.env['DCOS_MARATHON_URL'] ? undefined : state.header.marathon);
  const { client } = await connect({ ...flags, ...(marathon ? { marathon } : {}) }, log);
  try {
    const selection = selectForResume(state, { retryFailed: flags['retry-failed'], filter: settings.filter });
    log(`resuming ${state.path}: ${selection.items.length} item(s) to go, ${selection.earlier.length} settled earlier`);
    const journal = flags['dry-run'] ? undefined : openJournal(state.path, 'append');
    journal?.append({ type: 'session', at: timestamp(), command: 'resume', pid: process.pid });
    const migration = (state.header.options['migration'] ?? {}) as MigrationOptions;
    const { remigrator } = await import('./apply.js');
    const summary = await runWithProgress(
      selection.items,
      {
        client,
        ...(journal ? { journal } : {}),
        ...settings.engine,
        ...(settings.window ? { window: settings.window } : {}),
        allowDrift: flags['allow-drift'],
        migrate: await remigrator(migration),
        history: state.items,
        finishedBefore: selection.finishedBefore,
      },
      { verbose: flags.verbose, label: 'resuming' },
    );
    journal?.append({ type: 'end', at: timestamp(), command: 'resume', counts: summary.counts });
    journal?.close();
    const merged: BatchSummary = { ...summary, results: [...selection.earlier, ...summary.results] };
    merged.counts = {};
    for (const result of merged.results) merged.counts[result.outcome] = (merged.counts[result.outcome] ?? 0) + 1;
    const { formatSummary } = await import('../../apply/summary.js');
    process.stdout.write(formatSummary(merged, { journal: state.path, dryRun: flags['dry-run'] }));
    exitForSummary(merged);
    return merged;
  } finally {
    client.close();
  }
}

export const resumeCommand: CommandModule<object, ResumeFlags> = {
  command: 'resume',
  describe: 'continue a batch from its journal without repeating finished items',
  builder: (yargs) =>
    withBatchOptions(yargs)
      .option('journal', { type: 'string', demandOption: true, describe: 'the journal of the batch' })
      .option('retry-failed', { type: 'boolean', default: false, describe: 'also retry items that failed, drifted or were rolled back' })
      .option('allow-drift', { type: 'boolean', default: false, describe: 'migrate items changed since the plan (re-migrated)' })
      .example('$0 resume --journal shop.jsonl --window 2026-11-29T01:00:00Z/PT2H', 'continue in the next window'),
  handler: async (argv) => {
    await runResume(argv);
  },
};
