/**
 * Calico v3 resources after loading and validation: calicoctl's defaults applied (namespace `default`, policy
 * `types`, tier `default`), protocols as numbers, ports as ranges or names, CIDRs parsed.
 */
import type { Labels, NamedPort, RuleAction } from '../types.js';
import type { Cidr } from './net.js';

/** Where a resource came from, for messages: file, 1-based document number, and the item index inside a List. */
export interface ResourceOrigin {
  file: string;
  document: number;
  /** Index inside a `kind: List` document. */
  item?: number;
  /** 1-based line where the document starts (YAML). */
  line?: number;
}

export type PortSpec = { min: number; max: number } | { name: string };

export interface IcmpMatch {
  type?: number;
  code?: number;
}

export interface EntityRule {
  nets: Cidr[];
  notNets: Cidr[];
  selector?: string;
  notSelector?: string;
  namespaceSelector?: string;
  ports?: PortSpec[];
  notPorts?: PortSpec[];
  serviceAccounts?: { names: string[]; selector?: string };
  /** Kubernetes Services: ignored by the etcd datastore DC/OS uses. */
  services?: { name: string; namespace?: string };
}

export interface Rule {
  action: RuleAction;
  ipVersion?: 4 | 6;
  protocol?: number;
  notProtocol?: number;
  icmp?: IcmpMatch;
  notICMP?: IcmpMatch;
  source: EntityRule;
  destination: EntityRule;
  /** Application-layer match: needs Calico's application layer policy; not evaluated at L3/L4. */
  http?: unknown;
}

export type PolicyType = 'Ingress' | 'Egress';

export interface Policy {
  kind: 'NetworkPolicy' | 'GlobalNetworkPolicy';
  name: string;
  /** NetworkPolicy only. */
  namespace?: string;
  tier: string;
  /** Undefined = after every ordered policy. */
  order?: number;
  selector: string;
  /** GlobalNetworkPolicy only. */
  namespaceSelector?: string;
  serviceAccountSelector?: string;
  types: PolicyType[];
  ingress: Rule[];
  egress: Rule[];
  doNotTrack: boolean;
  preDNAT: boolean;
  applyOnForward: boolean;
  origin: ResourceOrigin;
}

export interface Tier {
  name: string;
  order?: number;
  defaultAction: 'Deny' | 'Pass';
  origin?: ResourceOrigin;
}

export interface Profile {
  name: string;
  ingress: Rule[];
  egress: Rule[];
  labelsToApply: Labels;
  origin: ResourceOrigin;
}

export interface NetworkSet {
  kind: 'NetworkSet' | 'GlobalNetworkSet';
  name: string;
  /** NetworkSet only. */
  namespace?: string;
  labels: Labels;
  nets: Cidr[];
  origin: ResourceOrigin;
}

export interface WorkloadEndpointResource {
  name: string;
  namespace: string;
  labels: Labels;
  node?: string;
  orchestrator?: string;
  workload?: string;
  endpoint?: string;
  containerID?: string;
  pod?: string;
  interfaceName?: string;
  ipNetworks: string[];
  profiles: string[];
  ports: NamedPort[];
  origin: ResourceOrigin;
}

export interface HostEndpointResource {
  name: string;
  labels: Labels;
  node?: string;
  interfaceName?: string;
  expectedIPs: string[];
  profiles: string[];
  ports: NamedPort[];
  origin: ResourceOrigin;
}

/** One problem found while loading; `path` is calicoctl's field path (`spec.ingress[0].protocol`). */
export interface ResourceProblem {
  origin: ResourceOrigin;
  /** `Kind namespace/name` of the resource, when known. */
  resource?: string;
  path: string;
  /** JSON pointer of the field inside the document. */
  pointer: string;
  message: string;
}

/** Everything loaded from one or more calicoctl files. */
export interface CalicoResources {
  policies: Policy[];
  tiers: Tier[];
  profiles: Profile[];
  /** IPPool documents as calicoctl objects (`{apiVersion, kind, metadata, spec}`) with defaults applied. */
  ipPools: Array<{ apiVersion: string; kind: 'IPPool'; metadata: { name: string }; spec: Record<string, unknown> }>;
  networkSets: NetworkSet[];
  workloadEndpoints: WorkloadEndpointResource[];
  hostEndpoints: HostEndpointResource[];
  /** Non-fatal findings (e.g. two policies of a tier with the same order). */
  warnings: ResourceProblem[];
}

/** Protocol names and numbers (api/pkg/lib/numorstring/protocol.go). */
export const PROTOCOL_NUMBERS: Readonly<Record<string, number>> = {
  ICMP: 1,
  TCP: 6,
  UDP: 17,
  ICMPv6: 58,
  SCTP: 132,
  UDPLite: 136,
};

/** The name Calico shows for a protocol number, or the number. */
export function protocolName(protocol: number): string {
  for (const [name, number] of Object.entries(PROTOCOL_NUMBERS)) if (number === protocol) return name;
  return String(protocol);
}

/** The identity of a policy as Calico stores it (≤ v3.31): tier-prefixed name, namespaced for NetworkPolicy. */
export function tieredName(policy: Pick<Policy, 'name' | 'tier'>): string {
  return policy.name.startsWith(`${policy.tier}.`) ? policy.name : `${policy.tier}.${policy.name}`;
}

export function emptyResources(): CalicoResources {
  return { policies: [], tiers: [], profiles: [], ipPools: [], networkSets: [], workloadEndpoints: [], hostEndpoints: [], warnings: [] };
}
