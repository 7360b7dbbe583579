/**
 * The wizard's connectivity step: load the cluster's Calico policies, build the workload endpoints the migrated
 * items will be, and show which connections the move cuts or opens compared with the `dcos` overlay (where every
 * task reaches every other), each lost one explained by the simulator. Reads files only.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';

import { createColors } from 'picocolors';

import { dcosDefaultProfile } from '../calico/dcos-config/defaults.js';
import { endpointsFromMarathon, profileLabels } from '../calico/endpoints.js';
import { ipPoolsFromResources } from '../calico/ipam/pools.js';
import type { MarathonEndpoint, NonCalicoItem } from '../calico/endpoints.js';
import { createSimulator, resolveResources } from '../calico/simulator.js';
import type { Protocol, Simulator } from '../calico/types.js';
import { resolveMigrationOptions } from '../core/options.js';
import type { MigrationOptions } from '../core/types.js';
import { InputError } from '../errors.js';
import { fixturePath } from '../paths.js';
import type { MigrationPlan, PlanItem } from '../plan/types.js';
import type { ExplainedCheck, SimulationSection } from '../report/html.js';
import type { Prompts } from './prompts.js';
import type { LoadedSource } from './sources.js';

/** What the connectivity step found, for the reports; `stop` when the user chose not to go on. */
export interface SimulationOutcome {
  sections: SimulationSection[];
  lost: number;
  /** Set when the user chose to stop here, saying why. */
  stop?: 'connections would be lost' | 'expectations not met';
}

/** The outcome of one assertion of an expectations file (`simulate --expect` format). */
export interface ExpectationOutcome {
  description: string;
  passed: boolean;
  failures: string[];
}

/**
 * Checks an expectations file against the simulator; wired by the command to `simulate --expect`'s checker.
 * Throws InputError naming the file and entry for a malformed file.
 */
export type ExpectationChecker = (input: {
  text: string;
  file: string;
  simulator: Simulator;
  endpoints: readonly MarathonEndpoint[];
  nonCalico: readonly NonCalicoItem[];
}) => ExpectationOutcome[];

interface StepContext {
  prompts: Prompts;
  print(text: string): void;
  color: boolean;
  cwd: string;
  checkExpectations: ExpectationChecker;
}

/** Above this many apps on Calico the wizard and the bundle skip the all-pairs matrix (`simulate` narrows it). */
export const MATRIX_APP_LIMIT = 200;

/** At most this many lost connections are explained one by one (the matrix shows them all). */
const EXPLAINED_LIMIT = 20;

function splitPaths(text: string): string[] {
  return text
    .split(/[,\s]+/)
    .map((part) => part.trim())
    .filter(Boolean);
}

/** Parses `80/TCP` (or `80`, TCP by default). */
export function parsePortProtocol(text: string): { port: number; protocol: Protocol } | undefined {
  const match = /^(\d{1,5})(?:\/(tcp|udp|sctp))?$/i.exec(text.trim());
  if (!match) return undefined;
  const port = Number(match[1]);
  if (port < 1 || port > 65535) return undefined;
  return { port, protocol: (match[2] ?? 'TCP').toUpperCase() as Protocol };
}

/** Marathon definitions of the cluster after the move: chosen items migrated, every other item as it is. */
export function definitionsAfterMove(plan: MigrationPlan, selection: readonly PlanItem[]): { apps: unknown[]; pods: unknown[] } {
  const chosen = new Set(selection.map((item) => item.key));
  const apps: unknown[] = [];
  const pods: unknown[] = [];
  for (const item of plan.items) {
    const definition = chosen.has(item.key) ? item.after : item.before;
    if (item.kind === 'app') apps.push(definition);
    else if (item.kind === 'pod') pods.push(definition);
  }
  return { apps, pods };
}

interface Loaded {
  files: string[];
  inputs: { file: string; text: string }[];
}

function loadPolicyFiles(cwd: string, paths: readonly string[]): Loaded {
  const inputs = paths.map((path) => {
    const full = isAbsolute(path) ? path : resolve(cwd, path);
    try {
      return { file: path, text: readFileSync(full, 'utf8') };
    } catch (error) {
      throw new InputError({ file: path }, `cannot read the Calico resources - ${(error as Error).message}`, { cause: error });
    }
  });
  return { files: [...paths], inputs };
}

/**
 * Builds the simulator for the cluster after the move. DC/OS's default `calico` profile (allow all) is added
 * unless the files define a profile of that name, as DC/OS creates it on install.
 * @throws InputError when a resource file does not validate.
 */
export function simulatorAfterMove(
  plan: MigrationPlan,
  selection: readonly PlanItem[],
  policies: Loaded,
  options: MigrationOptions,
): { simulator: Simulator; notes: string[]; endpoints: MarathonEndpoint[]; nonCalico: NonCalicoItem[] } {
  const resolved = resolveMigrationOptions(options);
  const profile = dcosDefaultProfile(resolved.to);
  const loaded = resolveResources(policies.inputs);
  const profileDefined = loaded.profiles.some((candidate) => candidate.name === resolved.to);
  // Addresses come from the files' IP pools, else DC/OS's default pool, so `nets` rules match as on the cluster.
  const pools = ipPoolsFromResources(loaded.ipPools);
  const resources: (object | { file: string; text: string })[] = [...policies.inputs];
  if (!profileDefined) resources.push(profile);
  const { apps, pods } = definitionsAfterMove(plan, selection);
  const built = endpointsFromMarathon({
    apps,
    pods,
    options: {
      calicoNetworks: [resolved.to],
      defaultNetworkName: resolved.defaultNetworkName,
      profiles: [profileLabels(profile)],
      ...(pools.length > 0 ? { pools } : {}),
    },
  });
  const notes = built.problems.map((problem) => `${problem.app}: ${problem.message}`);
  const offCalico = built.nonCalico.filter((item) => item.reason !== 'no-instances');
  if (offCalico.length > 0) {
    notes.push(
      `${offCalico.length} item(s) are not Calico workloads after the move (${offCalico.map((item) => `${item.app}: ${item.reason}`).join(', ')}); ` +
        'connections to and from them are not simulated',
    );
  }
  return { simulator: createSimulator({ resources, endpoints: built.endpoints }), notes, endpoints: built.endpoints, nonCalico: built.nonCalico };
}

/** The section the reports show, with the lost connections explained (first endpoint of each app). */
export function simulationSection(simulator: Simulator, target: { protocol: Protocol; port: number }, files: readonly string[]): SimulationSection {
  const firstOf = new Map<string, string>();
  for (const endpoint of simulator.endpoints) if (endpoint.app && !firstOf.has(endpoint.app)) firstOf.set(endpoint.app, endpoint.name);
  if (firstOf.size > MATRIX_APP_LIMIT) {
    // All app pairs of a large cluster do not fit a screen or a page (nor memory, at 10,000 apps).
    return { protocol: target.protocol, port: target.port, checks: [], resources: [...files] };
  }
  const diff = simulator.migrationDiff(target);
  const checks: ExplainedCheck[] = [];
  for (const lost of diff.lost.slice(0, EXPLAINED_LIMIT)) {
    const from = firstOf.get(lost.from);
    const to = firstOf.get(lost.to);
    if (!from || !to || from === to) continue;
    const query = { from, to, protocol: target.protocol, port: target.port };
    checks.push({ query, result: simulator.check(query), reason: `lost by the migration (${lost.from} → ${lost.to})` });
  }
  return { protocol: target.protocol, port: target.port, matrix: simulator.matrix(target), diff, checks, resources: [...files] };
}

/** The connectivity screen: lost and gained connections, each lost one with what denied it. */
export function connectivityScreen(section: SimulationSection, notes: readonly string[], color: boolean): string {
  const c = createColors(color);
  const target = `${section.port}/${String(section.protocol)}`;
  const lines = [c.bold(`Connectivity on ${target} after the move`) + c.dim(` (Calico resources: ${section.resources.join(', ') || "DC/OS's default profile only"})`)];
  const lost = section.diff?.lost ?? [];
  const gained = section.diff?.gained ?? [];
  if (!section.matrix) {
    lines.push(
      `  ${c.yellow(`more than ${MATRIX_APP_LIMIT} apps on Calico: the all-pairs check is left to`)} dcos-calico-migrate simulate --migrate --matrix --matrix-from GLOB --matrix-to GLOB`,
    );
  } else {
    lines.push(`  ${section.matrix.groups.length} app(s) on Calico; ${lost.length === 0 ? c.green('no connection is lost') : c.red(`${lost.length} connection(s) lost`)}; ${gained.length} gained.`);
  }
  for (const entry of lost) {
    const explained = section.checks.find((check) => check.reason?.endsWith(`(${entry.from} → ${entry.to})`));
    lines.push(`  ${c.red('✗')} ${entry.from} → ${entry.to}: allowed on dcos, ${entry.after.verdict === 'partial' ? `only ${entry.after.allowed}/${entry.after.total} instance pairs` : 'denied'} on Calico`);
    if (explained) {
      const side = explained.result.ingress.verdict === 'deny' ? explained.result.ingress : explained.result.egress;
      lines.push(`      ${c.dim(side.explanation)}`);
    }
  }
  for (const entry of gained) lines.push(`  ${c.green('+')} ${entry.from} → ${entry.to}: opened by the move`);
  for (const note of notes) lines.push(`  ${c.yellow('note:')} ${note}`);
  return `${lines.join('\n')}\n`;
}

function readable(cwd: string, path: string): boolean {
  try {
    readFileSync(isAbsolute(path) ? path : resolve(cwd, path));
    return true;
  } catch {
    return false;
  }
}

/** Each assertion of an expectations file with its outcome, mismatches listed. */
export function expectationsScreen(file: string, results: readonly ExpectationOutcome[], color: boolean): string {
  const c = createColors(color);
  const failed = results.filter((result) => !result.passed).length;
  const lines = [c.bold(`Expectations of ${file}: `) + (failed === 0 ? c.green(`all ${results.length} met`) : c.red(`${failed} of ${results.length} not met`))];
  for (const result of results) {
    lines.push(`  ${result.passed ? c.green('✓') : c.red('✗')} ${result.description}`);
    for (const failure of result.failures) lines.push(`      ${c.red(failure)}`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Asks whether to simulate, which resource files and which port; shows the verdicts; asks whether to go on when
 * connections would be lost. Rejects with InputError for unreadable or invalid resource files.
 */
export async function simulationStep(
  context: StepContext,
  plan: MigrationPlan,
  selection: readonly PlanItem[],
  source: LoadedSource,
  options: MigrationOptions,
): Promise<SimulationOutcome | undefined> {
  const { prompts } = context;
  const wanted = await prompts.askConfirm({ name: 'simulate', message: 'Check who can still reach whom under your Calico policies (bundled simulator)?', default: true });
  if (!wanted) return undefined;
  // The demo cluster comes with the policy of the DC/OS documentation's bookstore example.
  const demoPolicy = source.kind === 'live' && source.origin === 'demo' ? relative(context.cwd, fixturePath('bookstore', 'calico', 'policy.yaml')) : '';
  const text = await prompts.askInput({
    name: 'policies',
    message: "Calico resource files (calicoctl YAML or JSON, separated by spaces; empty: DC/OS's default allow-all profile only):",
    default: demoPolicy,
    validate: (value) => {
      const missing = splitPaths(value).filter((path) => {
        try {
          readFileSync(isAbsolute(path) ? path : resolve(context.cwd, path));
          return false;
        } catch {
          return true;
        }
      });
      return missing.length === 0 ? true : `cannot read ${missing.join(', ')}`;
    },
  });
  const portText = await prompts.askInput({
    name: 'port',
    message: 'Connection to check, PORT/PROTOCOL:',
    default: '80/TCP',
    validate: (value) => (parsePortProtocol(value) ? true : 'e.g. 80/TCP, 53/UDP or 8080'),
  });
  const target = parsePortProtocol(portText)!;
  const policies = loadPolicyFiles(context.cwd, splitPaths(text));
  const { simulator, notes, endpoints, nonCalico } = simulatorAfterMove(plan, selection, policies, options);
  const section = simulationSection(simulator, target, policies.files);
  context.print(`\n${connectivityScreen(section, notes, context.color)}\n`);
  const lost = section.diff?.lost.length ?? 0;
  if (lost > 0) {
    const goOn = await prompts.askConfirm({ name: 'lost-ok', message: `${lost} connection(s) would be cut. Go on anyway?`, default: false });
    if (!goOn) return { sections: [section], lost, stop: 'connections would be lost' };
  }
  const expectPath = await prompts.askInput({
    name: 'expect',
    message: 'Expectations to check (a `simulate --expect` YAML file; empty: none):',
    default: '',
    validate: (value) => (value.trim() === '' || readable(context.cwd, value.trim()) ? true : `cannot read ${value.trim()}`),
  });
  if (expectPath.trim() !== '') {
    const file = expectPath.trim();
    const text = readFileSync(isAbsolute(file) ? file : resolve(context.cwd, file), 'utf8');
    const results = context.checkExpectations({ text, file, simulator, endpoints, nonCalico });
    section.expectations = results;
    context.print(`${expectationsScreen(file, results, context.color)}\n`);
    const failed = results.filter((result) => !result.passed).length;
    if (failed > 0) {
      const goOn = await prompts.askConfirm({ name: 'expect-ok', message: `${failed} expectation(s) not met. Go on anyway?`, default: false });
      if (!goOn) return { sections: [section], lost, stop: 'expectations not met' };
    }
  }
  return { sections: [section], lost };
}
