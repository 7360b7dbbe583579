import type { CommandModule } from 'yargs';

import type { Prompts } from '../../wizard/prompts.js';
import type { MarathonFlags, MigrationFlags } from '../options.js';
import { withMarathonOptions, withMigrationOptions } from '../options.js';

export interface WizardFlags extends MigrationFlags, MarathonFlags {
  answers?: string;
  color?: boolean;
}

/**
 * `wizard`: the interactive migration. Nothing is written or sent before the final confirmation; Ctrl-C exits
 * with 130 and changes nothing. `--answers FILE` replays a recorded session without a terminal.
 */
export const wizardCommand: CommandModule<object, WizardFlags> = {
  command: 'wizard',
  describe: 'the interactive migration: choose, review labels, diffs and connectivity, then write, apply or export',
  builder: (yargs) =>
    withMarathonOptions(withMigrationOptions(yargs))
      .option('answers', { type: 'string', describe: 'replay the answers recorded in this file instead of asking (no terminal needed)' })
      .option('color', { type: 'boolean', describe: 'colour the screens (default: on a TTY unless NO_COLOR is set)' })
      .example('$0 wizard', 'pick a source (the attached cluster, a URL, files, or the demo) and walk through the migration')
      .example('$0 wizard --answers wizard-answers.yaml', 'replay a recorded session, e.g. in a runbook or CI') as never,
  handler: async (flags) => {
    await runWizardCommand(flags);
  },
};

/** Options of runWizardCommand beyond the flags; tests use them to run without a process of their own. */
export interface WizardRunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  stdout?: (text: string) => void;
  now?: () => Date;
  /** Answers questions instead of `--answers` or the terminal (tests pass scripted prompts). */
  prompts?: Prompts;
}

/**
 * The wizard command without yargs: wires the flow to the real file reader, cluster discovery, emulator and batch
 * engine. Heavy modules load here, not when `--help` runs. Throws ExitError(130) after Ctrl-C (nothing changed),
 * ExitError(3) when an apply failed, UsageError without a terminal and without `--answers`.
 */
export async function runWizardCommand(flags: WizardFlags, run: WizardRunOptions = {}): Promise<void> {
  const [
    { ExitError, UsageError },
    { createScriptedPrompts, createTerminalPrompts, WizardAbortedError },
    { readAnswersFile },
    { runWizard },
    { resolveClusterAccess },
    { migrationOptionsFromFlags, useColor },
    { collectFiles, readInput },
    { detectFormat },
    { packageVersion, fixturePath },
    { startEmulator },
    apply,
    simulate,
  ] = await Promise.all([
    import('../../errors.js'),
    import('../../wizard/prompts.js'),
    import('../../wizard/answers.js'),
    import('../../wizard/flow.js'),
    import('../../marathon/dcos-config.js'),
    import('../options.js'),
    import('../collect-files.js'),
    import('../../formats/registry.js'),
    import('../../paths.js'),
    import('../../emulator/index.js'),
    import('./apply.js'),
    Promise.all([import('../simulate/expect.js'), import('../simulate/answer.js')]).then(([expect, answer]) => ({ ...expect, EndpointIndex: answer.EndpointIndex })),
  ]);
  const cwd = run.cwd ?? process.cwd();
  const env = run.env ?? process.env;
  const stdout = run.stdout ?? ((text: string) => void process.stdout.write(text));
  const { info: log } = await import('../log.js');
  const clusterFlags = { marathon: flags.marathon, insecure: flags.insecure, caCert: flags['ca-cert'], requestTimeout: flags['request-timeout'] };

  let prompts;
  if (run.prompts) {
    prompts = run.prompts;
  } else if (flags.answers) {
    const answersPath = flags.answers;
    const script = readAnswersFile(answersPath);
    prompts = createScriptedPrompts(script, {
      source: answersPath,
      // A replay shows each question with its recorded answer, so its output reads like the session did.
      onAsk: (_name, message, answer) => stdout(`? ${message} ${Array.isArray(answer) ? answer.join(', ') : String(answer)}\n`),
    });
  } else if (process.stdin.isTTY === true && process.stdout.isTTY === true) {
    prompts = createTerminalPrompts();
  } else {
    throw new UsageError('the wizard asks questions on a terminal; without one, replay recorded answers with --answers FILE');
  }

  let cluster;
  try {
    cluster = resolveClusterAccess(clusterFlags, env);
  } catch (error) {
    // A broken dcos.toml should not hide the other sources; say why the cluster is not offered.
    log(`note: no attached cluster offered: ${(error as Error).message}`);
  }

  try {
    const result = await runWizard({
      prompts,
      print: stdout,
      color: useColor(flags.color),
      cwd,
      migration: migrationOptionsFromFlags(flags),
      version: packageVersion(),
      now: run.now ?? (() => new Date()),
      ...(cluster ? { cluster } : {}),
      accessFor: (url) => {
        const access = resolveClusterAccess({ ...clusterFlags, marathon: url }, env);
        if (!access) throw new UsageError(`cannot reach ${url}`);
        apply.warnAboutTransport(access);
        return access;
      },
      loadFiles: async (paths) => {
        const found = await collectFiles({ cwd, paths, include: [], exclude: [] });
        const files = [];
        for (const file of found) {
          const text = await readInput(file);
          // Files found by walking that no format claims are not part of the migration.
          if (!file.named && !detectFormat(file.path, text)) continue;
          files.push({ path: file.path, text });
        }
        return files;
      },
      startDemo: async () => {
        // The demo cluster lives in memory only; closing the wizard forgets it.
        const emulator = await startEmulator({ state: fixturePath('cluster', 'cluster.json'), persist: false });
        return { url: emulator.url, close: () => emulator.close() };
      },
      checkExpectations: ({ text, file, simulator, endpoints, nonCalico }) =>
        simulate.checkExpectations(simulate.parseExpectFile(text, file), simulator, new simulate.EndpointIndex(endpoints, nonCalico)),
      applyBatch: async (effect) => {
        const { timestamp } = await import('../../apply/journal.js');
        const journal = await apply.startJournal(effect.journal, effect.items, effect.marathonUrl, { concurrency: 4, maxFailures: 1, migration: effect.options });
        journal.append({ type: 'session', at: timestamp(), command: 'wizard', pid: process.pid });
        try {
          const summary = await apply.runWithProgress(effect.items, { client: effect.client, journal, migrate: await apply.remigrator(effect.options) }, { verbose: false, label: 'migrating' });
          journal.append({ type: 'end', at: timestamp(), command: 'wizard', counts: summary.counts });
          const { formatSummary } = await import('../../apply/summary.js');
          stdout(`\n${formatSummary(summary, { journal: effect.journal })}`);
          return summary;
        } finally {
          journal.close();
        }
      },
    });
    if (result.exitCode !== 0) throw new ExitError(result.exitCode);
  } catch (error) {
    if (error instanceof WizardAbortedError) throw new ExitError(130, error.message);
    throw error;
  }
}
