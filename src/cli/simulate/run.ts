/**
 * `simulate`: loads Calico resources and Marathon workloads, builds the workload endpoints (optionally after
 * migrating in memory), and answers queries, prints the matrix and the migration diff, and checks an expect file.
 * Workloads come from files here; `simulateWorkloads` is the seam for workloads already fetched from a live
 * Marathon. Results go to stdout; a failed expectation is ExitError(1), bad input InputError/UsageError (2).
 */
import picomatch from 'picomatch';

import { dcosDefaultIpPool, dcosDefaultProfile } from '../../calico/dcos-config/defaults.js';
import { endpointsFromMarathon, type MarathonEndpointInput, profileLabels } from '../../calico/endpoints.js';
import { ipPoolsFromResources } from '../../calico/ipam/pools.js';
import { formatProblem, loadResources, type ResourceInput } from '../../calico/resources/load.js';
import type { CalicoResources } from '../../calico/resources/model.js';
import { createSimulator } from '../../calico/simulator.js';
import { type IsolationRequest, suggestPolicies } from '../../calico/suggest/index.js';
import type { Protocol, Simulator } from '../../calico/types.js';
import type { MigrationOptions } from '../../core/types.js';
import { ExitError, UsageError } from '../../errors.js';
import { parseJsonDocument } from '../../formats/marathon-json/parse.js';
import { locateItems } from '../../formats/marathon-json/locate.js';
import { collectFiles, readInput } from '../collect-files.js';
import { answerQuery, EndpointIndex } from './answer.js';
import { checkExpectations, parseExpectFile } from './expect.js';
import { parseQuery } from './query.js';
import { FULL_MATRIX_LIMIT, type MatrixData, renderDot, renderJson, renderMarkdown, renderText, type SimulationReport } from './render.js';

export interface SimulateArgs {
  /** calicoctl YAML/JSON files or folders. */
  resources: readonly string[];
  /** Marathon JSON files or folders (apps, arrays, `{apps}`, group trees, pods). */
  apps: readonly string[];
  /** Migrate in memory first with these options; undefined takes the workloads as they are. */
  migrate?: MigrationOptions;
  queries: readonly string[];
  matrix: boolean;
  /** Globs of app ids: the matrix's rows (sources) and columns (destinations). Required above 200 apps. */
  matrixFrom?: readonly string[];
  matrixTo?: readonly string[];
  explain: boolean;
  /** Suggest isolating NetworkPolicies (proven with the simulator): by Marathon group or by a label's value. */
  suggest?: IsolationRequest;
  /** List the endpoints with their addresses and labels. Default false. */
  endpoints?: boolean;
  expect?: string;
  format: 'text' | 'json' | 'markdown' | 'dot' | 'html';
  /** Protocol and port of the matrix (and of queries that name none). */
  protocol: Protocol;
  port?: number;
  /** Agents IPAM spreads instances over. */
  agents: number;
}

/** Largest narrowed matrix, in app pairs (each cell is a lookup in the simulator's class matrix). */
const MAX_NARROWED_CELLS = 1_000_000;

export interface SimulateContext {
  cwd: string;
  stdout(text: string): void;
  stderr(text: string): void;
}

/** Workloads as parsed JSON, from files or from a live Marathon (`GET /v2/apps`, `/v2/pods`, `/v2/groups`). */
export type Workloads = Omit<MarathonEndpointInput, 'options'>;

/** `simulate` over files: reads `--apps`, then `simulateWorkloads`. */
export async function runSimulate(args: SimulateArgs, context: SimulateContext): Promise<void> {
  const { workloads, sources } = await readWorkloads(args.apps, context.cwd);
  await simulateWorkloads(args, workloads, sources, context);
}

/**
 * `simulate` over workloads already in memory (the seam for a live Marathon: pass the fetched apps and pods).
 * `sources` names where they came from, for the report.
 */
export async function simulateWorkloads(args: SimulateArgs, workloads: Workloads, sources: readonly string[], context: SimulateContext): Promise<void> {
  if (args.format === 'dot' && !args.matrix) throw new UsageError('--format dot draws the matrix: add --matrix');
  if (args.matrix && args.port === undefined && (args.protocol === 'TCP' || args.protocol === 'UDP' || args.protocol === 'SCTP')) {
    throw new UsageError(`--matrix needs the port to check: add --port, e.g. --matrix --port 80`);
  }
  const defaults = { protocol: args.protocol, ...(args.port !== undefined ? { port: args.port } : {}) };
  const queries = args.queries.map((text) => parseQuery(text, defaults));
  const expectFile = args.expect === undefined ? undefined : await readExpect(args.expect, context.cwd);

  const { resources, files, assumedDefaultProfile } = await readResources(args.resources, context.cwd);
  const pools = ipPoolsFromResources(resources.ipPools);
  const assumedDefaultPool = pools.length === 0;
  const calicoNetworks = [...new Set(['calico', ...(args.migrate?.to ? [args.migrate.to] : [])])];
  const built = endpointsFromMarathon({
    ...workloads,
    options: {
      calicoNetworks,
      profiles: resources.profiles.map((profile) => profileLabels(profile)),
      pools: assumedDefaultPool ? ipPoolsFromResources([dcosDefaultIpPool()]) : pools,
      agents: args.agents,
      ...(args.migrate ? { migrate: args.migrate } : {}),
      ...(args.migrate?.defaultNetworkName ? { defaultNetworkName: args.migrate.defaultNetworkName } : {}),
    },
  });
  const simulator = createSimulator({ resources, endpoints: built.endpoints });
  const index = new EndpointIndex(built.endpoints, built.nonCalico);

  const report: SimulationReport = {
    resources: {
      files,
      policies: resources.policies.length,
      profiles: resources.profiles.map((profile) => profile.name),
      assumedDefaultProfile,
      pools: (assumedDefaultPool ? [dcosDefaultIpPool()] : resources.ipPools).map((pool) => ({ name: pool.metadata.name, cidr: String(pool.spec.cidr) })),
      assumedDefaultPool,
      warnings: resources.warnings.map(formatProblem),
    },
    workloads: {
      sources: [...sources],
      ...(args.migrate ? { migrated: `${args.migrate.from ?? 'dcos'} -> ${args.migrate.to ?? 'calico'}` } : {}),
      endpoints: built.endpoints,
      nonCalico: built.nonCalico,
      problems: built.problems,
    },
    queries: queries.map((query) => answerQuery(simulator, index, query)),
    explain: args.explain,
    listEndpoints: args.endpoints ?? false,
  };
  if (args.matrix) {
    const query = { protocol: args.protocol, ...(args.port !== undefined ? { port: args.port } : {}) };
    const matrix = simulator.matrix(query);
    const narrowed = (args.matrixFrom?.length ?? 0) + (args.matrixTo?.length ?? 0) > 0;
    const rows = narrowed ? selectApps(matrix.groups, args.matrixFrom, '--matrix-from') : [...matrix.groups];
    const columns = narrowed ? selectApps(matrix.groups, args.matrixTo, '--matrix-to') : [...matrix.groups];
    if (!narrowed && matrix.groups.length > FULL_MATRIX_LIMIT) {
      // Every pair of 10,000 apps is 10^8 cells, and the blocked ones alone can be tens of millions.
      throw new UsageError(
        `${matrix.groups.length} apps make ${matrix.groups.length ** 2} app pairs: narrow the matrix with --matrix-from and/or --matrix-to ` +
          `(globs of app ids, e.g. --matrix-to '/team-1/**'), or ask with --query`,
      );
    }
    if (rows.length * columns.length > MAX_NARROWED_CELLS) {
      throw new UsageError(`--matrix-from/--matrix-to select ${rows.length} x ${columns.length} app pairs; narrow them to at most ${MAX_NARROWED_CELLS}`);
    }
    const sizeOf = new Map(matrix.groups.map((group, i) => [group, matrix.sizes[i]!]));
    const cells = rows.map((from) => columns.map((to) => matrix.cell(from, to)));
    const blocked: MatrixData['blocked'] = [];
    rows.forEach((from, i) =>
      columns.forEach((to, j) => {
        const cell = cells[i]![j]!;
        if (cell.total > 0 && cell.verdict !== 'allow') blocked.push({ from, to, cell });
      }),
    );
    const data: MatrixData = { protocol: matrix.protocol, groups: rows, columns, sizes: rows.map((group) => sizeOf.get(group)!), blocked };
    if (rows.length <= FULL_MATRIX_LIMIT && columns.length <= FULL_MATRIX_LIMIT) data.cells = cells;
    if (matrix.port !== undefined) data.port = matrix.port;
    report.matrix = data;
    if (args.migrate) {
      // On the overlay every task reaches every other: the migration loses exactly the pairs not fully allowed.
      report.diff = narrowed
        ? {
            ...query,
            lost: blocked.map(({ from, to, cell }) => ({ from, to, before: { allowed: cell.total, total: cell.total, verdict: 'allow' as const }, after: cell })),
            gained: [],
          }
        : simulator.migrationDiff(query);
    }
  }
  if (args.suggest) {
    const probes = args.port !== undefined ? [{ protocol: args.protocol, port: args.port }] : undefined;
    report.suggestion = suggestPolicies({ resources, endpoints: built.endpoints, isolate: args.suggest, ...(probes ? { probes } : {}) });
  }
  if (expectFile) report.expectations = { file: expectFile.file, results: checkExpectations(expectFile, simulator, index) };

  context.stdout(
    args.format === 'json'
      ? renderJson(report)
      : args.format === 'markdown'
        ? renderMarkdown(report)
        : args.format === 'dot'
          ? renderDot(report.matrix!)
          : args.format === 'html'
            ? await renderSimulationHtml(args, simulator, report)
            : renderText(report),
  );
  if (report.suggestion && !report.suggestion.proof.proven) {
    throw new ExitError(1, 'the suggested policies do not prove the isolation asked for (see the probes above); they are not printed as ready to apply');
  }
  const failed = report.expectations?.results.filter((result) => !result.passed) ?? [];
  if (failed.length > 0) {
    // In text and Markdown the failures are in the report already; json and dot readers get them on stderr.
    if (args.format === 'json' || args.format === 'dot') {
      for (const result of failed) for (const failure of result.failures) context.stderr(`${expectFile!.file}#${result.pointer}: ${result.description}: ${failure}\n`);
    }
    throw new ExitError(1, `${failed.length} of ${report.expectations!.results.length} expectations failed`);
  }
}

/**
 * `--format html`: the self-contained HTML report of the simulation: the full matrix when one was asked for and
 * fits a page (with the migration's lost connections highlighted under --migrate), every query's example pair
 * explained, and the expectations.
 */
async function renderSimulationHtml(args: SimulateArgs, simulator: Simulator, report: SimulationReport): Promise<string> {
  const { renderHtmlReport } = await import('../../report/html.js');
  const target = { protocol: args.protocol, ...(args.port !== undefined ? { port: args.port } : {}) };
  const square = report.matrix !== undefined && report.matrix.cells !== undefined && (report.matrix.columns ?? report.matrix.groups).join('\n') === report.matrix.groups.join('\n');
  const checks = report.queries.flatMap((answer) =>
    [answer.example, answer.counterexample].flatMap((pair) =>
      pair
        ? [{ query: { from: pair.from, to: pair.to, protocol: answer.protocol, ...(answer.port !== undefined ? { port: answer.port } : {}) }, result: pair.result, reason: `${answer.query}: ${answer.verdict} (${answer.allowed} of ${answer.total} instance pairs)` }]
        : [],
    ),
  );
  return renderHtmlReport({
    generatedAt: new Date().toISOString(),
    command: `dcos-calico-migrate simulate`,
    simulations: [
      {
        ...target,
        ...(square ? { matrix: simulator.matrix(target) } : {}),
        ...(report.diff ? { diff: report.diff } : {}),
        checks,
        resources: [...report.resources.files],
        ...(report.expectations ? { expectations: report.expectations.results } : {}),
      },
    ],
  });
}

/** Apps whose id matches one of the globs (picomatch; `*` stays within one id segment, `**` crosses them). */
function selectApps(apps: readonly string[], globs: readonly string[] | undefined, flag: string): string[] {
  if (!globs || globs.length === 0) return [...apps];
  const matches = picomatch([...globs], { dot: true });
  const selected = apps.filter((app) => matches(app));
  if (selected.length === 0) throw new UsageError(`${flag} ${globs.join(' ')} matches no app with Calico endpoints (app ids look like /group/app)`);
  return selected;
}

/** Reads Marathon JSON files and folders (`*.json`) into apps, pods and group trees. */
export async function readWorkloads(paths: readonly string[], cwd: string): Promise<{ workloads: Workloads; sources: string[] }> {
  const apps: unknown[] = [];
  const pods: unknown[] = [];
  const groups: unknown[] = [];
  const sources: string[] = [];
  if (paths.length === 0) return { workloads: { apps, pods, groups }, sources };
  for (const file of await collectFiles({ cwd, paths, include: ['*.json'], exclude: [] })) {
    const document = parseJsonDocument(file.path, await readInput(file));
    const located = locateItems(document);
    if (!located) {
      if (file.named) throw new UsageError(`${file.path}: not a Marathon app, pod or group (expected an app, an array, {"apps": [...]} or a group tree)`);
      continue;
    }
    sources.push(file.path);
    // A group tree keeps its ids' context (relative ids resolve against their group); other shapes are flat.
    if (located.shape === 'group') groups.push(document);
    else for (const item of located.items) (item.kind === 'app' ? apps : pods).push(item.value);
  }
  return { workloads: { apps, pods, groups }, sources };
}

async function readResources(
  paths: readonly string[],
  cwd: string,
): Promise<{ resources: CalicoResources; files: string[]; assumedDefaultProfile: boolean }> {
  const inputs: ResourceInput[] = [];
  if (paths.length > 0) {
    for (const file of await collectFiles({ cwd, paths, include: ['*.yaml', '*.yml', '*.json'], exclude: [] })) {
      inputs.push({ file: file.path, text: await readInput(file) });
    }
  }
  const loaded = loadResources(inputs);
  const assumedDefaultProfile = !loaded.profiles.some((profile) => profile.name === 'calico');
  // Every DC/OS cluster has the calico profile (dcos-calico-felix creates it); assume it unless it is given.
  const resources = assumedDefaultProfile
    ? loadResources([...inputs, { file: "DC/OS's default calico profile", objects: [dcosDefaultProfile()] }])
    : loaded;
  return { resources, files: inputs.map((input) => input.file), assumedDefaultProfile };
}

async function readExpect(path: string, cwd: string): Promise<ReturnType<typeof parseExpectFile>> {
  const [file] = await collectFiles({ cwd, paths: [path], include: [], exclude: [] });
  if (!file || !file.named) throw new UsageError(`--expect ${path}: name a file`);
  return parseExpectFile(await readInput(file), file.path);
}
