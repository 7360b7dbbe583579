import type { Argv } from 'yargs';

import type { CarryPolicy, MigrationOptions } from '../core/types.js';
import { UsageError } from '../errors.js';

/** Flags shared by every command that migrates: the network names and the label carry policy. */
export interface MigrationFlags {
  from: string;
  to: string;
  'default-network-name': string;
  'carry-labels': string[];
  'exclude-labels': string[];
  'label-map': string[];
}

export function withMigrationOptions<T>(yargs: Argv<T>): Argv<T & MigrationFlags> {
  return yargs
    .option('from', { type: 'string', default: 'dcos', describe: 'network to migrate away from' })
    .option('to', { type: 'string', default: 'calico', describe: 'network to migrate to' })
    .option('default-network-name', {
      type: 'string',
      default: 'dcos',
      describe: "what an unnamed container network resolves to (Marathon's default_network_name)",
    })
    // Repeatable rather than `array: true`, which would swallow the paths that follow the flag.
    .option('carry-labels', {
      type: 'string',
      default: ['default'],
      coerce: toArray,
      describe: "app labels carried into network labels: 'default', 'all', 'none', or a key glob (repeatable)",
    })
    .option('exclude-labels', { type: 'string', default: [], coerce: toArray, describe: 'label key glob never carried (repeatable)' })
    .option('label-map', { type: 'string', default: [], coerce: toArray, describe: 'rename a carried label: old=new (repeatable)' })
    .group(['from', 'to', 'default-network-name', 'carry-labels', 'exclude-labels', 'label-map'], 'Migration:') as Argv<
    T & MigrationFlags
  >;
}

/** Turns the migration flags into library options; throws UsageError on malformed values. */
export function migrationOptionsFromFlags(flags: MigrationFlags): MigrationOptions {
  const include = flags['carry-labels'];
  let carryInclude: CarryPolicy['include'];
  if (include.length === 1 && (include[0] === 'all' || include[0] === 'none' || include[0] === 'default')) {
    carryInclude = include[0];
  } else if (include.some((glob) => glob === 'all' || glob === 'none' || glob === 'default')) {
    throw new UsageError(`--carry-labels takes 'all', 'none', 'default' or globs, not a mix: ${include.join(' ')}`);
  } else {
    carryInclude = include;
  }
  const rename: Record<string, string> = {};
  for (const pair of flags['label-map']) {
    const match = /^([^=]+)=([^=]+)$/.exec(pair);
    if (!match) throw new UsageError(`--label-map expects old=new, got ${JSON.stringify(pair)}. Example: --label-map app=service`);
    rename[match[1]!] = match[2]!;
  }
  return {
    from: flags.from,
    to: flags.to,
    defaultNetworkName: flags['default-network-name'],
    carry: { include: carryInclude, exclude: flags['exclude-labels'], rename },
  };
}

/** Flags that reach a live Marathon, following the DC/OS CLI's conventions. */
export interface MarathonFlags {
  marathon?: string;
  insecure: boolean;
  'ca-cert'?: string;
  'request-timeout': number;
}

export function withMarathonOptions<T>(yargs: Argv<T>): Argv<T & MarathonFlags> {
  return yargs
    .option('marathon', {
      type: 'string',
      describe: 'Marathon URL (default: DCOS_URL/service/marathon, then the attached cluster in ~/.dcos)',
    })
    .option('insecure', { type: 'boolean', default: false, describe: 'do not verify TLS certificates (warns every run)' })
    .option('ca-cert', { type: 'string', describe: 'CA bundle to verify the cluster certificate with' })
    .option('request-timeout', { type: 'number', default: 30, describe: 'seconds before one HTTP request gives up' })
    .group(['marathon', 'insecure', 'ca-cert', 'request-timeout'], 'Cluster:') as Argv<T & MarathonFlags>;
}

function toArray(value: unknown): string[] {
  return (Array.isArray(value) ? value : [value]).filter((entry): entry is string => typeof entry === 'string');
}

/** Flags that select input files: globs relative to each folder named. */
export interface FileInputFlags {
  paths: string[];
  include: string[];
  exclude: string[];
}

export function withFileInputOptions<T>(yargs: Argv<T>): Argv<T & FileInputFlags> {
  return yargs
    .positional('paths', { type: 'string', array: true, describe: 'files or folders (folders are walked recursively)' })
    // One value per flag (repeat the flag for more): a greedy array would swallow the paths that follow it.
    .option('include', {
      type: 'string',
      default: [],
      coerce: toArray,
      describe: 'only files matching this glob (repeatable; relative to the folder; a glob without / matches file names)',
    })
    .option('exclude', { type: 'string', default: [], coerce: toArray, describe: 'skip files matching this glob (repeatable)' })
    .group(['include', 'exclude'], 'Input:') as unknown as Argv<T & FileInputFlags>;
}

/** Whether to colour text output: `--color` / `--no-color` win, else a TTY without NO_COLOR. */
export function useColor(flag: boolean | undefined): boolean {
  if (flag !== undefined) return flag;
  const noColor = process.env['NO_COLOR'];
  return process.stdout.isTTY === true && (noColor === undefined || noColor === '');
}
