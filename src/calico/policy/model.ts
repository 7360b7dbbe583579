/**
 * The evaluation model: policies with the selectors Felix really evaluates (namespace scoping, §3.1 and §4.2),
 * tiers and policies in Felix's order (§3.2), endpoints with the labels Calico gives them (§2.1), and network sets.
 * Both the reference evaluator and the fast matrix read this model, so they cannot disagree on its meaning.
 */
import { UsageError } from '../../errors.js';
import type { CalicoResources, EntityRule, PortSpec, Profile, Rule } from '../resources/model.js';
import { tieredName } from '../resources/model.js';
import { parseIp, type Cidr, type IpAddress } from '../resources/net.js';
import { compareCodePoints, parseSelector, selectorFromNode, type Selector, type SelectorNode } from '../selector/index.js';
import type { Endpoint, NamedPort, PolicyRef, RuleAction, SimulatorOptions } from '../types.js';

export const NAMESPACE_LABEL = 'projectcalico.org/namespace';
export const ORCHESTRATOR_LABEL = 'projectcalico.org/orchestrator';
export const SERVICE_ACCOUNT_LABEL = 'projectcalico.org/serviceaccount';
export const DEFAULT_TIER_ORDER = 1_000_000;

/** Shared (frozen) profile lists, so endpoints without their own share one array. */
const DEFAULT_PROFILES: readonly string[] = Object.freeze(['calico']);
const NO_PROFILES: readonly string[] = Object.freeze([]);

export type Direction = 'ingress' | 'egress';

/** An EntityRule with its selectors as Felix evaluates them. */
export interface CompiledEntity {
  nets: Cidr[];
  notNets: Cidr[];
  /** Positive selector after namespace scoping (§4.2); undefined = no selector criterion. */
  selector?: Selector;
  notSelector?: Selector;
  ports?: PortSpec[];
  notPorts?: PortSpec[];
  /** Kubernetes Services: with the etcd datastore nothing resolves them, so the criterion matches nothing. */
  services: boolean;
}

export interface CompiledRule {
  index: number;
  action: RuleAction;
  /** `ipVersion`, or the family of the rule's CIDRs (a rule only exists in its CIDRs' family). */
  family?: 4 | 6;
  protocol?: number;
  notProtocol?: number;
  icmp?: { type?: number; code?: number };
  notICMP?: { type?: number; code?: number };
  source: CompiledEntity;
  destination: CompiledEntity;
}

export interface CompiledPolicy {
  ref: PolicyRef;
  /** Effective selector (§3.1). */
  selector: Selector;
  order: number;
  /** Tie-break key (≤ v3.31: `<tier>.<name>` for GNP, `<namespace>/<tier>.<name>` for NP). */
  sortKey: string;
  ingress?: CompiledRule[];
  egress?: CompiledRule[];
  /** doNotTrack / preDNAT policies are rendered in raw/mangle chains for host endpoints, never for workloads. */
  hostOnly: boolean;
}

export interface CompiledTier {
  name: string;
  order: number;
  defaultAction: 'Deny' | 'Pass';
  policies: CompiledPolicy[];
}

export interface CompiledProfile {
  name: string;
  ingress: CompiledRule[];
  egress: CompiledRule[];
  labelsToApply: Readonly<Record<string, string>>;
}

/** An endpoint with everything the evaluators need. */
export interface ResolvedEndpoint {
  name: string;
  group: string;
  kind: 'workload' | 'host';
  namespace: string | undefined;
  /** Labels after Calico's additions and profile inheritance. */
  labels: Readonly<Record<string, string>>;
  ip?: IpAddress;
  profiles: readonly string[];
  ports: readonly NamedPort[];
}

export interface ResolvedNetworkSet {
  name: string;
  labels: Readonly<Record<string, string>>;
  nets: Cidr[];
}

export interface PolicyModel {
  tiers: CompiledTier[];
  profiles: Map<string, CompiledProfile>;
  endpoints: ResolvedEndpoint[];
  byName: Map<string, ResolvedEndpoint>;
  networkSets: ResolvedNetworkSet[];
}

function mapLabels(node: SelectorNode, f: (label: string) => string): SelectorNode {
  switch (node.kind) {
    case 'all':
    case 'global':
      return node;
    case 'not':
      return { kind: 'not', operand: mapLabels(node.operand, f) };
    case 'and':
    case 'or':
      return { kind: node.kind, operands: node.operands.map((o) => mapLabels(o, f)) };
    default:
      return { ...node, label: f(node.label) };
  }
}

function replaceAtoms(node: SelectorNode, f: (atom: SelectorNode) => SelectorNode): SelectorNode {
  switch (node.kind) {
    case 'not':
      return { kind: 'not', operand: replaceAtoms(node.operand, f) };
    case 'and':
    case 'or':
      return { kind: node.kind, operands: node.operands.map((o) => replaceAtoms(o, f)) };
    default:
      return f(node);
  }
}

const HAS_NAMESPACE: SelectorNode = { kind: 'has', label: NAMESPACE_LABEL };

function and(...nodes: Array<SelectorNode | undefined>): SelectorNode | undefined {
  const present = nodes.filter((n): n is SelectorNode => n !== undefined);
  if (present.length === 0) return undefined;
  return present.length === 1 ? present[0] : { kind: 'and', operands: present };
}

function namespaceEquals(namespace: string): SelectorNode {
  return { kind: 'eq', label: NAMESPACE_LABEL, value: namespace };
}

/** `namespaceSelector` as Felix evaluates it: labels prefixed `pcns.`, all() = namespaced, global() = not namespaced. */
function namespaceScope(source: string): SelectorNode {
  const prefixed = mapLabels(parseSelector(source).ast, (label) => `pcns.${label}`);
  return replaceAtoms(prefixed, (atom) => (atom.kind === 'all' ? HAS_NAMESPACE : atom.kind === 'global' ? { kind: 'not', operand: HAS_NAMESPACE } : atom));
}

function serviceAccountNode(accounts: { names: string[]; selector?: string } | undefined): SelectorNode | undefined {
  if (!accounts) return undefined;
  const names: SelectorNode | undefined = accounts.names.length > 0 ? { kind: 'in', label: SERVICE_ACCOUNT_LABEL, values: [...accounts.names].sort(compareCodePoints) } : undefined;
  const selector = accounts.selector ? replaceAtoms(mapLabels(parseSelector(accounts.selector).ast, (l) => `pcsa.${l}`), (a) => (a.kind === 'all' ? { kind: 'has', label: SERVICE_ACCOUNT_LABEL } : a)) : undefined;
  return and(names, selector) ?? { kind: 'has', label: SERVICE_ACCOUNT_LABEL };
}

function compileEntity(entity: EntityRule, namespace: string | undefined): CompiledEntity {
  const out: CompiledEntity = { nets: entity.nets, notNets: entity.notNets, services: entity.services !== undefined };
  const scope = entity.namespaceSelector ? namespaceScope(entity.namespaceSelector) : namespace ? namespaceEquals(namespace) : undefined;
  const own = and(entity.selector ? parseSelector(entity.selector).ast : undefined, serviceAccountNode(entity.serviceAccounts));
  const selectorish = entity.selector !== undefined || entity.notSelector !== undefined || entity.namespaceSelector !== undefined || entity.serviceAccounts !== undefined;
  const positive = scope && selectorish ? and(scope, own) : own;
  if (positive) out.selector = selectorFromNode(positive);
  if (entity.notSelector !== undefined) out.notSelector = parseSelector(entity.notSelector);
  if (entity.ports) out.ports = entity.ports;
  if (entity.notPorts) out.notPorts = entity.notPorts;
  return out;
}

function compileRules(rules: readonly Rule[], namespace: string | undefined): CompiledRule[] {
  return rules.map((rule, index) => {
    const compiled: CompiledRule = {
      index,
      action: rule.action,
      source: compileEntity(rule.source, namespace),
      destination: compileEntity(rule.destination, namespace),
    };
    const cidrs = [...rule.source.nets, ...rule.source.notNets, ...rule.destination.nets, ...rule.destination.notNets];
    const family = rule.ipVersion ?? cidrs[0]?.family ?? (rule.protocol === 1 ? 4 : rule.protocol === 58 ? 6 : undefined);
    if (family !== undefined) compiled.family = family;
    if (rule.protocol !== undefined) compiled.protocol = rule.protocol;
    if (rule.notProtocol !== undefined) compiled.notProtocol = rule.notProtocol;
    if (rule.icmp) compiled.icmp = rule.icmp;
    if (rule.notICMP) compiled.notICMP = rule.notICMP;
    return compiled;
  });
}

function compileProfile(profile: Profile): CompiledProfile {
  // Profile rules are converted with an empty namespace: not namespace-scoped (§3.4).
  return { name: profile.name, ingress: compileRules(profile.ingress, undefined), egress: compileRules(profile.egress, undefined), labelsToApply: profile.labelsToApply };
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Resolves an endpoint's labels as Calico sees them (§2.1). */
export function resolveEndpoint(
  endpoint: Endpoint,
  profiles: ReadonlyMap<string, CompiledProfile>,
  options: SimulatorOptions = {},
  cache?: WeakMap<object, Map<string, Readonly<Record<string, string>>>>,
): ResolvedEndpoint {
  const kind = endpoint.kind ?? 'workload';
  const namespace = kind === 'workload' ? (endpoint.namespace ?? 'default') : undefined;
  const profileNames = endpoint.profiles ?? (kind === 'workload' ? DEFAULT_PROFILES : NO_PROFILES);
  // Instances of one app usually share one labels object: resolve it once (and share the result, which lets the
  // matrix recognise identical label sets cheaply).
  const cacheKey = `${kind}\u0000${namespace ?? ''}\u0000${profileNames.join('\u0001')}`;
  let labels = cache?.get(endpoint.labels)?.get(cacheKey);
  if (!labels) {
    labels = effectiveLabels(endpoint.labels, namespace, profileNames, profiles, options);
    if (cache) {
      let byKey = cache.get(endpoint.labels);
      if (!byKey) cache.set(endpoint.labels, (byKey = new Map()));
      byKey.set(cacheKey, labels);
    }
  }
  let ip: IpAddress | undefined;
  if (endpoint.ip !== undefined) {
    ip = parseIp(endpoint.ip);
    if (!ip) throw new UsageError(`endpoint ${JSON.stringify(endpoint.name)} has an invalid IP address ${JSON.stringify(endpoint.ip)}`);
  }
  const resolved: ResolvedEndpoint = { name: endpoint.name, group: endpoint.app ?? endpoint.name, kind, namespace, labels, profiles: profileNames, ports: endpoint.ports ?? [] };
  if (ip) resolved.ip = ip;
  return resolved;
}

function effectiveLabels(
  own: Readonly<Record<string, string>>,
  namespace: string | undefined,
  profileNames: readonly string[],
  profiles: ReadonlyMap<string, CompiledProfile>,
  options: SimulatorOptions,
): Readonly<Record<string, string>> {
  const labels: Record<string, string> = {};
  for (const [key, value] of Object.entries(own)) {
    if (key.startsWith('pcns.') || key.startsWith('pcsa.')) continue;
    labels[key] = value;
  }
  if (namespace !== undefined) {
    labels[NAMESPACE_LABEL] = namespace;
    labels[ORCHESTRATOR_LABEL] ??= options.orchestrator ?? 'cni';
  } else {
    delete labels[NAMESPACE_LABEL];
  }
  for (const name of profileNames) {
    const profile = profiles.get(name);
    if (!profile) continue;
    for (const [key, value] of Object.entries(profile.labelsToApply)) if (!Object.prototype.hasOwnProperty.call(labels, key)) labels[key] = value;
  }
  return labels;
}

/** Endpoints declared as WorkloadEndpoint / HostEndpoint resources. */
export function endpointsFromResources(resources: CalicoResources): Endpoint[] {
  const out: Endpoint[] = [];
  for (const wep of resources.workloadEndpoints) {
    const labels: Record<string, string> = { ...wep.labels };
    if (wep.orchestrator) labels[ORCHESTRATOR_LABEL] = wep.orchestrator;
    const endpoint: Endpoint = { name: wep.name, labels, namespace: wep.namespace, profiles: wep.profiles, ports: wep.ports, app: wep.workload ?? wep.name };
    if (wep.ipNetworks[0]) endpoint.ip = wep.ipNetworks[0];
    out.push(endpoint);
  }
  for (const hep of resources.hostEndpoints) {
    const endpoint: Endpoint = { name: hep.name, labels: hep.labels, profiles: hep.profiles, ports: hep.ports, kind: 'host', app: hep.node ?? hep.name };
    if (hep.expectedIPs[0]) endpoint.ip = hep.expectedIPs[0];
    out.push(endpoint);
  }
  return out;
}

/**
 * Builds the evaluation model.
 * @throws UsageError on duplicate endpoint names or invalid endpoint addresses.
 */
export function buildModel(resources: CalicoResources, endpoints: readonly Endpoint[], options: SimulatorOptions = {}): PolicyModel {
  const profiles = new Map<string, CompiledProfile>();
  for (const profile of resources.profiles) profiles.set(profile.name, compileProfile(profile));

  const tierDefs = new Map<string, { order: number; defaultAction: 'Deny' | 'Pass' }>([['default', { order: DEFAULT_TIER_ORDER, defaultAction: 'Deny' }]]);
  for (const tier of resources.tiers) {
    tierDefs.set(tier.name, { order: tier.name === 'default' ? DEFAULT_TIER_ORDER : (tier.order ?? Infinity), defaultAction: tier.defaultAction });
  }
  const tiers = new Map<string, CompiledTier>();
  for (const [name, def] of tierDefs) tiers.set(name, { name, ...def, policies: [] });

  for (const policy of resources.policies) {
    const tier = tiers.get(policy.tier);
    if (!tier) continue; // the loader reports a missing tier
    let selector: SelectorNode = parseSelector(policy.selector).ast;
    if (policy.kind === 'NetworkPolicy') {
      selector = and(policy.selector.trim() ? selector : undefined, namespaceEquals(policy.namespace ?? 'default'))!;
    } else if (policy.namespaceSelector) {
      selector = replaceAtoms(and(selector, mapLabels(parseSelector(policy.namespaceSelector).ast, (l) => `pcns.${l}`))!, (a) => (a.kind === 'all' ? HAS_NAMESPACE : a));
    }
    if (policy.serviceAccountSelector) {
      const sa = replaceAtoms(mapLabels(parseSelector(policy.serviceAccountSelector).ast, (l) => `pcsa.${l}`), (a) => (a.kind === 'all' ? { kind: 'has', label: SERVICE_ACCOUNT_LABEL } : a));
      selector = and(selector, sa)!;
    }
    const namespace = policy.kind === 'NetworkPolicy' ? (policy.namespace ?? 'default') : undefined;
    const ref: PolicyRef = { kind: policy.kind, name: policy.name, tier: policy.tier };
    if (namespace !== undefined) ref.namespace = namespace;
    const compiled: CompiledPolicy = {
      ref,
      selector: selectorFromNode(selector),
      order: policy.order ?? Infinity,
      sortKey: namespace !== undefined ? `${namespace}/${tieredName(policy)}` : tieredName(policy),
      hostOnly: policy.doNotTrack || policy.preDNAT,
    };
    if (policy.types.includes('Ingress')) compiled.ingress = compileRules(policy.ingress, namespace);
    if (policy.types.includes('Egress')) compiled.egress = compileRules(policy.egress, namespace);
    tier.policies.push(compiled);
  }
  const sortedTiers = [...tiers.values()].sort((a, b) => a.order - b.order || compareStrings(a.name, b.name));
  for (const tier of sortedTiers) tier.policies.sort((a, b) => (a.order === b.order ? compareStrings(a.sortKey, b.sortKey) : a.order < b.order ? -1 : 1));

  const resolved: ResolvedEndpoint[] = [];
  const labelCache = new WeakMap<object, Map<string, Readonly<Record<string, string>>>>();
  const byName = new Map<string, ResolvedEndpoint>();
  for (const endpoint of [...endpointsFromResources(resources), ...endpoints]) {
    if (byName.has(endpoint.name)) throw new UsageError(`two endpoints are named ${JSON.stringify(endpoint.name)}; endpoint names must be unique`);
    if (endpoint.name.startsWith('external:')) throw new UsageError(`endpoint name ${JSON.stringify(endpoint.name)} is reserved for addresses outside Calico`);
    const r = resolveEndpoint(endpoint, profiles, options, labelCache);
    resolved.push(r);
    byName.set(r.name, r);
  }
  const networkSets: ResolvedNetworkSet[] = resources.networkSets.map((set) => ({
    name: set.kind === 'NetworkSet' ? `${set.namespace ?? 'default'}/${set.name}` : set.name,
    labels: set.kind === 'NetworkSet' ? { ...set.labels, [NAMESPACE_LABEL]: set.namespace ?? 'default' } : set.labels,
    nets: set.nets,
  }));
  return { tiers: sortedTiers, profiles, endpoints: resolved, byName, networkSets };
}
