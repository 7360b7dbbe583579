import type { CommandModule } from 'yargs';

import type { SimulationSection } from '../../report/html.js';

import type { MarathonFlags } from '../options.js';
import { withMarathonOptions } from '../options.js';

export interface BundleFlags extends MarathonFlags {
  journal: string;
  out?: string;
  offline: boolean;
  include: string[];
  resources: string[];
  port: string;
}

/**
 * `bundle`: packs what a colleague or vendor needs to debug a batch into one `.tar.gz`, without secrets.
 */
export const bundleCommand: CommandModule<object, BundleFlags> = {
  command: 'bundle',
  describe: 'pack a batch journal, its plan, reports and every item\'s original and current definition into one .tar.gz (no secrets)',
  builder: (yargs) =>
    withMarathonOptions(yargs)
      .option('journal', { type: 'string', demandOption: true, describe: 'the journal of the batch (apply, resume, rollback or the wizard wrote it)' })
      .option('out', { type: 'string', describe: 'the archive to write (default: dcos-calico-migrate-bundle-<time>.tar.gz)' })
      .option('offline', { type: 'boolean', default: false, describe: 'do not read the current definitions from Marathon' })
      .option('include', { type: 'string', array: true, default: [], describe: 'more files to add (a plan, reports, an expectations file); scrubbed too' })
      .option('resources', { type: 'string', array: true, default: [], describe: "Calico resource files: add the simulator's verdicts for the batch (lost and gained connections)" })
      .option('port', { type: 'string', default: '80/TCP', describe: 'the connection the simulator checks, PORT/PROTOCOL' })
      .example('$0 bundle --journal batch.journal.jsonl', 'bundle a batch, reading current definitions from the journal\'s Marathon')
      .example('$0 bundle --journal batch.journal.jsonl --offline --out /tmp/ticket-4711.tar.gz', 'without cluster access')
      .example('$0 bundle --journal batch.journal.jsonl --resources policies/*.yaml', "with the simulator's verdicts under the cluster's policies") as never,
  handler: async (flags) => {
    await runBundleCommand(flags);
  },
};

/** Options of runBundleCommand beyond the flags (tests). */
export interface BundleRunOptions {
  env?: NodeJS.ProcessEnv;
  stdout?: (text: string) => void;
  stderr?: (text: string) => void;
  now?: () => Date;
}

/**
 * The bundle command without yargs. Throws InputError for an unreadable journal or extra file, UsageError for bad
 * flags; a Marathon that cannot be read is not an error (the bundle notes why current definitions are missing).
 */
export async function runBundleCommand(flags: BundleFlags, run: BundleRunOptions = {}): Promise<string> {
  const [{ readFileSync }, { resolve }, { readJournal }, bundle, { buildPlan }, { renderHtmlReport }, { renderMarkdown }, { renderJson }, { packageVersion }, { InputError }] =
    await Promise.all([
      import('node:fs'),
      import('node:path'),
      import('../../apply/journal.js'),
      import('../../apply/bundle.js'),
      import('../../plan/build.js'),
      import('../../report/html.js'),
      import('../../report/markdown.js'),
      import('../../report/json.js'),
      import('../../paths.js'),
      import('../../errors.js'),
    ]);
  const env = run.env ?? process.env;
  const stdout = run.stdout ?? ((text: string) => void process.stdout.write(text));
  const stderr = run.stderr ?? ((text: string) => void process.stderr.write(text));
  const now = (run.now ?? (() => new Date()))();

  const journalPath = resolve(flags.journal);
  const journal = readJournal(journalPath);
  const journalText = readFileSync(journalPath, 'utf8');
  const extras = flags.include.map((path) => {
    try {
      return { name: path, text: readFileSync(path, 'utf8') };
    } catch (error) {
      throw new InputError({ file: path }, `cannot read the file to include - ${(error as Error).message}`, { cause: error });
    }
  });

  const secrets = [env['DCOS_ACS_TOKEN'] ?? ''].filter(Boolean);
  const current = new Map<string, { definition: Record<string, unknown> } | { error: string }>();
  let currentNote: string | undefined;
  if (flags.offline) {
    currentNote = 'not collected (--offline)';
  } else {
    const { resolveClusterAccess } = await import('../../marathon/dcos-config.js');
    const { clientOptionsFromAccess, createMarathonClient } = await import('../../marathon/client.js');
    // The journal names the Marathon the batch ran against; flags and the environment may name another route to it.
    const access = resolveClusterAccess(
      { marathon: flags.marathon ?? journal.header.marathon, insecure: flags.insecure, caCert: flags['ca-cert'], requestTimeout: flags['request-timeout'] },
      env,
    );
    if (access?.token) secrets.push(access.token);
    if (!access) {
      currentNote = 'not collected: no Marathon to read';
    } else {
      const client = createMarathonClient({ ...clientOptionsFromAccess(access), retries: 1 });
      try {
        for (const [id, history] of journal.items) {
          try {
            const definition = history.item.kind === 'pod' ? await client.getPod(id) : await client.getApp(id);
            current.set(id, { definition: definition as unknown as Record<string, unknown> });
          } catch (error) {
            current.set(id, { error: (error as Error).message });
          }
        }
      } finally {
        client.close();
      }
      const failures = [...current.values()].filter((entry) => 'error' in entry).length;
      if (failures > 0) stderr(`note: ${failures} current definition(s) could not be read from ${access.marathonUrl}; the manifest says why\n`);
    }
  }

  // Reports rebuilt from the journal: the originals migrated with the batch's options.
  const migration = (journal.header.options['migration'] ?? {}) as Record<string, unknown>;
  const plan = buildPlan({
    live: [...journal.items.values()].map((history) => ({
      origin: 'marathon' as const,
      kind: history.item.kind,
      definition: bundle.scrubDefinition(history.item.kind, history.original?.definition ?? history.item.before),
      endpoint: journal.header.marathon,
    })),
    options: migration,
  });
  const version = packageVersion();
  // Simulator results: the batch's items migrated, under the given Calico resources.
  let simulations: SimulationSection[] = [];
  const simulationEntries: { name: string; text: string }[] = [];
  if (flags.resources.length > 0) {
    const { parsePortProtocol, simulationSection, simulatorAfterMove } = await import('../../wizard/simulation.js');
    const { UsageError } = await import('../../errors.js');
    const target = parsePortProtocol(flags.port);
    if (!target) throw new UsageError(`--port expects PORT/PROTOCOL, e.g. 80/TCP; got ${JSON.stringify(flags.port)}`);
    const inputs = flags.resources.map((path) => {
      try {
        return { file: path, text: readFileSync(path, 'utf8') };
      } catch (error) {
        throw new InputError({ file: path }, `cannot read the Calico resources - ${(error as Error).message}`, { cause: error });
      }
    });
    const { simulator, notes } = simulatorAfterMove(plan, plan.items.filter((item) => item.status === 'changed'), { files: flags.resources, inputs }, migration);
    const section = simulationSection(simulator, target, flags.resources);
    simulations = [section];
    simulationEntries.push({
      name: 'simulation.json',
      text: `${JSON.stringify({ protocol: section.protocol, port: section.port, resources: section.resources, lost: section.diff?.lost ?? [], gained: section.diff?.gained ?? [], explained: section.checks, notes }, null, 2)}\n`,
    });
    for (const input of inputs) extras.push({ name: input.file, text: input.text });
  }
  const reports = [
    ...simulationEntries,
    { name: 'report.html', text: renderHtmlReport({ plan, generatedAt: now.toISOString(), command: `dcos-calico-migrate bundle --journal ${flags.journal}`, simulations }) },
    { name: 'report.md', text: renderMarkdown(plan) },
    { name: 'report.json', text: renderJson(plan, { command: 'diff', version }) },
  ];

  const entries = bundle.bundleEntries({
    journal,
    journalText,
    ...(current.size > 0 ? { current } : {}),
    ...(currentNote ? { currentNote } : {}),
    reports,
    extras,
    secrets,
    version,
    createdAt: now.toISOString(),
  });
  const out = resolve(flags.out ?? `dcos-calico-migrate-bundle-${now.toISOString().replace(/[:.]/g, '-')}.tar.gz`);
  await bundle.writeBundle(entries, out);
  stdout(`${out}\n`);
  stderr(`bundle: ${entries.length} files, ${journal.items.size} item(s); secrets redacted\n`);
  return out;
}
