/** Shared set-up of the wizard suites: a scratch copy of the bookstore fixtures, flags, scripted runs, tree hashes. */
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

import type { WizardFlags } from '../../src/cli/commands/wizard.js';
import { runWizardCommand } from '../../src/cli/commands/wizard.js';
import { fixturePath } from '../../src/paths.js';
import type { AnswerValue } from '../../src/wizard/prompts.js';
import { createScriptedPrompts } from '../../src/wizard/prompts.js';

/** A scratch folder holding `apps/` (the three bookstore apps on dcos) and `calico/policy.yaml`. */
export function scratchBookstore(): string {
  const dir = mkdtempSync(join(tmpdir(), 'wizard-'));
  cpSync(fixturePath('bookstore', 'apps'), join(dir, 'apps'), { recursive: true });
  cpSync(fixturePath('bookstore', 'calico'), join(dir, 'calico'), { recursive: true });
  return dir;
}

/** Every file under `dir` with a hash of its content: equal trees mean nothing was written. */
export function treeHash(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (current: string): void => {
    for (const name of readdirSync(current).sort()) {
      const full = join(current, name);
      if (statSync(full).isDirectory()) walk(full);
      else out[relative(dir, full)] = createHash('sha256').update(readFileSync(full)).digest('hex');
    }
  };
  walk(dir);
  return out;
}

/** The flags yargs would give `wizard` with its defaults. */
export function defaultFlags(extra: Partial<WizardFlags> = {}): WizardFlags {
  return {
    from: 'dcos',
    to: 'calico',
    'default-network-name': 'dcos',
    'carry-labels': ['default'],
    'exclude-labels': [],
    'label-map': [],
    insecure: false,
    'request-timeout': 30,
    ...extra,
  };
}

export interface ScriptedRun {
  output: string;
  error: unknown;
  /** Answers the script held that no question asked for. */
  unused: string[];
  asked: string[];
}

/** Runs the wizard command with scripted answers; never throws (the error is returned). */
export async function runScripted(
  cwd: string,
  script: Record<string, AnswerValue>,
  options: { env?: NodeJS.ProcessEnv; flags?: Partial<WizardFlags>; interactive?: boolean } = {},
): Promise<ScriptedRun> {
  let output = '';
  const asked: string[] = [];
  const prompts = createScriptedPrompts(script, {
    source: 'test script',
    onAsk: (name) => asked.push(name),
    ...(options.interactive ? { interactive: true } : {}),
  });
  let error: unknown;
  try {
    await runWizardCommand(defaultFlags(options.flags), {
      cwd,
      env: options.env ?? {},
      stdout: (text) => (output += text),
      now: () => new Date('2026-11-28T01:00:00Z'),
      prompts,
    });
  } catch (caught) {
    error = caught;
  }
  return { output, error, unused: prompts.unused(), asked };
}

/** The answers of a files session up to the action, all defaults taken. */
export function filesScript(dir: string, rest: Record<string, AnswerValue>): Record<string, AnswerValue> {
  return {
    source: 'files',
    paths: join(dir, 'apps'),
    items: 'all',
    carry: 'default',
    'exclude-globs': '',
    'labels-ok': true,
    'diff-ok': true,
    simulate: true,
    policies: join(dir, 'calico', 'policy.yaml'),
    port: '80/TCP',
    'lost-ok': true,
    expect: '',
    ...rest,
  };
}
