/**
 * `createSimulator`: answers who may reach whom under a cluster's Calico resources, the way Felix enforces them.
 * `check` explains one connection (reference evaluator); `matrix` computes all pairs grouped by app (fast engine);
 * `migrationDiff` compares with the `dcos` overlay, where every task reaches every other.
 */
import { UsageError } from '../errors.js';
import { dcosDefaultProfile } from './dcos-config/defaults.js';
import { endpointsFromMarathon, profileLabels, type EndpointProblem, type MarathonEndpointInput, type NonCalicoItem } from './endpoints.js';
import { ipPoolsFromResources } from './ipam/pools.js';
import { classMatrix, type ClassMatrix } from './policy/matrix.js';
import { buildModel, type PolicyModel } from './policy/model.js';
import { checkConnection, protocolNumber } from './policy/reference.js';
import { loadResources, type ResourceInput } from './resources/load.js';
import type { CalicoResources } from './resources/model.js';
import type { Endpoint, Matrix, MatrixCell, MigrationDiff, Protocol, Simulator, SimulatorOptions } from './types.js';

/** Resources as loaded, or calicoctl YAML/JSON text, or calicoctl objects, or a mix in a list. */
export type SimulatorResources = CalicoResources | string | ResourceInput | object | ReadonlyArray<string | ResourceInput | object>;

export interface CreateSimulatorInput {
  resources: SimulatorResources;
  /** Workloads; WorkloadEndpoint/HostEndpoint resources are added to them. */
  endpoints?: readonly Endpoint[];
  /**
   * Marathon apps (parsed JSON), or the full input of `endpointsFromMarathon` (apps, pods, groups, options): every
   * task on a Calico network becomes an endpoint, with the resources' profiles and IP pools unless the options say
   * otherwise.
   */
  apps?: readonly unknown[] | MarathonEndpointInput;
  options?: SimulatorOptions;
}

/** A simulator, plus what building endpoints from Marathon apps reported. */
export interface CreatedSimulator extends Simulator {
  /** Present when `apps` were given. */
  readonly marathon?: { problems: EndpointProblem[]; nonCalico: NonCalicoItem[] };
}

function isLoaded(value: unknown): value is CalicoResources {
  const v = value as Partial<CalicoResources>;
  return typeof value === 'object' && value !== null && Array.isArray(v.policies) && Array.isArray(v.profiles) && Array.isArray(v.networkSets);
}

function isInput(value: unknown): value is ResourceInput {
  const v = value as { file?: unknown; text?: unknown; objects?: unknown };
  return typeof value === 'object' && value !== null && typeof v.file === 'string' && (typeof v.text === 'string' || Array.isArray(v.objects));
}

/** Turns any accepted form of resources into loaded, validated resources. @throws CalicoResourceError */
export function resolveResources(resources: SimulatorResources): CalicoResources {
  if (isLoaded(resources)) return resources;
  const list = Array.isArray(resources) ? (resources as ReadonlyArray<unknown>) : [resources];
  const inputs: ResourceInput[] = [];
  const objects: unknown[] = [];
  list.forEach((item, i) => {
    if (typeof item === 'string') inputs.push({ file: `<resources ${i + 1}>`, text: item });
    else if (isInput(item)) inputs.push(item);
    else objects.push(item);
  });
  if (objects.length > 0) inputs.push({ file: '<resources>', objects });
  return loadResources(inputs);
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function verdictOf(allowed: number, total: number, selfAllowed: boolean): MatrixCell['verdict'] {
  if (total === 0) return selfAllowed ? 'allow' : 'deny';
  return allowed === total ? 'allow' : allowed === 0 ? 'deny' : 'partial';
}

/** Groups a class matrix by app. Pairs are ordered pairs of distinct endpoints. */
function groupMatrix(model: PolicyModel, classes: ClassMatrix, protocol: Protocol, port: number | undefined): Matrix {
  const groupClasses = new Map<string, Map<number, number>>();
  model.endpoints.forEach((endpoint, i) => {
    let counts = groupClasses.get(endpoint.group);
    if (!counts) groupClasses.set(endpoint.group, (counts = new Map()));
    const cls = classes.endpointClass[i]!;
    counts.set(cls, (counts.get(cls) ?? 0) + 1);
  });
  const groups = [...groupClasses.keys()].sort(compareStrings);
  const index = new Map(groups.map((g, i) => [g, i]));
  const members = groups.map((g) => [...groupClasses.get(g)!.entries()]);
  const sizes = members.map((m) => m.reduce((n, [, c]) => n + c, 0));
  const W = classes.words;
  const bit = (s: number, d: number): boolean => ((classes.allowed[s * W + (d >>> 5)]! >>> (d & 31)) & 1) === 1;

  const cellAt = (a: number, b: number): MatrixCell => {
    let allowed = 0;
    for (const [cs, ns] of members[a]!) for (const [cd, nd] of members[b]!) if (bit(cs, cd)) allowed += ns * nd;
    let total = sizes[a]! * sizes[b]!;
    let selfAllowed = true;
    if (a === b) {
      // An endpoint and itself is not a pair.
      total -= sizes[a]!;
      for (const [cs, ns] of members[a]!) if (bit(cs, cs)) allowed -= ns;
      selfAllowed = members[a]!.every(([cs]) => bit(cs, cs));
    }
    return { allowed, total, verdict: verdictOf(allowed, total, selfAllowed) };
  };
  const groupIndex = (name: string): number => {
    const i = index.get(name);
    if (i === undefined) throw new UsageError(`unknown app or endpoint group ${JSON.stringify(name)}`);
    return i;
  };
  const oneToOne = members.every((m) => m.length === 1) && new Set(members.map((m) => m[0]![0])).size === groups.length;

  return {
    protocol,
    ...(port !== undefined ? { port } : {}),
    groups,
    sizes,
    cell: (from, to) => cellAt(groupIndex(from), groupIndex(to)),
    blocked: () => {
      const out: Array<{ from: string; to: string; cell: MatrixCell }> = [];
      if (oneToOne) {
        // Scan the zero bits of each class row: cheap when most pairs are allowed.
        const groupOfClass = new Int32Array(classes.classCount).fill(-1);
        members.forEach((m, g) => (groupOfClass[m[0]![0]] = g));
        for (let a = 0; a < groups.length; a++) {
          const s = members[a]![0]![0];
          for (let w = 0; w < W; w++) {
            let zeros = ~classes.allowed[s * W + w]! >>> 0;
            while (zeros !== 0) {
              const low = zeros & -zeros;
              zeros = (zeros ^ low) >>> 0;
              const d = (w << 5) + (31 - Math.clz32(low));
              if (d >= classes.classCount) break;
              const b = groupOfClass[d]!;
              const cell = cellAt(a, b);
              if (cell.verdict !== 'allow') out.push({ from: groups[a]!, to: groups[b]!, cell });
            }
          }
        }
        return out.sort((x, y) => compareStrings(x.from, y.from) || compareStrings(x.to, y.to));
      }
      for (let a = 0; a < groups.length; a++) {
        for (let b = 0; b < groups.length; b++) {
          const cell = cellAt(a, b);
          if (cell.verdict !== 'allow') out.push({ from: groups[a]!, to: groups[b]!, cell });
        }
      }
      return out;
    },
  };
}

/**
 * DC/OS creates the `calico` profile (allow all, `labelsToApply {calico: ""}`) at install; unless the resources define
 * it or `options.dcosDefaultProfile` is false, the simulator has it too.
 */
function withDcosProfile(resources: CalicoResources, options: SimulatorOptions | undefined): CalicoResources {
  if (options?.dcosDefaultProfile === false || resources.profiles.some((p) => p.name === 'calico')) return resources;
  const profile = loadResources([{ file: '<DC/OS default calico profile>', objects: [dcosDefaultProfile()] }]).profiles[0]!;
  return { ...resources, profiles: [...resources.profiles, profile] };
}

/** Group pairs present in both matrices whose allowed instance pairs went down (lost) or up (gained). */
export function compareMatrices(before: Matrix, after: Matrix): Pick<MigrationDiff, 'lost' | 'gained'> {
  const lost: MigrationDiff['lost'] = [];
  const gained: MigrationDiff['gained'] = [];
  const known = new Set(before.groups);
  const groups = after.groups.filter((g) => known.has(g));
  for (const from of groups) {
    for (const to of groups) {
      const b = before.cell(from, to);
      const a = after.cell(from, to);
      const beforeShare = b.total === 0 ? (b.verdict === 'allow' ? 1 : 0) : b.allowed / b.total;
      const afterShare = a.total === 0 ? (a.verdict === 'allow' ? 1 : 0) : a.allowed / a.total;
      if (afterShare < beforeShare) lost.push({ from, to, before: b, after: a });
      else if (afterShare > beforeShare) gained.push({ from, to, before: b, after: a });
    }
  }
  return { lost, gained };
}

/**
 * Creates a simulator over Calico resources and endpoints.
 * @throws CalicoResourceError (InputError) when the resources do not validate; UsageError for duplicate endpoint
 *   names or invalid addresses.
 */
export function createSimulator(input: CreateSimulatorInput): CreatedSimulator {
  const resources = withDcosProfile(resolveResources(input.resources), input.options);
  let marathon: CreatedSimulator['marathon'];
  const given = [...(input.endpoints ?? [])];
  if (input.apps) {
    const request: MarathonEndpointInput = Array.isArray(input.apps) ? { apps: input.apps } : (input.apps as MarathonEndpointInput);
    const pools = ipPoolsFromResources(resources.ipPools);
    const options = {
      profiles: resources.profiles.map((profile) => profileLabels(profile)),
      ...(pools.length > 0 ? { pools } : {}),
      ...request.options,
    };
    const built = endpointsFromMarathon({ ...request, options });
    given.push(...built.endpoints);
    marathon = { problems: built.problems, nonCalico: built.nonCalico };
  }
  const model = buildModel(resources, given, input.options);
  const endpoints: Endpoint[] = model.endpoints.map((e) => ({
    name: e.name,
    labels: e.labels,
    namespace: e.namespace ?? 'default',
    profiles: e.profiles,
    ports: e.ports,
    app: e.group,
    kind: e.kind,
    ...(e.ip ? { ip: e.ip.text } : {}),
  }));

  const matrix = (query: { protocol: Protocol; port?: number; icmpType?: number; icmpCode?: number }): Matrix => {
    const protocol = protocolNumber(query.protocol);
    const packet: { protocol: number; port?: number; icmpType?: number; icmpCode?: number } = { protocol };
    if (query.port !== undefined) packet.port = query.port;
    if (query.icmpType !== undefined) packet.icmpType = query.icmpType;
    if (query.icmpCode !== undefined) packet.icmpCode = query.icmpCode;
    return groupMatrix(model, classMatrix(model, packet), query.protocol, query.port);
  };

  return {
    ...(marathon ? { marathon } : {}),
    endpoints,
    check: (query) => checkConnection(model, query),
    matrix,
    migrationDiff: (query): MigrationDiff => {
      const after = matrix(query);
      const head = { protocol: query.protocol, ...(query.port !== undefined ? { port: query.port } : {}) };
      if (!query.before) {
        // On the overlay every task reaches every other, so only losses are possible.
        const lost = after.blocked().flatMap(({ from, to, cell }) =>
          cell.total === 0 ? [] : [{ from, to, before: { allowed: cell.total, total: cell.total, verdict: 'allow' as const }, after: cell }],
        );
        return { ...head, lost, gained: [] };
      }
      return { ...head, ...compareMatrices(query.before, after) };
    },
  };
}
