/**
 * Policy suggestions: calicoctl-ready NetworkPolicies that keep workloads reachable only from their own group — a
 * Marathon group, or one value of a label — proven with the simulator before they are returned.
 *
 * Per group and namespace two policies:
 * - `isolate-<group>` (ordered before every existing policy of the default tier): denies ingress from Calico
 *   endpoints outside the group, so no later Allow can open it;
 * - `zz-isolate-<group>-allow` (no order, a name that sorts after the others): allows ingress from the group, so
 *   traffic inside the group that reached the end of the tier before is still let in.
 * Egress is untouched. Addresses outside Calico are not Calico endpoints: a NetworkPolicy's notSelector cannot
 * match them (calico-semantics §4.2), so existing policies still decide for them.
 */
import { createHash } from 'node:crypto';
import yaml from 'js-yaml';
import { UsageError } from '../../errors.js';
import { loadResources } from '../resources/load.js';
import { createSimulator, resolveResources, type CreateSimulatorInput, type SimulatorResources } from '../simulator.js';
import { NAMESPACE_LABEL, ORCHESTRATOR_LABEL } from '../policy/model.js';
import type { Endpoint, Protocol } from '../types.js';

export type IsolationRequest = { by: 'marathon-group' } | { by: 'label'; key: string };

export interface SuggestInput {
  resources: SimulatorResources;
  endpoints?: readonly Endpoint[];
  apps?: CreateSimulatorInput['apps'];
  isolate: IsolationRequest;
  /** Connections the proof checks. Default TCP 80, TCP 8080, UDP 53. */
  probes?: ReadonlyArray<{ protocol: Protocol; port?: number }>;
  /** Label key added to apps when no existing label tells Marathon groups apart. Default `marathon.group`. */
  groupLabel?: string;
}

export interface ProbeResult {
  protocol: Protocol;
  port?: number;
  /** App pairs in different groups that can still connect (must be empty). */
  crossGroupAllowed: Array<{ from: string; to: string }>;
  /** App pairs in the same group that connected before and no longer do (must be empty). */
  intraGroupLost: Array<{ from: string; to: string }>;
}

export interface Suggestion {
  /** calicoctl NetworkPolicy objects. */
  policies: object[];
  /** The same as a calicoctl-ready YAML stream. */
  yaml: string;
  /** Groups and the selector that picks each. */
  groups: Array<{ group: string; namespace: string; selector: string; apps: string[] }>;
  /** Network labels the apps need for the selectors (Marathon groups without a distinguishing label). */
  labelsToAdd: Array<{ app: string; key: string; value: string }>;
  /** Apps the request does not cover (no value for the label); their ingress is unchanged. */
  uncovered: string[];
  proof: { proven: boolean; probes: ProbeResult[] };
}

const CALICO_KEYS = new Set([NAMESPACE_LABEL, ORCHESTRATOR_LABEL, 'calico']);

function quote(value: string): string {
  return value.includes("'") ? `"${value}"` : `'${value}'`;
}

function slug(text: string, used: Set<string>): string {
  let base = text.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '') || 'root';
  if (base.length > 40) base = `${base.slice(0, 31)}-${createHash('sha256').update(text).digest('hex').slice(0, 8)}`;
  let candidate = base;
  for (let i = 2; used.has(candidate); i++) candidate = `${base}-${i}`;
  used.add(candidate);
  return candidate;
}

function labelValue(group: string): string {
  const text = group.replace(/^\/+/, '').replace(/\//g, '.').replace(/[^A-Za-z0-9_.-]+/g, '-').replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '') || 'root';
  return text.length <= 63 ? text : `${text.slice(0, 54)}-${createHash('sha256').update(group).digest('hex').slice(0, 8)}`;
}

function marathonGroup(app: string): string {
  const index = app.lastIndexOf('/');
  return index <= 0 ? '/' : app.slice(0, index);
}

/**
 * Suggests NetworkPolicies for the isolation asked for and proves them with the simulator.
 * @throws UsageError when no endpoint belongs to any group; CalicoResourceError for invalid resources.
 */
export function suggestPolicies(input: SuggestInput): Suggestion {
  const resources = resolveResources(input.resources);
  const base: CreateSimulatorInput = { resources, ...(input.endpoints ? { endpoints: input.endpoints } : {}), ...(input.apps ? { apps: input.apps } : {}) };
  const before = createSimulator(base);
  const endpoints = before.endpoints.filter((e) => (e.kind ?? 'workload') === 'workload');

  // Group of each endpoint, and the label that selects it.
  const groupOf = new Map<string, string>();
  const uncovered = new Set<string>();
  let key: string;
  const labelsToAdd: Suggestion['labelsToAdd'] = [];
  let extraLabels = new Map<string, Record<string, string>>();
  if (input.isolate.by === 'label') {
    key = input.isolate.key;
    for (const e of endpoints) {
      const value = e.labels[key];
      if (value === undefined) uncovered.add(e.app ?? e.name);
      else groupOf.set(e.name, value);
    }
  } else {
    for (const e of endpoints) groupOf.set(e.name, marathonGroup(e.app ?? e.name));
    const found = distinguishingKey(endpoints, groupOf);
    if (found) key = found;
    else {
      key = input.groupLabel ?? 'marathon.group';
      const seen = new Set<string>();
      extraLabels = new Map();
      for (const e of endpoints) {
        const value = labelValue(groupOf.get(e.name)!);
        extraLabels.set(e.name, { [key]: value });
        const app = e.app ?? e.name;
        if (!seen.has(app)) {
          seen.add(app);
          labelsToAdd.push({ app, key, value });
        }
      }
    }
  }
  if (groupOf.size === 0) throw new UsageError(`no endpoint has the label ${JSON.stringify(key)}; nothing to isolate`);

  // One selector per group and namespace.
  const members = new Map<string, { group: string; namespace: string; values: Set<string>; apps: Set<string> }>();
  for (const e of endpoints) {
    const group = groupOf.get(e.name);
    if (group === undefined) continue;
    const namespace = e.namespace ?? 'default';
    const id = `${namespace}\u0000${group}`;
    let entry = members.get(id);
    if (!entry) members.set(id, (entry = { group, namespace, values: new Set(), apps: new Set() }));
    entry.values.add(extraLabels.get(e.name)?.[key] ?? e.labels[key]!);
    entry.apps.add(e.app ?? e.name);
  }
  const minOrder = Math.min(0, ...resources.policies.filter((p) => p.tier === 'default' && p.order !== undefined).map((p) => p.order!));
  const used = new Set<string>();
  const policies: object[] = [];
  const groups: Suggestion['groups'] = [];
  for (const entry of [...members.values()].sort((a, b) => (a.group < b.group ? -1 : a.group > b.group ? 1 : a.namespace < b.namespace ? -1 : 1))) {
    const values = [...entry.values].sort();
    const selector = values.length === 1 ? `${key} == ${quote(values[0]!)}` : `${key} in {${values.map(quote).join(', ')}}`;
    const name = slug(entry.group, used);
    groups.push({ group: entry.group, namespace: entry.namespace, selector, apps: [...entry.apps].sort() });
    policies.push({
      apiVersion: 'projectcalico.org/v3',
      kind: 'NetworkPolicy',
      metadata: { name: `isolate-${name}`, namespace: entry.namespace },
      spec: { order: minOrder - 1, selector, types: ['Ingress'], ingress: [{ action: 'Deny', source: { notSelector: selector } }] },
    });
    policies.push({
      apiVersion: 'projectcalico.org/v3',
      kind: 'NetworkPolicy',
      metadata: { name: `zz-isolate-${name}-allow`, namespace: entry.namespace },
      spec: { selector, types: ['Ingress'], ingress: [{ action: 'Allow', source: { selector } }] },
    });
  }

  // Proof: the same endpoints (with any labels to add), before and after, on every probe.
  const labelled = (list: readonly Endpoint[]): Endpoint[] => list.map((e) => (extraLabels.has(e.name) ? { ...e, labels: { ...e.labels, ...extraLabels.get(e.name) } } : e));
  // Endpoints declared as resources come back from the resources themselves.
  const declared = new Set([...resources.workloadEndpoints.map((w) => w.name), ...resources.hostEndpoints.map((h) => h.name)]);
  const proofEndpoints = labelled(before.endpoints.filter((e) => !declared.has(e.name)));
  const reference = createSimulator({ resources, endpoints: proofEndpoints });
  // The suggestions go through the same validation as any calicoctl input.
  const suggested = loadResources([{ file: '<suggested policies>', objects: policies }]);
  const combined = { ...resources, policies: [...resources.policies, ...suggested.policies] };
  const after = createSimulator({ resources: combined, endpoints: proofEndpoints });
  const appGroup = new Map<string, string | undefined>();
  for (const e of endpoints) appGroup.set(e.app ?? e.name, groupOf.get(e.name));
  const probes = (input.probes ?? [{ protocol: 'TCP', port: 80 }, { protocol: 'TCP', port: 8080 }, { protocol: 'UDP', port: 53 }]).map((probe): ProbeResult => {
    const was = reference.matrix(probe);
    const now = after.matrix(probe);
    const result: ProbeResult = { ...probe, crossGroupAllowed: [], intraGroupLost: [] };
    for (const from of now.groups) {
      for (const to of now.groups) {
        const target = appGroup.get(to);
        if (target === undefined || !appGroup.has(from)) continue;
        const cell = now.cell(from, to);
        if (appGroup.get(from) !== target) {
          if (cell.allowed > 0 || (cell.total === 0 && cell.verdict === 'allow')) result.crossGroupAllowed.push({ from, to });
        } else if (cell.allowed < was.cell(from, to).allowed) {
          result.intraGroupLost.push({ from, to });
        }
      }
    }
    return result;
  });
  const proven = probes.every((p) => p.crossGroupAllowed.length === 0 && p.intraGroupLost.length === 0);
  const header = `# Suggested by dcos-calico-migrate: ingress only from the same ${input.isolate.by === 'label' ? `${key} label value` : 'Marathon group'}.\n`;
  return {
    policies,
    yaml: header + policies.map((p) => yaml.dump(p, { lineWidth: -1, noRefs: true })).join('---\n'),
    groups,
    labelsToAdd,
    uncovered: [...uncovered].sort(),
    proof: { proven, probes },
  };
}

/** A label key whose values tell the groups apart: every endpoint has it, and no value is shared by two groups. */
function distinguishingKey(endpoints: readonly Endpoint[], groupOf: ReadonlyMap<string, string>): string | undefined {
  const keys = new Set<string>();
  for (const e of endpoints) for (const k of Object.keys(e.labels)) if (!CALICO_KEYS.has(k)) keys.add(k);
  const groupCount = new Set(groupOf.values()).size;
  for (const key of [...keys].sort()) {
    const owner = new Map<string, string>();
    let ok = true;
    for (const e of endpoints) {
      const value = e.labels[key];
      const group = groupOf.get(e.name)!;
      if (value === undefined || (owner.has(value) && owner.get(value) !== group)) {
        ok = false;
        break;
      }
      owner.set(value, group);
    }
    // A key with one value per app would work but is brittle; prefer one that groups as asked (fewer values).
    if (ok && new Set(owner.values()).size === groupCount && owner.size === groupCount) return key;
  }
  return undefined;
}
