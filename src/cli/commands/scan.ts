import type { CommandModule } from 'yargs';

import { migrationOptionsFromFlags, useColor, withFileInputOptions, withMarathonOptions, withMigrationOptions } from '../options.js';
import type { FileInputFlags, MarathonFlags, MigrationFlags } from '../options.js';

interface ScanFlags extends FileInputFlags, MigrationFlags, MarathonFlags {
  format: 'text' | 'json' | 'csv';
  all: boolean;
  color?: boolean;
}

/** `scan`: the inventory of everything on the old network, with risk tags. */
export const scanCommand: CommandModule<object, ScanFlags> = {
  command: 'scan [paths..]',
  describe: 'inventory of everything on the old network, with risk tags',
  builder: (yargs) =>
    withMarathonOptions(withMigrationOptions(withFileInputOptions(yargs)))
      .option('format', { choices: ['text', 'json', 'csv'] as const, default: 'text' as const, describe: 'output format' })
      .option('all', { type: 'boolean', default: false, describe: 'list every item, not only those on the old network' })
      .option('color', { type: 'boolean', describe: 'colour text output (default: on a TTY unless NO_COLOR is set)' })
      .example('$0 scan apps/', 'what in apps/ is on the dcos network, and its risks')
      .example('$0 scan --format csv . > inventory.csv', 'the same as a spreadsheet')
      .example('$0 scan --marathon https://dcos.example.com/service/marathon', 'the inventory of a live cluster (or no paths with DCOS_URL or an attached cluster)') as never,
  handler: async (flags) => {
    const [{ runScan }, { packageVersion }, { liveSourceFor, withLiveDefaultNetwork }] = await Promise.all([
      import('../file-commands.js'),
      import('../../paths.js'),
      import('./apply.js'),
    ]);
    // A live cluster when --marathon is given, or when no paths are and a cluster is configured.
    const { info: log } = await import('../log.js');
    const paths = flags.paths ?? [];
    const live = await liveSourceFor(flags, paths, log);
    const migration = migrationOptionsFromFlags(flags);
    await runScan(
      {
        selection: { paths, include: flags.include, exclude: flags.exclude },
        migration: live ? withLiveDefaultNetwork(migration, live, log) : migration,
        ...(live ? { live: live.source } : {}),
        format: flags.format,
        all: flags.all,
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
