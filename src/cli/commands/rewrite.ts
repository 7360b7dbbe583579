import type { CommandModule } from 'yargs';

import { UsageError } from '../../errors.js';
import { migrationOptionsFromFlags, withFileInputOptions, withMigrationOptions } from '../options.js';
import type { FileInputFlags, MigrationFlags } from '../options.js';

interface RewriteFlags extends FileInputFlags, MigrationFlags {
  'in-place'?: boolean;
  out?: string;
  check?: boolean;
  'backup-dir'?: string;
}

/** `rewrite`: write the migrated files (in place with backups, or to another folder), or check. */
export const rewriteCommand: CommandModule<object, RewriteFlags> = {
  command: 'rewrite <paths..>',
  describe: 'rewrite files (--in-place, --out DIR, --check exits 1 when something would change)',
  builder: (yargs) =>
    withMigrationOptions(withFileInputOptions(yargs))
      .option('in-place', { type: 'boolean', describe: 'replace the files, keeping <file>.bak backups' })
      .option('out', { type: 'string', describe: 'write the migrated files under this folder (same relative paths)' })
      .option('check', { type: 'boolean', describe: 'write nothing; exit 1 when a file would change' })
      .option('backup-dir', { type: 'string', describe: 'put backups under this folder instead of <file>.bak' })
      .conflicts('in-place', ['out', 'check'])
      .conflicts('out', 'check')
      .group(['in-place', 'out', 'check', 'backup-dir'], 'Output:')
      .example('$0 rewrite --check apps/', 'CI: fail when a definition still uses dcos')
      .example('$0 rewrite --in-place apps/', 'migrate the files; originals kept as *.bak')
      .example('$0 rewrite --out migrated/ apps/', 'write migrated copies, leave apps/ alone') as never,
  handler: async (flags) => {
    const modes = [flags['in-place'] === true, flags.out !== undefined, flags.check === true].filter(Boolean).length;
    if (modes !== 1) throw new UsageError('rewrite needs exactly one of --in-place, --out DIR or --check');
    const [{ runRewrite }, { packageVersion }] = await Promise.all([import('../file-commands.js'), import('../../paths.js')]);
    const mode =
      flags.check === true
      ? ({ kind: 'check' } as const)
      : flags.out !== undefined
        ? ({ kind: 'out', dir: flags.out } as const)
        : ({ kind: 'in-place' } as const);
    await runRewrite(
      {
        selection: { paths: flags.paths, include: flags.include, exclude: flags.exclude },
        migration: migrationOptionsFromFlags(flags),
        mode,
        ...(flags['backup-dir'] !== undefined ? { backupDir: flags['backup-dir'] } : {}),
      },
      {
        cwd: process.cwd(),
        stdout: (text) => process.stdout.write(text),
        stderr: (text) => process.stderr.write(text),
        color: false,
        version: packageVersion(),
      },
    );
  },
};
