/** The networks of a DC/OS install that a Calico pool must not overlap. */
import type { Severity } from '../../core/types.js';
import { cidrRange, formatRange, type Ipv4Cidr, type Ipv4Range, ipv4ToNumber, isCidrProblem, isIpv4Address, parseIpv4Cidr, rangesOverlap } from '../ipam/cidr.js';
import { DCOS_NETWORK_DEFAULTS, DOCKER_DEFAULT_BRIDGE } from './defaults.js';
import type { DcosConfigFile } from './parse.js';
import type { AddFinding, ConfigCheckOptions } from './types.js';
import { addressList, type OverlaySettings } from './values.js';

/** A network the Calico pool must not overlap, with how bad an overlap is. */
export interface ReservedNetwork {
  code: string;
  parameter: string;
  what: string;
  range: Ipv4Range;
  severity: Severity;
  source: 'dcos' | 'stricter';
}

// Address space no workload pool can use (Calico rejects link-local pools itself).
const SPECIAL_RANGES: { what: string; cidr: string; calicoRejects: boolean }[] = [
  { what: 'the IPv4 link-local range', cidr: '169.254.0.0/16', calicoRejects: true },
  { what: 'the loopback range', cidr: '127.0.0.0/8', calicoRejects: false },
  { what: '"this network" (0.0.0.0/8)', cidr: '0.0.0.0/8', calicoRejects: false },
  { what: 'the multicast range', cidr: '224.0.0.0/4', calicoRejects: false },
  { what: 'the reserved range 240.0.0.0/4', cidr: '240.0.0.0/4', calicoRejects: false },
];


/**
 * Every network a Calico pool must stay clear of: the overlay subnets (the only ones DC/OS compares), the VTEP
 * subnet, the UCR bridge, docker0, the L4LB VIP range, node and resolver addresses, and special-purpose ranges.
 */
export function reservedNetworks(config: DcosConfigFile, overlay: OverlaySettings, options: ConfigCheckOptions, add: AddFinding): ReservedNetwork[] {
  const reserved: ReservedNetwork[] = [];
  for (const { name, network } of overlay.subnets) {
    // DC/OS compares only these, and only with both the overlay and Calico enabled (gen/calc.py).
    reserved.push({
      code: 'overlap-overlay-subnet',
      parameter: 'dcos_overlay_network',
      what: `the DC/OS overlay ${name} subnet ${network.text}`,
      range: cidrRange(network),
      severity: overlay.enabled ? 'error' : 'warning',
      source: overlay.enabled ? 'dcos' : 'stricter',
    });
  }
  if (overlay.vtep) {
    reserved.push({ code: 'overlap-vtep-subnet', parameter: 'dcos_overlay_network', what: `the overlay VTEP subnet ${overlay.vtep.text}`, range: cidrRange(overlay.vtep), severity: 'error', source: 'stricter' });
  }
  const bridgeText = config.entries.get('dcos_ucr_default_bridge_subnet')?.text ?? DCOS_NETWORK_DEFAULTS.dcos_ucr_default_bridge_subnet;
  const bridge = parseIpv4Cidr(bridgeText);
  if (!isCidrProblem(bridge)) {
    reserved.push({ code: 'overlap-ucr-bridge', parameter: 'dcos_ucr_default_bridge_subnet', what: `the UCR bridge (mesos-bridge) subnet ${bridge.text}`, range: cidrRange(bridge), severity: 'error', source: 'stricter' });
  }
  const docker = parseIpv4Cidr(options.dockerBridge ?? DOCKER_DEFAULT_BRIDGE);
  if (isCidrProblem(docker)) {
    add({ code: 'invalid-option', severity: 'error', parameter: '--docker-bridge', message: `--docker-bridge: ${docker.message}`, source: 'stricter' });
  } else {
    reserved.push({ code: 'overlap-docker-bridge', parameter: '--docker-bridge', what: `Docker's docker0 bridge ${docker.text}`, range: cidrRange(docker), severity: 'error', source: 'stricter' });
  }
  const vipMin = config.entries.get('dcos_l4lb_min_named_ip')?.text ?? DCOS_NETWORK_DEFAULTS.dcos_l4lb_min_named_ip;
  const vipMax = config.entries.get('dcos_l4lb_max_named_ip')?.text ?? DCOS_NETWORK_DEFAULTS.dcos_l4lb_max_named_ip;
  if (isIpv4Address(vipMin) && isIpv4Address(vipMax)) {
    const range = { first: ipv4ToNumber(vipMin), last: ipv4ToNumber(vipMax) };
    reserved.push({ code: 'overlap-vip-range', parameter: 'dcos_l4lb_min_named_ip', what: `the L4LB named-VIP range ${formatRange(range)}`, range, severity: 'error', source: 'stricter' });
  }
  for (const key of ['master_list', 'agent_list', 'public_agent_list', 'resolvers']) {
    for (const address of addressList(config, key)) {
      const number = ipv4ToNumber(address);
      reserved.push({
        code: key === 'resolvers' ? 'overlap-resolver' : 'overlap-host-address',
        parameter: key,
        what: key === 'resolvers' ? `the DNS resolver ${address}` : `the node address ${address} (${key})`,
        range: { first: number, last: number },
        severity: 'error',
        source: 'stricter',
      });
    }
  }
  for (const special of SPECIAL_RANGES) {
    const network = parseIpv4Cidr(special.cidr) as Ipv4Cidr;
    reserved.push({
      code: 'overlap-special-range',
      parameter: 'calico_network_cidr',
      what: special.what + (special.calicoRejects ? ' (Calico refuses the pool: "IPPool CIDR overlaps with IPv4 Link Local range 169.254.0.0/16")' : ''),
      range: cidrRange(network),
      severity: 'error',
      source: 'stricter',
    });
  }
  return reserved;
}

/** Adds a finding for every reserved network `pool` overlaps. */
export function checkOverlaps(pool: Ipv4Cidr, parameter: string, label: string, reserved: readonly ReservedNetwork[], add: AddFinding): void {
  for (const network of reserved) {
    if (!rangesOverlap(cidrRange(pool), network.range)) continue;
    const dcosWording = network.source === 'dcos' && parameter === 'calico_network_cidr';
    add({
      code: network.code,
      severity: network.severity,
      parameter,
      message: dcosWording
        ? `overlay subnet ${formatRange(network.range)} overlaps calico network ${pool.text}: the pool shares addresses with ${network.what} (DC/OS's installer rejects this too)`
        : `${label} overlaps ${network.what}${network.severity === 'warning' ? ' (the overlay is disabled now; enabling it later would break routing)' : ''}: traffic to those addresses would be routed to Calico workloads or never reach them`,
      source: network.source,
    });
  }
}

/** The first private /16 clear of `taken`: the docs' 10.1.0.0/16 first, then the rest of 10/8, 172.16/12, 192.168/16. */
export function firstFreeSlash16(taken: readonly Ipv4Range[]): Ipv4Cidr | undefined {
  // 10.0.0.0/16 goes last: it is the most common address space of cloud VPCs and data centres.
  const candidates: string[] = [];
  for (let second = 1; second < 256; second++) candidates.push(`10.${second}.0.0/16`);
  candidates.push('10.0.0.0/16');
  for (let second = 16; second < 32; second++) candidates.push(`172.${second}.0.0/16`);
  candidates.push('192.168.0.0/16');
  for (const text of candidates) {
    const network = parseIpv4Cidr(text) as Ipv4Cidr;
    if (!taken.some((range) => rangesOverlap(cidrRange(network), range))) return network;
  }
  return undefined;
}

