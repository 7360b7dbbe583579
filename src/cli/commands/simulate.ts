import type { CommandModule } from 'yargs';

import type { Protocol } from '../../calico/types.js';
import { UsageError } from '../../errors.js';
import { migrationOptionsFromFlags, withMarathonOptions, withMigrationOptions } from '../options.js';
import type { MarathonFlags, MigrationFlags } from '../options.js';

interface SimulateFlags extends MigrationFlags, MarathonFlags {
  resources: string[];
  apps: string[];
  migrate: boolean;
  query: string[];
  matrix: boolean;
  'matrix-from': string[];
  'matrix-to': string[];
  explain: boolean;
  endpoints: boolean;
  suggest?: string;
  expect?: string;
  format: 'text' | 'json' | 'markdown' | 'dot' | 'html';
  protocol: string;
  port?: number;
  agents: number;
}

/** `simulate`: what Calico will do to the workloads, before anything changes. */
export const simulateCommand: CommandModule<object, SimulateFlags> = {
  command: 'simulate',
  describe: 'load Calico resources and (migrated) apps: answer queries, print the matrix, check expectations',
  builder: (yargs) =>
    withMarathonOptions(withMigrationOptions(yargs))
      .option('resources', {
        alias: 'r',
        type: 'string',
        array: true,
        default: [],
        describe: "calicoctl YAML/JSON files or folders (policies, profiles, pools, network sets); DC/OS's default calico profile and pool are assumed when absent",
      })
      .option('apps', { alias: 'a', type: 'string', array: true, default: [], describe: 'Marathon JSON files or folders: apps, arrays, {"apps"}, group trees, pods' })
      .option('migrate', { type: 'boolean', default: false, describe: 'migrate the apps in memory first (--from/--to and the carry-policy options apply)' })
      .option('query', { alias: 'q', type: 'string', array: true, default: [], describe: 'a connection to check: "FROM -> TO:PORT/PROTOCOL" (repeatable)' })
      .option('matrix', { type: 'boolean', default: false, describe: 'all-pairs connectivity between apps for --protocol/--port (with --migrate: the connections the migration loses)' })
      .option('matrix-from', { type: 'string', array: true, default: [], describe: 'narrow the matrix rows to apps matching these globs (e.g. "/shop/**")' })
      .option('matrix-to', { type: 'string', array: true, default: [], describe: 'narrow the matrix columns to apps matching these globs' })
      .option('explain', { type: 'boolean', default: false, describe: 'say what decided both directions of every query' })
      .option('endpoints', { type: 'boolean', default: false, describe: 'list every endpoint with its address, agent and the labels Calico sees' })
      .option('suggest', {
        type: 'string',
        describe: 'suggest NetworkPolicies isolating each Marathon group (--suggest group) or each value of a label (--suggest label:tier), proven with the simulator',
      })
      .option('expect', { type: 'string', describe: 'YAML file of expected verdicts; exit 1 listing every mismatch' })
      .option('format', { choices: ['text', 'json', 'markdown', 'dot', 'html'] as const, default: 'text' as const, describe: 'output format (dot: the matrix as a Graphviz graph; html: one self-contained page)' })
      .option('protocol', { type: 'string', default: 'TCP', describe: 'protocol of --matrix and of queries that name none' })
      .option('port', { type: 'number', describe: 'destination port of --matrix and of queries that name none' })
      .option('agents', { type: 'number', default: 3, describe: 'agents IPAM spreads the instances over (addresses only)' })
      .group(['resources', 'apps', 'migrate'], 'Inputs:')
      .group(['query', 'matrix', 'matrix-from', 'matrix-to', 'explain', 'endpoints', 'suggest', 'expect', 'protocol', 'port', 'format'], 'Questions:')
      .example('$0 simulate --apps fixtures/bookstore/apps --migrate --resources fixtures/bookstore/calico/policy.yaml --query "fruitstore-frontend -> bookstore-server:80/TCP" --explain', 'why the fruit store cannot reach the book store after the move')
      .example('$0 simulate --apps apps/ --migrate --resources calico/ --matrix --port 80', 'who loses whom on port 80 when the apps move to calico')
      .example('$0 simulate --apps apps/ --migrate --resources calico/ --expect expect.yaml', 'fail (exit 1) when a verdict differs from the expected one')
      .example('$0 simulate --apps apps/ --migrate --resources calico/ --matrix --port 80 --format html > connectivity.html', 'the matrix and verdicts as a page for a change ticket') as never,
  handler: async (flags) => {
    const [{ runSimulate }, { parseProtocol }] = await Promise.all([import('../simulate/run.js'), import('../simulate/query.js')]);
    const protocol: Protocol | undefined = parseProtocol(flags.protocol);
    if (protocol === undefined) throw new UsageError(`--protocol ${JSON.stringify(flags.protocol)} is not TCP, UDP, ICMP, ICMPv6, SCTP, UDPLite or a number 1-255`);
    if (flags.port !== undefined && (!Number.isInteger(flags.port) || flags.port < 1 || flags.port > 65535)) {
      throw new UsageError(`--port must be a whole number between 1 and 65535, got ${flags.port}`);
    }
    if (!Number.isInteger(flags.agents) || flags.agents < 1) throw new UsageError(`--agents must be a positive whole number, got ${flags.agents}`);
    // The workloads of a live cluster when --marathon is given, or when no --apps are and a cluster is configured.
    const wantsAnswers = flags.query.length + (flags.matrix ? 1 : 0) + (flags.expect ? 1 : 0) > 0;
    const { info: log } = await import('../log.js');
    const liveSource = flags.marathon !== undefined || (flags.apps.length === 0 && wantsAnswers) ? await import('./apply.js') : undefined;
    const live = liveSource ? await liveSource.liveSourceFor(flags, flags.apps, log) : undefined;
    const migration = live && liveSource ? liveSource.withLiveDefaultNetwork(migrationOptionsFromFlags(flags), live, log) : migrationOptionsFromFlags(flags);
    let suggest: { by: 'marathon-group' } | { by: 'label'; key: string } | undefined;
    if (flags.suggest !== undefined) {
      if (flags.suggest === '' || flags.suggest === 'group') suggest = { by: 'marathon-group' };
      else if (flags.suggest.startsWith('label:') && flags.suggest.length > 'label:'.length) suggest = { by: 'label', key: flags.suggest.slice('label:'.length) };
      else throw new UsageError(`--suggest takes group or label:<key>, got ${JSON.stringify(flags.suggest)}. Example: --suggest label:biz_type`);
    }
    const context = { cwd: process.cwd(), stdout: (text: string) => void process.stdout.write(text), stderr: (text: string) => void process.stderr.write(text) };
    const args = {
        resources: flags.resources,
        apps: flags.apps,
        ...(flags.migrate ? { migrate: migration } : {}),
        queries: flags.query,
        matrix: flags.matrix,
        matrixFrom: flags['matrix-from'],
        matrixTo: flags['matrix-to'],
        explain: flags.explain,
        endpoints: flags.endpoints,
        ...(suggest ? { suggest } : {}),
        ...(flags.expect !== undefined ? { expect: flags.expect } : {}),
        format: flags.format,
        protocol,
        ...(flags.port !== undefined ? { port: flags.port } : {}),
        agents: flags.agents,
    };
    const run = live
      ? import('../simulate/run.js').then(({ simulateWorkloads }) =>
          simulateWorkloads(args, { groups: [live.source.definition] }, [`marathon ${live.source.endpoint}`], context),
        )
      : runSimulate(args, context);
    await run;
  },
};
