import type { CommandModule } from 'yargs';

import { migrationOptionsFromFlags, useColor, withFileInputOptions, withMigrationOptions } from '../options.js';
import type { FileInputFlags, MigrationFlags } from '../options.js';

interface ScanFlags extends FileInputFlags, MigrationFlags {
  format: 'text' | 'json' | 'csv';
  all: boolean;
  color?: boolean;
}

/** `scan`: the inventory of everything on the old network, with risk tags. */
export const scanCommand: CommandModule<object, ScanFlags> = {
  command: 'scan <paths..>',
  describe: 'inventory of everything on the old network, with risk tags',
  builder: (yargs) =>
    withMigrationOptions(withFileInputOptions(yargs))
      .option('format', { choices: ['text', 'json', 'csv'] as const, default: 'text' as const, describe: 'output format' })
      .option('all', { type: 'boolean', default: false, describe: 'list every item, not only those on the old network' })
      .option('color', { type: 'boolean', describe: 'colour text output (default: on a TTY unless NO_COLOR is set)' })
      .example('$0 scan apps/', 'what in apps/ is on the dcos network, and its risks')
      .example('$0 scan --format csv . > inventory.csv', 'the same as a spreadsheet') as never,
  handler: async (flags) => {
    const [{ runScan }, { packageVersion }] = await Promise.all([import('../file-commands.js'), import('../../paths.js')]);
    await runScan(
      {
        selection: { paths: flags.paths, include: flags.include, exclude: flags.exclude },
        migration: migrationOptionsFromFlags(flags),
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
