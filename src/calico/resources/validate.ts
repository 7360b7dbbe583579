/**
 * Decodes one calicoctl v3 object into the simulator's model and validates it as strictly as calicoctl does
 * (strict field decoding, then libcalico-go's validator, then clientv3 defaulting): see calico-semantics §6.
 * Problems are collected, never thrown, so one run reports every mistake of a file.
 */
import { validateLabelKey, validateLabelValue } from '../../core/labels.js';
import { isValidSelector, parseSelector } from '../selector/index.js';
import type { NamedPort, RuleAction } from '../types.js';
import type {
  EntityRule,
  HostEndpointResource,
  IcmpMatch,
  NetworkSet,
  Policy,
  PolicyType,
  PortSpec,
  Profile,
  ResourceOrigin,
  ResourceProblem,
  Rule,
  Tier,
  WorkloadEndpointResource,
} from './model.js';
import { PROTOCOL_NUMBERS } from './model.js';
import { isCatchAll, parseCidr, parseIp, type Cidr } from './net.js';

type Path = ReadonlyArray<string | number>;
type Json = Record<string, unknown>;

export const API_VERSION = 'projectcalico.org/v3';

export type ResourceKind =
  | 'NetworkPolicy'
  | 'GlobalNetworkPolicy'
  | 'Tier'
  | 'Profile'
  | 'IPPool'
  | 'NetworkSet'
  | 'GlobalNetworkSet'
  | 'WorkloadEndpoint'
  | 'HostEndpoint';

export const RESOURCE_KINDS: readonly ResourceKind[] = [
  'NetworkPolicy',
  'GlobalNetworkPolicy',
  'Tier',
  'Profile',
  'IPPool',
  'NetworkSet',
  'GlobalNetworkSet',
  'WorkloadEndpoint',
  'HostEndpoint',
];

const NAMESPACED: ReadonlySet<ResourceKind> = new Set(['NetworkPolicy', 'NetworkSet', 'WorkloadEndpoint']);

export type DecodedResource =
  | { kind: 'NetworkPolicy' | 'GlobalNetworkPolicy'; value: Policy }
  | { kind: 'Tier'; value: Tier }
  | { kind: 'Profile'; value: Profile }
  | { kind: 'IPPool'; value: { apiVersion: string; kind: 'IPPool'; metadata: { name: string }; spec: Json } }
  | { kind: 'NetworkSet' | 'GlobalNetworkSet'; value: NetworkSet }
  | { kind: 'WorkloadEndpoint'; value: WorkloadEndpointResource }
  | { kind: 'HostEndpoint'; value: HostEndpointResource };

const OBJECT_META_FIELDS = [
  'name',
  'generateName',
  'namespace',
  'selfLink',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'labels',
  'annotations',
  'ownerReferences',
  'finalizers',
  'managedFields',
];

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const SUBDOMAIN_MESSAGE =
  "name must consist of lower case alphanumeric characters, '-' or '.' (regex: [a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)";
const POLICY_NAME_MESSAGE = "name must consist of lower case alphanumeric characters or '-' (regex: [a-z0-9]([-a-z0-9]*[a-z0-9])?)";

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function pathText(path: Path): string {
  let text = '';
  for (const part of path) text += typeof part === 'number' ? `[${part}]` : text === '' ? part : `.${part}`;
  return text;
}

function pointerOf(path: Path): string {
  return path.map((part) => `/${String(part).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

function show(value: unknown): string {
  const text = typeof value === 'string' ? value : value === undefined ? '(missing)' : String(JSON.stringify(value));
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** Collects problems of one document. */
class Checker {
  resource: string | undefined;
  constructor(
    readonly origin: ResourceOrigin,
    readonly problems: ResourceProblem[],
    readonly base: Path = [],
  ) {}

  add(path: Path, message: string): void {
    const full = [...this.base, ...path];
    const problem: ResourceProblem = { origin: this.origin, path: pathText(full), pointer: pointerOf(full), message };
    if (this.resource !== undefined) problem.resource = this.resource;
    this.problems.push(problem);
  }

  /** Reports fields Calico's strict decoding would reject. */
  fields(value: Json, path: Path, allowed: readonly string[]): void {
    for (const key of Object.keys(value)) {
      if (!allowed.includes(key)) this.add([...path, key], `unknown field "${key}"`);
    }
  }

  object(value: unknown, path: Path): Json | undefined {
    if (value === undefined || value === null) return undefined;
    if (!isRecord(value)) {
      this.add(path, `must be an object, not ${show(value)}`);
      return undefined;
    }
    return value;
  }

  string(value: unknown, path: Path): string | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') {
      this.add(path, `must be a string, not ${show(value)}`);
      return undefined;
    }
    return value;
  }

  boolean(value: unknown, path: Path): boolean {
    if (value === undefined || value === null) return false;
    if (typeof value !== 'boolean') {
      this.add(path, `must be true or false, not ${show(value)}`);
      return false;
    }
    return value;
  }

  number(value: unknown, path: Path): number | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      this.add(path, `must be a number, not ${show(value)}`);
      return undefined;
    }
    return value;
  }

  array(value: unknown, path: Path): unknown[] {
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) {
      this.add(path, `must be a list, not ${show(value)}`);
      return [];
    }
    return value;
  }

  strings(value: unknown, path: Path): string[] {
    const out: string[] = [];
    this.array(value, path).forEach((item, i) => {
      const text = this.string(item, [...path, i]);
      if (text !== undefined) out.push(text);
    });
    return out;
  }

  labels(value: unknown, path: Path): Record<string, string> {
    const map = this.object(value, path) ?? {};
    const out: Record<string, string> = {};
    for (const [key, raw] of Object.entries(map)) {
      if (typeof raw !== 'string') {
        this.add([...path, key], `label value must be a string, not ${show(raw)}`);
        continue;
      }
      for (const message of validateLabelKey(key)) this.add([...path, key], `invalid label name ${show(key)}: ${message}`);
      for (const message of validateLabelValue(raw)) this.add([...path, key], `invalid label value ${show(raw)}: ${message}`);
      out[key] = raw;
    }
    return out;
  }

  /** A selector field: must parse; `global()` only where Calico allows it. */
  selector(value: unknown, path: Path, place: 'policy' | 'entity' | 'entity-namespace' | 'pool'): string | undefined {
    const text = this.string(value, path);
    if (text === undefined) return undefined;
    if (!isValidSelector(text)) {
      let reason = '';
      try {
        parseSelector(text);
      } catch (error) {
        reason = `: ${(error as Error).message}`;
      }
      this.add(path, `invalid selector${reason}`);
      return undefined;
    }
    if (place === 'pool' && text.includes('global(')) {
      this.add(path, `global() selector is not valid for IPPool ${String(path[path.length - 1])} - use all() instead`);
    } else if ((place === 'policy' || place === 'entity') && text.includes('global()')) {
      this.add(path, 'global() can only be used in an EntityRule namespaceSelector');
    } else if (place === 'entity-namespace' && text.includes('global()') && text.trim() !== 'global()') {
      this.add(path, 'global() cannot be combined with other selectors');
    }
    return text;
  }
}

function checkSubdomainName(checker: Checker, name: string, path: Path): void {
  if (name.length > 253) checker.add(path, `name is too long by ${name.length - 253} bytes`);
  if (!DNS1123_SUBDOMAIN.test(name)) checker.add(path, SUBDOMAIN_MESSAGE);
}

function checkPolicyName(checker: Checker, kind: 'NetworkPolicy' | 'GlobalNetworkPolicy', name: string, tier: string, path: Path): void {
  if (name.length > 253) checker.add(path, `name is too long by ${name.length - 253} bytes`);
  const parts = name.split('.');
  const k8sStyle = kind === 'NetworkPolicy' && /^(knp|ossg)\.default\./.test(name) && DNS1123_SUBDOMAIN.test(name.replace(/^(knp|ossg)\.default\./, ''));
  if (kind === 'GlobalNetworkPolicy' && name.startsWith('knp.default.')) {
    checker.add(path, 'GlobalNetworkPolicy names cannot start with knp.default.');
    return;
  }
  if (!k8sStyle && (parts.length > 2 || !parts.every((part) => DNS1123_LABEL.test(part)))) {
    checker.add(path, POLICY_NAME_MESSAGE);
    return;
  }
  // Tiered names (≤ v3.31): a dotted name must carry its tier as prefix.
  if (!k8sStyle && parts.length === 2 && parts[0] !== tier) checker.add(path, `Incorrectly formatted policy name ${name}`);
}

/** Parses a protocol: a name (case-sensitive) or a number 1-255, as an integer or numeric string. */
function parseProtocol(checker: Checker, value: unknown, path: Path): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number' || (typeof value === 'string' && /^\d+$/.test(value))) {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1 || n > 255) {
      checker.add(path, `protocol number invalid (${show(value)}); must be 1-255`);
      return undefined;
    }
    return n;
  }
  if (typeof value === 'string' && Object.prototype.hasOwnProperty.call(PROTOCOL_NUMBERS, value)) return PROTOCOL_NUMBERS[value];
  checker.add(path, `protocol name invalid (${show(value)}); Calico accepts TCP, UDP, ICMP, ICMPv6, SCTP, UDPLite or a number 1-255 (names are case-sensitive)`);
  return undefined;
}

const K8S_PORT_NAME = /^(?=.*[a-z])[a-z0-9]([a-z0-9]|-(?!-))*$/;

function checkPortName(checker: Checker, name: string, path: Path): boolean {
  if (name.length > 15 || !K8S_PORT_NAME.test(name) || name.endsWith('-')) {
    checker.add(path, `invalid name for named port (${name}): 1-15 lower-case alphanumerics or '-', at least one letter, no leading, trailing or doubled '-'`);
    return false;
  }
  return true;
}

function parsePort(checker: Checker, value: unknown, path: Path): PortSpec | undefined {
  let min: number;
  let max: number;
  if (typeof value === 'number') {
    if (!Number.isInteger(value) || value < 0 || value > 65535) {
      checker.add(path, `invalid port format (${show(value)})`);
      return undefined;
    }
    min = max = value;
  } else if (typeof value === 'string') {
    const range = /^(\d+):(\d+)$/.exec(value);
    if (/^\d+$/.test(value)) {
      min = max = Number(value);
    } else if (range) {
      min = Number(range[1]);
      max = Number(range[2]);
      if (min > max) {
        checker.add(path, `minimum port number (${min}) is greater than maximum port number (${max}) in port range`);
        return undefined;
      }
    } else if (/^[a-zA-Z0-9_.-]{1,128}$/.test(value)) {
      return checkPortName(checker, value, path) ? { name: value } : undefined;
    } else {
      checker.add(path, `invalid port format (${value})`);
      return undefined;
    }
    if (max > 65535) {
      checker.add(path, `invalid port format (${value})`);
      return undefined;
    }
  } else {
    checker.add(path, `invalid port format (${show(value)})`);
    return undefined;
  }
  if (min === 0) {
    checker.add(path, 'port range invalid, port number must be between 1 and 65535');
    return undefined;
  }
  return { min, max };
}

function parseIcmp(checker: Checker, value: unknown, path: Path): IcmpMatch | undefined {
  const icmp = checker.object(value, path);
  if (!icmp) return undefined;
  checker.fields(icmp, path, ['type', 'code']);
  const type = checker.number(icmp.type, [...path, 'type']);
  const code = checker.number(icmp.code, [...path, 'code']);
  const out: IcmpMatch = {};
  if (type !== undefined) {
    if (!Number.isInteger(type) || type < 0 || type > 254) checker.add([...path, 'type'], 'ICMP type must be 0-254');
    else out.type = type;
  }
  if (code !== undefined) {
    if (type === undefined) checker.add([...path, 'code'], 'ICMP code specified without an ICMP type');
    else if (!Number.isInteger(code) || code < 0 || code > 255) checker.add([...path, 'code'], 'ICMP code must be 0-255');
    else out.code = code;
  }
  return out;
}

interface RuleContext {
  direction: 'ingress' | 'egress';
  owner: 'NetworkPolicy' | 'GlobalNetworkPolicy' | 'Profile';
}

function parseNets(checker: Checker, value: unknown, path: Path, negated: boolean): Cidr[] {
  const out: Cidr[] = [];
  checker.strings(value, path).forEach((text, i) => {
    const cidr = parseCidr(text);
    if (!cidr || !cidr.strict) {
      checker.add([...path, i], `invalid CIDR ${show(text)}${cidr ? ' (not strictly masked: host bits are set)' : ''}`);
      return;
    }
    if (negated && isCatchAll(cidr)) {
      checker.add([...path, i], 'catch-all CIDR in negation creates logical contradiction (matches no traffic)');
      return;
    }
    out.push(cidr);
  });
  return out;
}

function parseEntity(checker: Checker, value: unknown, path: Path, side: 'source' | 'destination', rule: { protocol?: number }, context: RuleContext): EntityRule {
  const entity: EntityRule = { nets: [], notNets: [] };
  const raw = checker.object(value, path);
  if (!raw) return entity;
  checker.fields(raw, path, ['nets', 'selector', 'namespaceSelector', 'services', 'ports', 'notNets', 'notSelector', 'notPorts', 'serviceAccounts']);
  entity.nets = parseNets(checker, raw.nets, [...path, 'nets'], false);
  entity.notNets = parseNets(checker, raw.notNets, [...path, 'notNets'], true);
  const selector = checker.selector(raw.selector, [...path, 'selector'], 'entity');
  if (selector !== undefined) entity.selector = selector;
  const notSelector = checker.selector(raw.notSelector, [...path, 'notSelector'], 'entity');
  if (notSelector !== undefined) entity.notSelector = notSelector;
  const namespaceSelector = checker.selector(raw.namespaceSelector, [...path, 'namespaceSelector'], 'entity-namespace');
  if (namespaceSelector !== undefined) entity.namespaceSelector = namespaceSelector;

  const portsCapable = rule.protocol === 6 || rule.protocol === 17 || rule.protocol === 132;
  for (const field of ['ports', 'notPorts'] as const) {
    if (raw[field] === undefined || raw[field] === null) continue;
    const list = checker.array(raw[field], [...path, field]);
    if (!portsCapable && list.length > 0) {
      checker.add([...path, field], 'rules that specify ports must set protocol to TCP or UDP or SCTP');
    }
    const ports: PortSpec[] = [];
    list.forEach((item, i) => {
      const port = parsePort(checker, item, [...path, field, i]);
      if (port) ports.push(port);
    });
    entity[field] = ports;
  }

  const accounts = checker.object(raw.serviceAccounts, [...path, 'serviceAccounts']);
  if (accounts) {
    checker.fields(accounts, [...path, 'serviceAccounts'], ['names', 'selector']);
    const sa: { names: string[]; selector?: string } = { names: checker.strings(accounts.names, [...path, 'serviceAccounts', 'names']) };
    const saSelector = checker.selector(accounts.selector, [...path, 'serviceAccounts', 'selector'], 'entity');
    if (saSelector !== undefined) sa.selector = saSelector;
    entity.serviceAccounts = sa;
  }

  const services = checker.object(raw.services, [...path, 'services']);
  if (services) {
    checker.fields(services, [...path, 'services'], ['name', 'namespace']);
    const name = checker.string(services.name, [...path, 'services', 'name']) ?? '';
    const namespace = checker.string(services.namespace, [...path, 'services', 'namespace']);
    entity.services = namespace === undefined ? { name } : { name, namespace };
    const servicePath = [...path, 'services'];
    if (entity.selector !== undefined || entity.notSelector !== undefined || entity.namespaceSelector !== undefined || accounts || entity.nets.length > 0 || entity.notNets.length > 0) {
      checker.add(servicePath, 'cannot specify services together with selector, notSelector, namespaceSelector, serviceAccounts, nets or notNets');
    }
    const allowedSide = (context.direction === 'ingress' && side === 'source') || (context.direction === 'egress' && side === 'destination');
    if (!allowedSide) checker.add(servicePath, 'services may only be used in an ingress rule source or an egress rule destination');
    if (context.direction === 'egress' && side === 'destination' && (entity.ports?.length || entity.notPorts?.length)) {
      checker.add(servicePath, 'cannot specify ports with a service selector on an egress destination');
    }
    if (context.owner === 'GlobalNetworkPolicy' && namespace === undefined) checker.add([...servicePath, 'namespace'], 'must specify a namespace for services in a GlobalNetworkPolicy');
  }
  return entity;
}

function parseRule(checker: Checker, value: unknown, path: Path, context: RuleContext): Rule | undefined {
  const raw = checker.object(value, path);
  if (!raw) {
    checker.add(path, 'a rule must be an object');
    return undefined;
  }
  checker.fields(raw, path, ['action', 'ipVersion', 'protocol', 'icmp', 'notProtocol', 'notICMP', 'source', 'destination', 'http', 'metadata']);
  const action = raw.action;
  if (action === undefined) checker.add([...path, 'action'], 'action is required (Allow, Deny, Log or Pass)');
  else if (action !== 'Allow' && action !== 'Deny' && action !== 'Log' && action !== 'Pass') {
    checker.add([...path, 'action'], `action ${show(action)} is not one of Allow, Deny, Log, Pass (case-sensitive)`);
  }
  const rule: Rule = { action: (typeof action === 'string' ? action : 'Deny') as RuleAction, source: { nets: [], notNets: [] }, destination: { nets: [], notNets: [] } };

  if (raw.ipVersion !== undefined && raw.ipVersion !== null) {
    if (raw.ipVersion !== 4 && raw.ipVersion !== 6) checker.add([...path, 'ipVersion'], `ipVersion must be 4 or 6, not ${show(raw.ipVersion)}`);
    else rule.ipVersion = raw.ipVersion;
  }
  const protocol = parseProtocol(checker, raw.protocol, [...path, 'protocol']);
  if (protocol !== undefined) rule.protocol = protocol;
  const notProtocol = parseProtocol(checker, raw.notProtocol, [...path, 'notProtocol']);
  if (notProtocol !== undefined) rule.notProtocol = notProtocol;

  for (const field of ['icmp', 'notICMP'] as const) {
    if (raw[field] === undefined || raw[field] === null) continue;
    const icmp = parseIcmp(checker, raw[field], [...path, field]);
    if (rule.protocol !== 1 && rule.protocol !== 58) checker.add([...path, field], 'rules that specify ICMP fields must set protocol to ICMP');
    if (icmp) rule[field] = icmp;
  }
  if (rule.protocol === 1 && rule.ipVersion === 6) checker.add([...path, 'ipVersion'], "must set ipversion to '4' with protocol icmp");
  if (rule.protocol === 58 && rule.ipVersion === 4) checker.add([...path, 'ipVersion'], "must set ipversion to '6' with protocol icmpv6");

  rule.source = parseEntity(checker, raw.source, [...path, 'source'], 'source', rule, context);
  rule.destination = parseEntity(checker, raw.destination, [...path, 'destination'], 'destination', rule, context);

  const families = new Set<number>();
  for (const cidr of [...rule.source.nets, ...rule.source.notNets, ...rule.destination.nets, ...rule.destination.notNets]) families.add(cidr.family);
  if (families.size > 1) checker.add(path, 'rule contains both IPv4 and IPv6 CIDRs');
  else if (rule.ipVersion !== undefined && families.size === 1 && !families.has(rule.ipVersion)) checker.add([...path, 'ipVersion'], "rule IP version doesn't match CIDR version");

  if (raw.http !== undefined && raw.http !== null) {
    const http = checker.object(raw.http, [...path, 'http']);
    if (http) {
      checker.fields(http, [...path, 'http'], ['methods', 'paths']);
      checker.strings(http.methods, [...path, 'http', 'methods']);
      checker.array(http.paths, [...path, 'http', 'paths']).forEach((item, i) => {
        const match = checker.object(item, [...path, 'http', 'paths', i]);
        if (!match) return;
        checker.fields(match, [...path, 'http', 'paths', i], ['exact', 'prefix']);
        if ((match.exact === undefined) === (match.prefix === undefined)) checker.add([...path, 'http', 'paths', i], 'a path match needs exactly one of exact or prefix');
      });
    }
    if (rule.action !== 'Allow') checker.add([...path, 'http'], 'http match is only valid for Allow rules');
    if (rule.protocol !== undefined && rule.protocol !== 6) checker.add([...path, 'http'], 'rules that specify HTTP fields must set protocol to TCP or empty');
    if (context.direction === 'egress') checker.add([...path, 'http'], 'http match is not valid in egress rules');
    rule.http = raw.http;
  }
  const metadata = checker.object(raw.metadata, [...path, 'metadata']);
  if (metadata) {
    checker.fields(metadata, [...path, 'metadata'], ['annotations']);
    checker.object(metadata.annotations, [...path, 'metadata', 'annotations']);
  }
  return rule;
}

function parseRules(checker: Checker, value: unknown, path: Path, context: RuleContext): Rule[] {
  const rules: Rule[] = [];
  checker.array(value, path).forEach((item, i) => {
    const rule = parseRule(checker, item, [...path, i], context);
    if (rule) rules.push(rule);
  });
  return rules;
}

function parseNamedPorts(checker: Checker, value: unknown, path: Path, requireName: boolean): NamedPort[] {
  const out: NamedPort[] = [];
  checker.array(value, path).forEach((item, i) => {
    const raw = checker.object(item, [...path, i]);
    if (!raw) return;
    checker.fields(raw, [...path, i], ['name', 'protocol', 'port', 'hostPort', 'hostIP']);
    const name = checker.string(raw.name, [...path, i, 'name']);
    const protocol = parseProtocol(checker, raw.protocol, [...path, i, 'protocol']);
    const port = checker.number(raw.port, [...path, i, 'port']);
    const hostPort = checker.number(raw.hostPort, [...path, i, 'hostPort']);
    if (protocol !== 6 && protocol !== 17 && protocol !== 132) checker.add([...path, i, 'protocol'], 'WorkloadEndpointPort protocol does not support ports.');
    if (port === undefined || !Number.isInteger(port) || port < 1 || port > 65535) checker.add([...path, i, 'port'], 'port must be 1-65535');
    if (!name && (requireName || !hostPort)) checker.add([...path, i, 'name'], 'WorkloadEndpointPort name must not be empty if no HostPort is specified');
    if (name && !checkPortName(checker, name, [...path, i, 'name'])) return;
    if (name && port !== undefined && (protocol === 6 || protocol === 17 || protocol === 132)) {
      out.push({ name, protocol: protocol === 6 ? 'TCP' : protocol === 17 ? 'UDP' : 'SCTP', port });
    }
  });
  return out;
}

function defaultTypes(ingress: readonly Rule[], egress: readonly Rule[]): PolicyType[] {
  // clientv3 defaultPolicyTypesField: Egress only when there are egress rules; Ingress unless only egress rules.
  if (egress.length === 0) return ['Ingress'];
  return ingress.length === 0 ? ['Egress'] : ['Ingress', 'Egress'];
}

function decodePolicy(checker: Checker, kind: 'NetworkPolicy' | 'GlobalNetworkPolicy', name: string, namespace: string | undefined, spec: Json, origin: ResourceOrigin): Policy {
  const global = kind === 'GlobalNetworkPolicy';
  checker.fields(spec, ['spec'], [
    'tier',
    'order',
    'selector',
    'types',
    'ingress',
    'egress',
    'serviceAccountSelector',
    'performanceHints',
    ...(global ? ['doNotTrack', 'preDNAT', 'applyOnForward', 'namespaceSelector'] : []),
  ]);
  const tier = checker.string(spec.tier, ['spec', 'tier']) || 'default';
  checkPolicyName(checker, kind, name, tier, ['metadata', 'name']);
  const context = { owner: kind } as const;
  const ingress = parseRules(checker, spec.ingress, ['spec', 'ingress'], { ...context, direction: 'ingress' });
  const egress = parseRules(checker, spec.egress, ['spec', 'egress'], { ...context, direction: 'egress' });
  let types: PolicyType[] = [];
  const seen = new Set<string>();
  checker.array(spec.types, ['spec', 'types']).forEach((type, i) => {
    if (type !== 'Ingress' && type !== 'Egress') {
      checker.add(['spec', 'types', i], `type ${show(type)} must be Ingress or Egress`);
      return;
    }
    if (seen.has(type)) checker.add(['spec', 'types', i], `'${type}' type specified more than once`);
    seen.add(type);
    types.push(type);
  });
  if (types.length === 0) types = defaultTypes(ingress, egress);
  types = [...new Set(types)];

  const policy: Policy = {
    kind,
    name,
    tier,
    selector: checker.selector(spec.selector, ['spec', 'selector'], 'policy') ?? '',
    types,
    ingress,
    egress,
    doNotTrack: global ? checker.boolean(spec.doNotTrack, ['spec', 'doNotTrack']) : false,
    preDNAT: global ? checker.boolean(spec.preDNAT, ['spec', 'preDNAT']) : false,
    applyOnForward: global ? checker.boolean(spec.applyOnForward, ['spec', 'applyOnForward']) : false,
    origin,
  };
  if (namespace !== undefined) policy.namespace = namespace;
  const order = checker.number(spec.order, ['spec', 'order']);
  if (order !== undefined) policy.order = order;
  const saSelector = checker.selector(spec.serviceAccountSelector, ['spec', 'serviceAccountSelector'], 'policy');
  if (saSelector) policy.serviceAccountSelector = saSelector;
  if (global) {
    const nsSelector = checker.selector(spec.namespaceSelector, ['spec', 'namespaceSelector'], 'policy');
    if (nsSelector) policy.namespaceSelector = nsSelector;
    if (policy.doNotTrack && policy.preDNAT) checker.add(['spec', 'preDNAT'], 'PreDNAT and DoNotTrack cannot both be true, for a given PolicySpec');
    if (policy.preDNAT && (egress.length > 0 || types.includes('Egress'))) checker.add(['spec', 'egress'], 'PreDNAT PolicySpec cannot have any egress rules or the Egress type');
    if ((policy.doNotTrack || policy.preDNAT) && !policy.applyOnForward) checker.add(['spec', 'applyOnForward'], 'ApplyOnForward must be true if either PreDNAT or DoNotTrack is true, for a given PolicySpec');
  }
  const hints = checker.strings(spec.performanceHints, ['spec', 'performanceHints']);
  hints.forEach((hint, i) => {
    if (hint !== 'AssumeNeededOnEveryNode') checker.add(['spec', 'performanceHints', i], `unknown performance hint ${show(hint)}`);
    else if (hints.indexOf(hint) !== i) checker.add(['spec', 'performanceHints', i], `duplicate performance hint ${show(hint)}`);
  });
  return policy;
}

function decodePool(checker: Checker, name: string, spec: Json): Json {
  checker.fields(spec, ['spec'], ['cidr', 'vxlanMode', 'ipipMode', 'natOutgoing', 'disabled', 'disableBGPExport', 'blockSize', 'nodeSelector', 'namespaceSelector', 'allowedUses', 'assignmentMode', 'ipip', 'nat-outgoing']);
  checkSubdomainName(checker, name, ['metadata', 'name']);
  const out: Json = {};
  const cidrText = checker.string(spec.cidr, ['spec', 'cidr']);
  const cidr = cidrText ? parseCidr(cidrText) : undefined;
  if (!cidrText) checker.add(['spec', 'cidr'], 'IPPool CIDR must be specified');
  else if (!cidr) checker.add(['spec', 'cidr'], 'IPPool CIDR must be a valid subnet');
  else if (!cidr.strict) checker.add(['spec', 'cidr'], 'IPPool CIDR is not strictly masked');
  out.cidr = cidrText;
  const family = cidr?.family ?? 4;
  const blockSize = checker.number(spec.blockSize, ['spec', 'blockSize']) ?? (family === 4 ? 26 : 122);
  if (family === 4 && (blockSize < 20 || blockSize > 32)) checker.add(['spec', 'blockSize'], 'IPv4 block size must be between 20 and 32');
  if (family === 6 && (blockSize < 116 || blockSize > 128)) checker.add(['spec', 'blockSize'], 'IPv6 block size must be between 116 and 128');
  out.blockSize = blockSize;
  const disabled = checker.boolean(spec.disabled, ['spec', 'disabled']);
  if (cidr && !disabled && cidr.prefix > blockSize) {
    checker.add(['spec', 'cidr'], 'IP pool size is too small for use with Calico IPAM. It must be equal to or greater than the block size.');
  }
  const modes = ['Always', 'CrossSubnet', 'Never'];
  for (const field of ['ipipMode', 'vxlanMode'] as const) {
    const mode = spec[field] ?? 'Never';
    if (!modes.includes(mode as string)) checker.add(['spec', field], `${field} ${show(mode)} must be Always, CrossSubnet or Never (case-sensitive)`);
    out[field] = mode;
  }
  if (out.ipipMode !== 'Never' && out.vxlanMode !== 'Never') checker.add(['spec', 'vxlanMode'], 'Cannot enable both VXLAN and IPIP on the same IPPool');
  if (family === 6 && out.ipipMode !== 'Never') checker.add(['spec', 'ipipMode'], 'IPIP is not supported on an IPv6 IP pool');
  if (cidr) {
    const linkLocal = family === 4 ? parseCidr('169.254.0.0/16')! : parseCidr('fe80::/10')!;
    const shorter = Math.min(cidr.prefix, linkLocal.prefix);
    const shift = BigInt((family === 4 ? 32 : 128) - shorter);
    if (cidr.base >> shift === linkLocal.base >> shift) {
      checker.add(['spec', 'cidr'], `IPPool CIDR overlaps with ${family === 4 ? 'IPv4 Link Local range 169.254.0.0/16' : 'IPv6 Link Local range fe80::/10'}`);
    }
  }
  if (spec.ipip !== undefined) checker.add(['spec', 'ipip'], 'the deprecated v1 field ipip is not supported; use ipipMode');
  if (spec['nat-outgoing'] === true) checker.add(['spec', 'nat-outgoing'], 'the deprecated v1 field nat-outgoing is not supported; use natOutgoing');
  out.natOutgoing = checker.boolean(spec.natOutgoing, ['spec', 'natOutgoing']);
  out.disabled = disabled;
  out.disableBGPExport = checker.boolean(spec.disableBGPExport, ['spec', 'disableBGPExport']);
  out.nodeSelector = checker.selector(spec.nodeSelector, ['spec', 'nodeSelector'], 'pool') ?? 'all()';
  const nsSelector = checker.selector(spec.namespaceSelector, ['spec', 'namespaceSelector'], 'pool');
  if (nsSelector) out.namespaceSelector = nsSelector;
  const uses = spec.allowedUses === undefined ? ['Workload', 'Tunnel'] : checker.strings(spec.allowedUses, ['spec', 'allowedUses']);
  uses.forEach((use, i) => {
    if (!['Workload', 'Tunnel', 'LoadBalancer'].includes(use)) checker.add(['spec', 'allowedUses', i], `unknown use: ${use}`);
  });
  if (uses.includes('LoadBalancer')) {
    if (uses.includes('Workload') || uses.includes('Tunnel')) checker.add(['spec', 'allowedUses'], 'LoadBalancer cannot be combined with Workload or Tunnel');
    if (out.ipipMode !== 'Never' || out.vxlanMode !== 'Never') checker.add(['spec', 'allowedUses'], 'LoadBalancer pools cannot use IPIP or VXLAN');
    if (out.nodeSelector !== 'all()') checker.add(['spec', 'nodeSelector'], 'LoadBalancer pools must use nodeSelector all()');
    if (out.disableBGPExport) checker.add(['spec', 'disableBGPExport'], 'LoadBalancer pools cannot disable BGP export');
  }
  if (uses.includes('Tunnel') && nsSelector) checker.add(['spec', 'namespaceSelector'], 'Tunnel pools cannot have a namespaceSelector');
  out.allowedUses = uses;
  const assignment = spec.assignmentMode ?? 'Automatic';
  if (assignment !== 'Automatic' && assignment !== 'Manual') checker.add(['spec', 'assignmentMode'], `assignmentMode ${show(assignment)} must be Automatic or Manual`);
  out.assignmentMode = assignment;
  return out;
}

/** The WorkloadEndpoint name Calico computes from the spec (libcalico-go/lib/names/workloadendpoint.go). */
export function workloadEndpointName(spec: { node?: string; orchestrator?: string; workload?: string; pod?: string; containerID?: string; endpoint?: string }): string | undefined {
  const escape = (segment: string): string => segment.replace(/-/g, '--');
  const workload = spec.orchestrator === 'k8s' ? spec.pod : (spec.workload ?? spec.containerID);
  if (!spec.node || !spec.orchestrator || !workload || !spec.endpoint) return undefined;
  return [spec.node, spec.orchestrator, workload, spec.endpoint].map(escape).join('-');
}

/**
 * Decodes and validates one calicoctl object. Returns undefined when the object is unusable (unknown kind, no name);
 * otherwise the decoded resource even if some fields had problems (they are in `problems`).
 */
export function decodeResource(raw: unknown, origin: ResourceOrigin, problems: ResourceProblem[], basePath: Path = []): DecodedResource | undefined {
  const checker = new Checker(origin, problems, basePath);
  if (!isRecord(raw)) {
    checker.add([], `a resource must be an object, not ${show(raw)}`);
    return undefined;
  }
  const kind = raw.kind;
  if (raw.apiVersion !== API_VERSION || typeof kind !== 'string' || !RESOURCE_KINDS.includes(kind as ResourceKind)) {
    checker.add(raw.apiVersion !== API_VERSION ? ['apiVersion'] : ['kind'], `unknown resource type (${show(kind)}) and/or version (${show(raw.apiVersion)})`);
    return undefined;
  }
  const resourceKind = kind as ResourceKind;
  checker.fields(raw, [], ['apiVersion', 'kind', 'metadata', 'spec']);
  const metadata = checker.object(raw.metadata, ['metadata']) ?? {};
  checker.fields(metadata, ['metadata'], OBJECT_META_FIELDS);
  const name = checker.string(metadata.name, ['metadata', 'name']);
  let namespace = checker.string(metadata.namespace, ['metadata', 'namespace']);
  if (NAMESPACED.has(resourceKind)) namespace = namespace || 'default';
  else if (namespace) checker.add(['metadata', 'namespace'], `namespace should not be specified for a non-namespaced resource. ${resourceKind} is not a namespaced resource`);
  checker.resource = `${resourceKind} ${namespace && NAMESPACED.has(resourceKind) ? `${namespace}/` : ''}${name ?? '(no name)'}`;
  if (!name) {
    checker.add(['metadata', 'name'], 'name is required');
    return undefined;
  }
  if (NAMESPACED.has(resourceKind) && !DNS1123_LABEL.test(namespace!)) checker.add(['metadata', 'namespace'], `invalid namespace ${show(namespace)}`);
  const labels = checker.labels(metadata.labels, ['metadata', 'labels']);
  const annotations = checker.object(metadata.annotations, ['metadata', 'annotations']) ?? {};
  let size = 0;
  for (const [key, value] of Object.entries(annotations)) {
    for (const message of validateLabelKey(key.toLowerCase())) checker.add(['metadata', 'annotations', key], `invalid annotation name ${show(key)}: ${message}`);
    size += key.length + (typeof value === 'string' ? value.length : 0);
  }
  if (size > 256 * 1024) checker.add(['metadata', 'annotations'], `total size of annotations is too large by ${size - 256 * 1024} bytes`);
  const spec = checker.object(raw.spec, ['spec']) ?? {};

  switch (resourceKind) {
    case 'NetworkPolicy':
    case 'GlobalNetworkPolicy':
      return { kind: resourceKind, value: decodePolicy(checker, resourceKind, name, namespace, spec, origin) };
    case 'Tier': {
      checker.fields(spec, ['spec'], ['order', 'defaultAction']);
      if (name.length > 63 || !DNS1123_LABEL.test(name)) checker.add(['metadata', 'name'], POLICY_NAME_MESSAGE);
      const tier: Tier = { name, defaultAction: 'Deny', origin };
      const order = checker.number(spec.order, ['spec', 'order']);
      if (order !== undefined) tier.order = order;
      if (name === 'default' && order !== undefined && order !== 1_000_000) checker.add(['spec', 'order'], 'default tier order must be 1000000');
      if (name === 'default' && order === undefined) tier.order = 1_000_000;
      const action = spec.defaultAction ?? 'Deny';
      if (action !== 'Deny' && action !== 'Pass') checker.add(['spec', 'defaultAction'], `defaultAction ${show(action)} must be Deny or Pass`);
      else tier.defaultAction = action;
      return { kind: 'Tier', value: tier };
    }
    case 'Profile': {
      checker.fields(spec, ['spec'], ['ingress', 'egress', 'labelsToApply']);
      checkSubdomainName(checker, name, ['metadata', 'name']);
      return {
        kind: 'Profile',
        value: {
          name,
          ingress: parseRules(checker, spec.ingress, ['spec', 'ingress'], { owner: 'Profile', direction: 'ingress' }),
          egress: parseRules(checker, spec.egress, ['spec', 'egress'], { owner: 'Profile', direction: 'egress' }),
          labelsToApply: checker.labels(spec.labelsToApply, ['spec', 'labelsToApply']),
          origin,
        },
      };
    }
    case 'IPPool':
      return { kind: 'IPPool', value: { apiVersion: API_VERSION, kind: 'IPPool', metadata: { name }, spec: decodePool(checker, name, spec) } };
    case 'NetworkSet':
    case 'GlobalNetworkSet': {
      checker.fields(spec, ['spec'], ['nets']);
      checkSubdomainName(checker, name, ['metadata', 'name']);
      if ('projectcalico.org/namespace' in labels) checker.add(['metadata', 'labels', 'projectcalico.org/namespace'], 'projectcalico.org/namespace is not a valid label name');
      const nets: Cidr[] = [];
      checker.strings(spec.nets, ['spec', 'nets']).forEach((text, i) => {
        const cidr = parseCidr(text, { allowBare: true });
        if (cidr) nets.push(cidr);
        else checker.add(['spec', 'nets', i], `invalid CIDR or IP ${show(text)}`);
      });
      const set: NetworkSet = { kind: resourceKind, name, labels, nets, origin };
      if (resourceKind === 'NetworkSet') set.namespace = namespace!;
      return { kind: resourceKind, value: set };
    }
    case 'WorkloadEndpoint': {
      checker.fields(spec, ['spec'], ['orchestrator', 'workload', 'node', 'containerID', 'pod', 'endpoint', 'serviceAccountName', 'ipNetworks', 'ipNATs', 'ipv4Gateway', 'ipv6Gateway', 'profiles', 'interfaceName', 'mac', 'ports', 'allowSpoofedSourcePrefixes']);
      const wep: WorkloadEndpointResource = {
        name,
        namespace: namespace!,
        labels,
        ipNetworks: [],
        profiles: checker.strings(spec.profiles, ['spec', 'profiles']),
        ports: parseNamedPorts(checker, spec.ports, ['spec', 'ports'], false),
        origin,
      };
      for (const field of ['node', 'orchestrator', 'workload', 'endpoint', 'containerID', 'pod', 'interfaceName'] as const) {
        const text = checker.string(spec[field], ['spec', field]);
        if (text !== undefined) wep[field] = text;
      }
      if (wep.interfaceName === undefined || !/^[a-zA-Z0-9_.-]{1,15}$/.test(wep.interfaceName)) {
        checker.add(['spec', 'interfaceName'], 'interfaceName must be 1-15 characters of letters, digits, _, . or -');
      }
      if (wep.containerID !== undefined && !/^[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?$/.test(wep.containerID)) checker.add(['spec', 'containerID'], 'containerID must be alphanumeric with inner -');
      const expected = workloadEndpointName(wep);
      if (expected !== undefined && expected !== name) {
        checker.add(['metadata', 'name'], `the WorkloadEndpoint name does not match the primary identifiers assigned in the Spec: expected name ${expected}`);
      }
      checker.strings(spec.ipNetworks, ['spec', 'ipNetworks']).forEach((text, i) => {
        const cidr = parseCidr(text, { allowBare: true });
        if (!cidr) checker.add(['spec', 'ipNetworks', i], `invalid IP network ${show(text)}`);
        else if (cidr.prefix !== (cidr.family === 4 ? 32 : 128)) checker.add(['spec', 'ipNetworks', i], 'IP network contains multiple addresses');
        else wep.ipNetworks.push(text.split('/')[0]!);
      });
      checker.array(spec.ipNATs, ['spec', 'ipNATs']).forEach((item, i) => {
        const nat = checker.object(item, ['spec', 'ipNATs', i]);
        if (!nat) return;
        checker.fields(nat, ['spec', 'ipNATs', i], ['internalIP', 'externalIP']);
        const internal = checker.string(nat.internalIP, ['spec', 'ipNATs', i, 'internalIP']);
        if (internal !== undefined && !wep.ipNetworks.includes(internal)) checker.add(['spec', 'ipNATs', i, 'internalIP'], 'NAT is not in the endpoint networks');
      });
      for (const [field, family] of [['ipv4Gateway', 4], ['ipv6Gateway', 6]] as const) {
        const text = checker.string(spec[field], ['spec', field]);
        if (text !== undefined && parseIp(text)?.family !== family) checker.add(['spec', field], `${field} must be an IPv${family} address`);
      }
      return { kind: 'WorkloadEndpoint', value: wep };
    }
    case 'HostEndpoint': {
      checker.fields(spec, ['spec'], ['node', 'interfaceName', 'expectedIPs', 'profiles', 'ports']);
      checkSubdomainName(checker, name, ['metadata', 'name']);
      const hep: HostEndpointResource = {
        name,
        labels,
        expectedIPs: [],
        profiles: checker.strings(spec.profiles, ['spec', 'profiles']),
        ports: parseNamedPorts(checker, spec.ports, ['spec', 'ports'], true),
        origin,
      };
      const node = checker.string(spec.node, ['spec', 'node']);
      if (node) hep.node = node;
      else checker.add(['spec', 'node'], 'no node has been specified');
      const interfaceName = checker.string(spec.interfaceName, ['spec', 'interfaceName']);
      if (interfaceName) hep.interfaceName = interfaceName;
      checker.strings(spec.expectedIPs, ['spec', 'expectedIPs']).forEach((text, i) => {
        if (parseIp(text)) hep.expectedIPs.push(text);
        else checker.add(['spec', 'expectedIPs', i], `invalid IP ${show(text)}`);
      });
      if (!interfaceName && hep.expectedIPs.length === 0) checker.add(['spec'], 'no interface or expected IPs have been specified');
      return { kind: 'HostEndpoint', value: hep };
    }
  }
}
