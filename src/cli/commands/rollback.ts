/**
 * `rollback --journal J`: restores every item the batch changed to the original definition saved in the journal.
 * A deployment of the batch that still runs is cancelled without force first (Marathon then rolls it back itself).
 */
import type { CommandModule } from 'yargs';

import type { BatchSummary } from '../../apply/engine.js';
import { type BatchFlags, batchSettings, connect, exitForSummary, runWithProgress, withBatchOptions } from './apply.js';

export interface RollbackFlags extends BatchFlags {
  journal: string;
}

/** The `rollback` implementation, callable without yargs. */
export async function runRollback(flags: RollbackFlags): Promise<BatchSummary> {
  const { info: log } = await import('../log.js');
  const { readJournal, openJournal, timestamp } = await import('../../apply/journal.js');
  const { selectForRollback } = await import('../../apply/resume.js');
  const state = readJournal(flags.journal);
  const settings = await batchSettings(flags);
  const marathon = flags.marathon ?? (process.env['DCOS_URL'] || process.env['DCOS_MARATHON_URL'] ? undefined : state.header.marathon);
  const { client } = await connect({ ...flags, ...(marathon ? { marathon } : {}) }, log);
  try {
    const items = selectForRollback(state, settings.filter);
    log(`rolling back ${state.path}: ${items.length} item(s) with a saved original`);
    const journal = flags['dry-run'] ? undefined : openJournal(state.path, 'append');
    journal?.append({ type: 'session', at: timestamp(), command: 'rollback', pid: process.pid });
    const summary = await runWithProgress(
      items,
      {
        client,
        ...(journal ? { journal } : {}),
        ...settings.engine,
        // Restoring is the way back: every item is attempted whatever fails, and no window applies.
        maxFailures: Number.MAX_SAFE_INTEGER,
        phase: 'restore',
        history: state.items,
      },
      { verbose: flags.verbose, label: 'restoring' },
    );
    journal?.append({ type: 'end', at: timestamp(), command: 'rollback', counts: summary.counts });
    journal?.close();
    const { formatSummary } = await import('../../apply/summary.js');
    process.stdout.write(formatSummary(summary, { journal: state.path, dryRun: flags['dry-run'] }));
    exitForSummary(summary);
    return summary;
  } finally {
    client.close();
  }
}

export const rollbackCommand: CommandModule<object, RollbackFlags> = {
  command: 'rollback',
  describe: 'restore every item a batch changed to its original definition, from the journal',
  builder: (yargs) =>
    withBatchOptions(yargs)
      .option('journal', { type: 'string', demandOption: true, describe: 'the journal of the batch' })
      .example('$0 rollback --journal shop.jsonl', 'undo a batch'),
  handler: async (argv) => {
    await runRollback(argv);
  },
};
