import type { CommandModule } from 'yargs';

import { migrationOptionsFromFlags, useColor, withFileInputOptions, withMarathonOptions, withMigrationOptions } from '../options.js';
import type { FileInputFlags, MarathonFlags, MigrationFlags } from '../options.js';

interface DiffFlags extends FileInputFlags, MigrationFlags, MarathonFlags {
  format: 'text' | 'markdown' | 'json' | 'html';
  color?: boolean;
}

/** `diff`: the dry-run report of what the migration would change, and what it risks. */
export const diffCommand: CommandModule<object, DiffFlags> = {
  command: 'diff [paths..]',
  describe: 'the dry-run report: per item, the change and its warnings',
  builder: (yargs) =>
    withMarathonOptions(withMigrationOptions(withFileInputOptions(yargs)))
      .option('format', {
        choices: ['text', 'markdown', 'json', 'html'] as const,
        default: 'text' as const,
        describe: 'report format (json: templates/schemas/report-v1.json; html: one self-contained page)',
      })
      .option('color', { type: 'boolean', describe: 'colour text output (default: on a TTY unless NO_COLOR is set)' })
      .example('$0 diff fixtures/bookstore/apps', 'what moving the bookstore apps to calico changes')
      .example('$0 diff --marathon http://127.0.0.1:8080', 'the same for the apps and pods of a live Marathon')
      .example('$0 diff --format markdown apps/ > MIGRATION.md', 'a report for a pull request')
      .example('$0 diff --format html apps/ > report.html', 'a report to open in a browser or attach to a change ticket') as never,
  handler: async (flags) => {
    const [{ runDiff }, { packageVersion }, { liveSourceFor, withLiveDefaultNetwork }] = await Promise.all([
      import('../file-commands.js'),
      import('../../paths.js'),
      import('./apply.js'),
    ]);
    // A live cluster when --marathon is given, or when no paths are and a cluster is configured.
    const { info: log } = await import('../log.js');
    const paths = flags.paths ?? [];
    const live = await liveSourceFor(flags, paths, log);
    const migration = migrationOptionsFromFlags(flags);
    await runDiff(
      {
        selection: { paths, include: flags.include, exclude: flags.exclude },
        migration: live ? withLiveDefaultNetwork(migration, live, log) : migration,
        ...(live ? { live: live.source } : {}),
        format: flags.format,
      },
      {
        cwd: process.cwd(),
        stdout: (text) => process.stdout.write(text),
        stderr: (text) => process.stderr.write(text),
        color: useColor(flags.color),
        version: packageVersion(),
      },
    );
  },
};
