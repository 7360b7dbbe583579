import type { CommandModule } from 'yargs';

import { migrationOptionsFromFlags, useColor, withFileInputOptions, withMigrationOptions } from '../options.js';
import type { FileInputFlags, MigrationFlags } from '../options.js';

interface DiffFlags extends FileInputFlags, MigrationFlags {
  format: 'text' | 'markdown' | 'json' | 'html';
  color?: boolean;
}

/** `diff`: the dry-run report of what the migration would change, and what it risks. */
export const diffCommand: CommandModule<object, DiffFlags> = {
  command: 'diff <paths..>',
  describe: 'the dry-run report: per item, the change and its warnings',
  builder: (yargs) =>
    withMigrationOptions(withFileInputOptions(yargs))
      .option('format', {
        choices: ['text', 'markdown', 'json', 'html'] as const,
        default: 'text' as const,
        describe: 'report format (json: templates/schemas/report-v1.json; html: one self-contained page)',
      })
      .option('color', { type: 'boolean', describe: 'colour text output (default: on a TTY unless NO_COLOR is set)' })
      .example('$0 diff fixtures/bookstore/apps', 'what moving the bookstore apps to calico changes')
      .example('$0 diff --format markdown apps/ > MIGRATION.md', 'a report for a pull request')
      .example('$0 diff --format html apps/ > report.html', 'a report to open in a browser or attach to a change ticket') as never,
  handler: async (flags) => {
    const [{ runDiff }, { packageVersion }] = await Promise.all([import('../file-commands.js'), import('../../paths.js')]);
    await runDiff(
      {
        selection: { paths: flags.paths, include: flags.include, exclude: flags.exclude },
        migration: migrationOptionsFromFlags(flags),
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
