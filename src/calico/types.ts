/**
 * Public types of the bundled Calico simulator. Other parts of the tool (endpoints from Marathon, IPAM, the
 * `simulate` command) build and read these; the simulator's internals live in `policy/`.
 */

/** Label map as Calico sees it: key -> value (value may be empty). */
export type Labels = Readonly<Record<string, string>>;

/** A named port declared by an endpoint (WorkloadEndpoint `spec.ports`). DC/OS CNI endpoints have none. */
export interface NamedPort {
  name: string;
  protocol: 'TCP' | 'UDP' | 'SCTP';
  port: number;
}

/**
 * A workload (or host) the simulator evaluates policy for.
 *
 * `labels` are the endpoint's own labels; the simulator adds what Calico adds: `projectcalico.org/namespace`,
 * `projectcalico.org/orchestrator` (default `cni`) and, for keys still absent, the profiles' `labelsToApply`.
 * Passing labels that already contain those keys is fine (the result is the same).
 */
export interface Endpoint {
  /** Unique name used in queries (`from`/`to`), e.g. `bookstore-server` or `bookstore-server.1`. */
  name: string;
  labels: Labels;
  /** IPv4 or IPv6 address. Without one, the endpoint matches selectors by its labels only, never `nets`. */
  ip?: string;
  /** Default `default` (DC/OS runs everything there). */
  namespace?: string;
  /** Profiles in order. Default `['calico']`. */
  profiles?: readonly string[];
  /** Named ports. */
  ports?: readonly NamedPort[];
  /** The group the matrix reports this endpoint under (a Marathon app or pod id). Default: `name`. */
  app?: string;
  /** `workload` (default) or `host` (a HostEndpoint: no namespace label, only GlobalNetworkPolicy applies). */
  kind?: 'workload' | 'host';
}

/** A protocol as a rule or a query names it: a Calico protocol name or an IP protocol number 1-255. */
export type ProtocolName = 'TCP' | 'UDP' | 'ICMP' | 'ICMPv6' | 'SCTP' | 'UDPLite';
export type Protocol = ProtocolName | number;

/** One connection attempt. `from`/`to` are endpoint names or `external:<ip>`. */
export interface ConnectionQuery {
  from: string;
  to: string;
  protocol: Protocol;
  /** Destination port (TCP/UDP/SCTP). */
  port?: number;
  /** Source port; unknown (ephemeral) when omitted: source `ports` then never match, source `notPorts` always. */
  sourcePort?: number;
  icmpType?: number;
  icmpCode?: number;
}

/** Which policy a decision came from. */
export interface PolicyRef {
  kind: 'NetworkPolicy' | 'GlobalNetworkPolicy';
  name: string;
  /** Set for NetworkPolicy. */
  namespace?: string;
  tier: string;
}

export type RuleAction = 'Allow' | 'Deny' | 'Pass' | 'Log';

/** What decided one direction of a connection. */
export type Decision =
  /** That side is not a Calico endpoint (external address): nothing to evaluate, allowed. */
  | { kind: 'not-calico' }
  /** A policy rule with action Allow or Deny. */
  | { kind: 'policy-rule'; policy: PolicyRef; ruleIndex: number; action: 'Allow' | 'Deny' }
  /** Policies of a tier applied but none decided: dropped at the end of the tier. */
  | { kind: 'end-of-tier'; tier: string; policies: PolicyRef[] }
  /** A profile rule with action Allow or Deny. */
  | { kind: 'profile-rule'; profile: string; ruleIndex: number; action: 'Allow' | 'Deny' }
  /** The endpoint names a profile that does not exist: Calico programs it as deny-all. */
  | { kind: 'missing-profile'; profile: string }
  /** Profiles were reached but none of their rules decided (or there were none): dropped. */
  | { kind: 'no-profile-matched'; profiles: string[] };

/** A step that did not decide but shaped the path: a Pass rule, a tier's `defaultAction: Pass`, a Log rule. */
export type TraceStep =
  | { kind: 'pass-rule'; policy: PolicyRef; ruleIndex: number }
  | { kind: 'tier-default-pass'; tier: string }
  | { kind: 'log-rule'; policy?: PolicyRef; profile?: string; ruleIndex: number }
  | { kind: 'profile-pass'; profile: string; ruleIndex: number };

/** The verdict of one direction (egress of the source, or ingress of the destination). */
export interface DirectionVerdict {
  verdict: 'allow' | 'deny';
  decision: Decision;
  /** Steps before the decision, in order. */
  trace: TraceStep[];
  /** One sentence: what decided and why. */
  explanation: string;
}

export interface CheckResult {
  verdict: 'allow' | 'deny';
  egress: DirectionVerdict;
  ingress: DirectionVerdict;
}

/** Connectivity between two groups (apps) for one protocol/port. */
export interface MatrixCell {
  /** Instance pairs allowed, out of `total`. */
  allowed: number;
  total: number;
  verdict: 'allow' | 'deny' | 'partial';
}

/** All-pairs connectivity grouped by app, for one protocol and port. */
export interface Matrix {
  protocol: Protocol;
  port?: number;
  /** Group names (apps), sorted. */
  groups: readonly string[];
  /** Instances per group, same order as `groups`. */
  sizes: readonly number[];
  cell(from: string, to: string): MatrixCell;
  /** Every ordered group pair whose verdict is not `allow`. */
  blocked(): Array<{ from: string; to: string; cell: MatrixCell }>;
}

/** The connections a migration changes: before on the overlay, after under Calico. */
export interface MigrationDiff {
  protocol: Protocol;
  port?: number;
  lost: Array<{ from: string; to: string; before: MatrixCell; after: MatrixCell }>;
  gained: Array<{ from: string; to: string; before: MatrixCell; after: MatrixCell }>;
}

export interface SimulatorOptions {
  /** Orchestrator label value added to workloads without one. Default `cni` (DC/OS). */
  orchestrator?: string;
  /** Add DC/OS's `calico` profile (allow all) when the resources do not define one. Default true. */
  dcosDefaultProfile?: boolean;
}

/** Checks connections the way Felix enforces Calico policy. */
export interface Simulator {
  readonly endpoints: readonly Endpoint[];
  check(query: ConnectionQuery): CheckResult;
  matrix(query: { protocol: Protocol; port?: number }): Matrix;
  /**
   * Before: the `dcos` overlay, where every task reaches every other (or `before`, e.g. another simulator's matrix
   * for the same groups). After: this simulator's matrix. Lists group pairs whose connectivity changes.
   */
  migrationDiff(query: { protocol: Protocol; port?: number; before?: Matrix }): MigrationDiff;
}
