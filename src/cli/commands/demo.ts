/**
 * `demo` (what `npm start` runs): starts the bundled Marathon emulator seeded with `fixtures/cluster/` (the DC/OS
 * docs' bookstore apps on `dcos` plus a legacy `ipAddress` app, a Docker-engine app, a pod and a dcos-commons
 * scheduler), then runs scan -> diff -> apply -> simulate against it over real HTTP, with the Calico policy of the
 * DC/OS documentation, and prints the verdicts. Exits 1 if a verdict differs from the documented one.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

import type { CommandModule } from 'yargs';

import { ExitError } from '../../errors.js';

export interface DemoFlags {
  'deploy-ms': number;
  keep: boolean;
  color?: boolean;
}

/** The verdicts the DC/OS documentation gives for its bookstore example. */
const expectedVerdicts = [
  { query: 'bookstore-frontend -> bookstore-server:80/TCP', verdict: 'allow' },
  { query: 'fruitstore-frontend -> bookstore-server:80/TCP', verdict: 'deny' },
] as const;

/** The `demo` implementation, callable without yargs. */
export async function runDemo(flags: DemoFlags): Promise<void> {
  const [{ startEmulator }, { fixturePath }, { readLiveCluster }, { buildPlan }, { renderTextScan, renderTextDiff }, { simulateWorkloads }, apply, { useColor }] =
    await Promise.all([
      import('../../emulator/index.js'),
      import('../../paths.js'),
      import('../../marathon/live.js'),
      import('../../plan/index.js'),
      import('../../report/text.js'),
      import('../simulate/run.js'),
      import('./apply.js'),
      import('../options.js'),
    ]);
  const out = (text: string): void => void process.stdout.write(text);
  const { info: log } = await import('../log.js');
  const color = useColor(flags.color);
  const heading = (text: string): void => out(`\n${color ? `\u001b[1m${text}\u001b[22m` : text}\n${'='.repeat(text.length)}\n`);

  const seed = JSON.parse(readFileSync(fixturePath('cluster', 'cluster.json'), 'utf8')) as Record<string, unknown>;
  const emulator = await startEmulator({ state: seed, deployMs: flags['deploy-ms'] });
  const workdir = mkdtempSync(join(tmpdir(), 'dcos-calico-migrate-demo-'));
  const { client } = await apply.connect({ marathon: emulator.url, insecure: false, 'request-timeout': 30 }, log);
  try {
    heading(`1. A DC/OS cluster to migrate: the bundled Marathon emulator at ${emulator.url}`);
    const live = await readLiveCluster(client);
    out(`Seeded from fixtures/cluster/cluster.json: ${live.apps} apps and ${live.pods} pod(s) - the DC/OS docs' bookstore apps on the dcos overlay,\n`);
    out('a legacy ipAddress app, a Docker-engine app, a pod, a dcos-commons scheduler and a host-network app.\n');
    const options = { ...(live.defaultNetworkName ? { defaultNetworkName: live.defaultNetworkName } : {}) };
    const plan = buildPlan({ live: [live.source], options });

    heading('2. scan: what is on the dcos network, with its risks');
    out(renderTextScan(plan, { color }));

    heading('3. diff: what the migration changes (dry run)');
    out(renderTextDiff(plan, { color }));

    heading('4. apply: one PUT per app, deployments watched, every original journaled first');
    const items = apply.batchItemsFromPlan(plan.items, () => true);
    const journalPath = join(workdir, 'demo.journal.jsonl');
    const journal = await apply.startJournal(journalPath, items, emulator.url, { demo: true, migration: options });
    const summary = await apply.runWithProgress(
      items,
      { client, journal, concurrency: 3, maxFailures: items.length, itemTimeoutMs: 60_000, pollMs: 100 },
      { verbose: false, label: 'migrating' },
    );
    journal.close();
    const { formatSummary } = await import('../../apply/summary.js');
    out(formatSummary(summary, { journal: `${journalPath}${flags.keep ? '' : ' (deleted when the demo ends; --keep keeps it and the emulator)'}` }));
    if (summary.failed) throw new ExitError(3, 'the demo batch failed; see the summary above');

    heading("5. simulate: the DC/OS docs' Calico policy against the migrated apps, read back from Marathon");
    const migrated = await client.groups();
    const resources = [fixturePath('bookstore', 'calico', 'policy.yaml'), fixturePath('bookstore', 'calico', 'profile.yaml')].map((path) =>
      relative(process.cwd(), path),
    );
    const args = {
      resources,
      apps: [],
      queries: expectedVerdicts.map((expected) => expected.query),
      matrix: false,
      explain: false,
      format: 'text' as const,
      protocol: 'TCP' as const,
      agents: 3,
    };
    const context = { cwd: process.cwd(), stdout: out, stderr: (text: string) => void process.stderr.write(text) };
    await simulateWorkloads(args, { groups: [migrated] }, [`marathon ${emulator.url}`], context);
    let json = '';
    await simulateWorkloads({ ...args, format: 'json' }, { groups: [migrated] }, [`marathon ${emulator.url}`], { ...context, stdout: (text) => (json += text) });
    const answers = (JSON.parse(json) as { queries: { verdict: string }[] }).queries;

    heading('Verdicts');
    let mismatches = 0;
    expectedVerdicts.forEach((expected, index) => {
      const verdict = answers[index]?.verdict ?? 'unknown';
      const [from, to] = expected.query.replace('/TCP', '').split(' -> ');
      const word = verdict === 'allow' ? 'allowed' : verdict === 'deny' ? 'denied' : verdict;
      const ok = verdict === expected.verdict;
      if (!ok) mismatches++;
      out(`${from} -> ${to}: ${word}${ok ? ' (as the DC/OS documentation says)' : ` - the documentation says ${expected.verdict}`}\n`);
    });
    if (mismatches > 0) throw new ExitError(1, `${mismatches} verdict(s) differ from the DC/OS documentation`);
    out(
      `\nTry it yourself: \`dcos-calico-migrate emulator --seed\` starts the same cluster; point scan, diff, apply, resume, rollback and simulate at it with --marathon.\n`,
    );
    if (flags.keep) {
      out(`\nThe emulator keeps running at ${emulator.url} (journal: ${journalPath}); Ctrl-C to stop.\n`);
      await new Promise<void>((resolve) => {
        process.once('SIGINT', () => resolve());
        process.once('SIGTERM', () => resolve());
      });
    }
  } finally {
    client.close();
    await emulator.close();
    if (!flags.keep) rmSync(workdir, { recursive: true, force: true });
  }
}

export const demoCommand: CommandModule<object, DemoFlags> = {
  command: 'demo',
  describe: 'watch a bundled emulated cluster migrate: scan, diff, apply and simulate the DC/OS docs example',
  builder: (yargs) =>
    yargs
      .option('deploy-ms', { type: 'number', default: 300, describe: 'how long each emulated deployment takes' })
      .option('keep', { type: 'boolean', default: false, describe: 'keep the emulator running (and the journal) after the demo' })
      .option('color', { type: 'boolean', describe: 'colour text output (default: on a TTY unless NO_COLOR is set)' })
      .example('$0 demo', 'migrate the bundled bookstore cluster and check the verdicts of the DC/OS docs (what `npm start` runs)')
      .example('$0 demo --keep', 'keep the emulated cluster running afterwards, to try the other commands against it'),
  handler: async (argv) => {
    await runDemo(argv);
  },
};
