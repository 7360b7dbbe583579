/**
 * The reference evaluator: calico-semantics §3.6 written out plainly, one packet at a time, with an explanation of
 * what decided each direction. `check` uses it directly; the fast matrix is tested against it.
 */
import { UsageError } from '../../errors.js';
import { protocolName, PROTOCOL_NUMBERS } from '../resources/model.js';
import { cidrContains, parseIp, type IpAddress } from '../resources/net.js';
import type { CheckResult, ConnectionQuery, Decision, DirectionVerdict, PolicyRef, Protocol, TraceStep } from '../types.js';
import type { CompiledEntity, CompiledPolicy, CompiledRule, Direction, PolicyModel, ResolvedEndpoint } from './model.js';

/** One side of a connection: a Calico endpoint, or an address outside Calico. */
export interface Side {
  endpoint?: ResolvedEndpoint;
  ip?: IpAddress;
  /** How the side is named in explanations. */
  label: string;
}

export interface Packet {
  protocol: number;
  family: 4 | 6;
  port?: number;
  sourcePort?: number;
  icmpType?: number;
  icmpCode?: number;
}

/** Protocol name or number -> IP protocol number. @throws UsageError for an unknown name. */
export function protocolNumber(protocol: Protocol): number {
  if (typeof protocol === 'number') {
    if (!Number.isInteger(protocol) || protocol < 1 || protocol > 255) throw new UsageError(`protocol number must be 1-255, not ${protocol}`);
    return protocol;
  }
  const upper = Object.keys(PROTOCOL_NUMBERS).find((name) => name.toLowerCase() === String(protocol).toLowerCase());
  if (!upper) throw new UsageError(`unknown protocol ${JSON.stringify(protocol)}; use TCP, UDP, SCTP, ICMP, ICMPv6, UDPLite or a number`);
  return PROTOCOL_NUMBERS[upper]!;
}

/** The packet's IP family: the destination's, else the source's, else from the protocol (ICMPv6 = 6), else 4. */
export function packetFamily(protocol: number, source: IpAddress | undefined, destination: IpAddress | undefined): 4 | 6 {
  return destination?.family ?? source?.family ?? (protocol === 58 ? 6 : 4);
}

/** Does the side's address belong to something the selector matches? (Selectors match IPs, §4.3.) */
function sideMatches(model: PolicyModel, selector: { evaluate(labels: Readonly<Record<string, string>>): boolean }, side: Side): boolean {
  if (side.endpoint && selector.evaluate(side.endpoint.labels)) return true;
  if (!side.ip) return false;
  for (const set of model.networkSets) {
    if (set.nets.some((cidr) => cidrContains(cidr, side.ip!)) && selector.evaluate(set.labels)) return true;
  }
  return false;
}

function portMatches(entry: { min: number; max: number } | { name: string }, port: number | undefined, side: Side, ruleProtocol: number | undefined): boolean {
  if (port === undefined) return false;
  if ('min' in entry) return port >= entry.min && port <= entry.max;
  // Named ports resolve against the side's own declarations (protocol UDP/SCTP if the rule says so, else TCP).
  const protocol = ruleProtocol === 17 ? 'UDP' : ruleProtocol === 132 ? 'SCTP' : 'TCP';
  return side.endpoint?.ports.some((p) => p.name === entry.name && p.protocol === protocol && p.port === port) ?? false;
}

function entityMatches(model: PolicyModel, entity: CompiledEntity, side: Side, port: number | undefined, ruleProtocol: number | undefined): boolean {
  if (entity.services) return false;
  if (entity.nets.length > 0 && !(side.ip && entity.nets.some((cidr) => cidrContains(cidr, side.ip!)))) return false;
  if (entity.notNets.length > 0 && side.ip && entity.notNets.some((cidr) => cidrContains(cidr, side.ip!))) return false;
  if (entity.selector && !sideMatches(model, entity.selector, side)) return false;
  if (entity.notSelector && sideMatches(model, entity.notSelector, side)) return false;
  if (entity.ports && !entity.ports.some((entry) => portMatches(entry, port, side, ruleProtocol))) return false;
  if (entity.notPorts && entity.notPorts.some((entry) => portMatches(entry, port, side, ruleProtocol))) return false;
  return true;
}

function icmpMatches(match: { type?: number; code?: number }, packet: Packet): boolean {
  if (packet.icmpType === undefined || match.type === undefined) return match.type === undefined;
  return match.type === packet.icmpType && (match.code === undefined || match.code === packet.icmpCode);
}

/** Does the rule match the packet from `source` to `destination`? (§4.1) */
export function ruleMatches(model: PolicyModel, rule: CompiledRule, packet: Packet, source: Side, destination: Side): boolean {
  if (rule.family !== undefined && rule.family !== packet.family) return false;
  if (rule.protocol !== undefined && rule.protocol !== packet.protocol) return false;
  if (rule.notProtocol !== undefined && rule.notProtocol === packet.protocol) return false;
  if (rule.icmp && !icmpMatches(rule.icmp, packet)) return false;
  if (rule.notICMP && packet.icmpType !== undefined && icmpMatches(rule.notICMP, packet)) return false;
  return (
    entityMatches(model, rule.source, source, packet.sourcePort, rule.protocol) &&
    entityMatches(model, rule.destination, destination, packet.port, rule.protocol)
  );
}

function policyName(ref: PolicyRef): string {
  return `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;
}

function packetText(packet: Packet): string {
  const name = protocolName(packet.protocol);
  if (packet.port !== undefined) return `${name} port ${packet.port}`;
  if (packet.icmpType !== undefined) return `${name} type ${packet.icmpType}${packet.icmpCode !== undefined ? ` code ${packet.icmpCode}` : ''}`;
  return name;
}

/** Policies of a tier that apply to the endpoint in the direction (§3.1). */
export function applicablePolicies(tierPolicies: readonly CompiledPolicy[], endpoint: ResolvedEndpoint, direction: Direction): CompiledPolicy[] {
  return tierPolicies.filter((policy) => {
    if (policy.hostOnly) return false;
    if (!(direction === 'ingress' ? policy.ingress : policy.egress)) return false;
    return policy.selector.evaluate(endpoint.labels);
  });
}

/**
 * Evaluates one direction for one endpoint: tiers in order, then profiles (§3.2-§3.4).
 * `subject` is the endpoint whose policy is evaluated (the source for egress, the destination for ingress).
 */
export function evaluateDirection(
  model: PolicyModel,
  direction: Direction,
  packet: Packet,
  source: Side,
  destination: Side,
  applicable: (tier: number) => CompiledPolicy[] = (tier) => applicablePolicies(model.tiers[tier]!.policies, (direction === 'egress' ? source : destination).endpoint!, direction),
): DirectionVerdict {
  const subjectSide = direction === 'egress' ? source : destination;
  const subject = subjectSide.endpoint!;
  const trace: TraceStep[] = [];
  const what = `${direction} of ${subject.name}`;
  let reachedProfilesBecause = `no policy applies to ${subject.name} for ${direction}`;

  for (let t = 0; t < model.tiers.length; t++) {
    const tier = model.tiers[t]!;
    const policies = applicable(t);
    if (policies.length === 0) continue;
    let passed = false;
    policyLoop: for (const policy of policies) {
      for (const rule of (direction === 'ingress' ? policy.ingress : policy.egress)!) {
        if (!ruleMatches(model, rule, packet, source, destination)) continue;
        if (rule.action === 'Log') {
          trace.push({ kind: 'log-rule', policy: policy.ref, ruleIndex: rule.index });
          continue;
        }
        if (rule.action === 'Pass') {
          trace.push({ kind: 'pass-rule', policy: policy.ref, ruleIndex: rule.index });
          passed = true;
          break policyLoop;
        }
        const decision: Decision = { kind: 'policy-rule', policy: policy.ref, ruleIndex: rule.index, action: rule.action };
        return {
          verdict: rule.action === 'Allow' ? 'allow' : 'deny',
          decision,
          trace,
          explanation: `${what}: ${rule.action === 'Allow' ? 'allowed' : 'denied'} by ${direction} rule ${rule.index} (${rule.action}) of ${policyName(policy.ref)} in tier ${tier.name}`,
        };
      }
    }
    if (passed) {
      reachedProfilesBecause = `a Pass rule in tier ${tier.name} passed it on`;
      continue;
    }
    if (tier.defaultAction === 'Pass') {
      trace.push({ kind: 'tier-default-pass', tier: tier.name });
      reachedProfilesBecause = `tier ${tier.name} ends with defaultAction Pass`;
      continue;
    }
    const refs = policies.map((p) => p.ref);
    return {
      verdict: 'deny',
      decision: { kind: 'end-of-tier', tier: tier.name, policies: refs },
      trace,
      explanation: `${what}: denied at the end of tier ${tier.name}: ${refs.map(policyName).join(', ')} appl${refs.length === 1 ? 'ies' : 'y'} to ${subject.name} for ${direction} but no rule matched ${packetText(packet)} ${direction === 'egress' ? 'to' : 'from'} ${direction === 'egress' ? destination.label : source.label}`,
    };
  }

  for (const name of subject.profiles) {
    const profile = model.profiles.get(name);
    if (!profile) {
      return {
        verdict: 'deny',
        decision: { kind: 'missing-profile', profile: name },
        trace,
        explanation: `${what}: denied because profile ${name} does not exist (Calico programs a missing profile as deny-all); ${reachedProfilesBecause}`,
      };
    }
    for (const rule of direction === 'ingress' ? profile.ingress : profile.egress) {
      if (!ruleMatches(model, rule, packet, source, destination)) continue;
      if (rule.action === 'Log') {
        trace.push({ kind: 'log-rule', profile: name, ruleIndex: rule.index });
        continue;
      }
      if (rule.action === 'Pass') {
        trace.push({ kind: 'profile-pass', profile: name, ruleIndex: rule.index });
        break;
      }
      return {
        verdict: rule.action === 'Allow' ? 'allow' : 'deny',
        decision: { kind: 'profile-rule', profile: name, ruleIndex: rule.index, action: rule.action },
        trace,
        explanation: `${what}: ${rule.action === 'Allow' ? 'allowed' : 'denied'} by ${direction} rule ${rule.index} (${rule.action}) of profile ${name}; ${reachedProfilesBecause}`,
      };
    }
  }
  return {
    verdict: 'deny',
    decision: { kind: 'no-profile-matched', profiles: [...subject.profiles] },
    trace,
    explanation:
      subject.profiles.length === 0
        ? `${what}: denied: ${reachedProfilesBecause} and it has no profile`
        : `${what}: denied: ${reachedProfilesBecause} and no rule of profile${subject.profiles.length === 1 ? '' : 's'} ${subject.profiles.join(', ')} matched ${packetText(packet)}`,
  };
}

/** Resolves `name` or `external:<ip>`. @throws UsageError for an unknown name or a bad address. */
export function resolveSide(model: PolicyModel, name: string): Side {
  if (name.startsWith('external:')) {
    const text = name.slice('external:'.length);
    const ip = parseIp(text);
    if (!ip) throw new UsageError(`${JSON.stringify(name)}: ${JSON.stringify(text)} is not an IP address`);
    return { ip, label: name };
  }
  const endpoint = model.byName.get(name);
  if (!endpoint) {
    const near = [...model.byName.keys()].filter((n) => n.includes(name) || name.includes(n)).slice(0, 5);
    throw new UsageError(`unknown endpoint ${JSON.stringify(name)}${near.length ? `; did you mean ${near.map((n) => JSON.stringify(n)).join(', ')}?` : ''} (use external:<ip> for an address outside Calico)`);
  }
  const side: Side = { endpoint, label: name };
  if (endpoint.ip) side.ip = endpoint.ip;
  return side;
}

/** Evaluates one connection: the source's egress and the destination's ingress must both allow (§3.5). */
export function checkSides(model: PolicyModel, source: Side, destination: Side, packet: Packet): CheckResult {
  const notCalico = (side: Side, direction: Direction): DirectionVerdict => ({
    verdict: 'allow',
    decision: { kind: 'not-calico' },
    trace: [],
    explanation: `${direction} of ${side.label}: not a Calico endpoint, so no ${direction} policy applies`,
  });
  const egress = source.endpoint ? evaluateDirection(model, 'egress', packet, source, destination) : notCalico(source, 'egress');
  const ingress = destination.endpoint ? evaluateDirection(model, 'ingress', packet, source, destination) : notCalico(destination, 'ingress');
  return { verdict: egress.verdict === 'allow' && ingress.verdict === 'allow' ? 'allow' : 'deny', egress, ingress };
}

/** Builds the packet of a query. @throws UsageError for an unusable query. */
export function packetOf(query: Omit<ConnectionQuery, 'from' | 'to'>, source: IpAddress | undefined, destination: IpAddress | undefined): Packet {
  const protocol = protocolNumber(query.protocol);
  const packet: Packet = { protocol, family: packetFamily(protocol, source, destination) };
  const portProtocol = protocol === 6 || protocol === 17 || protocol === 132;
  if (query.port !== undefined) {
    if (!portProtocol) throw new UsageError(`a port only makes sense with TCP, UDP or SCTP, not ${protocolName(protocol)}`);
    if (!Number.isInteger(query.port) || query.port < 1 || query.port > 65535) throw new UsageError(`port must be 1-65535, not ${query.port}`);
    packet.port = query.port;
  }
  if (query.sourcePort !== undefined) packet.sourcePort = query.sourcePort;
  if (query.icmpType !== undefined) packet.icmpType = query.icmpType;
  if (query.icmpCode !== undefined) packet.icmpCode = query.icmpCode;
  return packet;
}

/** `check()` of the simulator: one connection with explanations. */
export function checkConnection(model: PolicyModel, query: ConnectionQuery): CheckResult {
  const source = resolveSide(model, query.from);
  const destination = resolveSide(model, query.to);
  return checkSides(model, source, destination, packetOf(query, source.ip, destination.ip));
}

/**
 * All-pairs verdicts by the reference algorithm, one pair at a time: `result[i * n + j]` is 1 when endpoint i may
 * reach endpoint j. Only the per-endpoint list of applicable policies is computed once; rules are evaluated per
 * pair. This is the baseline the fast matrix is measured and tested against.
 */
export function referenceMatrix(model: PolicyModel, query: Omit<Packet, 'family'>): Uint8Array {
  const n = model.endpoints.length;
  const sides = model.endpoints.map((endpoint) => resolveSide(model, endpoint.name));
  const applicable = (direction: Direction): CompiledPolicy[][][] =>
    model.endpoints.map((endpoint) => model.tiers.map((tier) => applicablePolicies(tier.policies, endpoint, direction)));
  const egress = applicable('egress');
  const ingress = applicable('ingress');
  const result = new Uint8Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const source = sides[i]!;
      const destination = sides[j]!;
      const packet: Packet = { ...query, family: packetFamily(query.protocol, source.ip, destination.ip) };
      if (evaluateDirection(model, 'egress', packet, source, destination, (t) => egress[i]![t]!).verdict !== 'allow') continue;
      if (evaluateDirection(model, 'ingress', packet, source, destination, (t) => ingress[j]![t]!).verdict !== 'allow') continue;
      result[i * n + j] = 1;
    }
  }
  return result;
}
