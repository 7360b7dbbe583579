/** Checks for a migration to an additional Calico network (`check-config --to NAME`). */
import { cidrRange, cidrsOverlap, type Ipv4Cidr, isCidrProblem, parseIpv4Cidr } from '../ipam/cidr.js';
import { resolvePools } from '../ipam/pools.js';
import { type AdditionalNetworkPlan, planAdditionalNetwork } from './additional-network.js';
import { DCOS_DEFAULT_POOL_NAME } from './defaults.js';
import { checkOverlaps, firstFreeSlash16, type ReservedNetwork } from './install-networks.js';
import type { AddFinding, ConfigCheckOptions } from './types.js';

const MARATHON_NETWORK_NAME = /^[a-z0-9]([-a-z0-9_]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
// Networks every DC/OS agent already has (dcos-cni-networks) or Marathon reserves.
const TAKEN_NETWORK_NAMES = new Set(['dcos', 'dcos6', 'mesos-bridge', 'kube-cni', 'host', 'bridge']);

/**
 * Checks the name and pool of a migration target other than `calico` and plans its resources; returns undefined
 * when the name or CIDR is unusable (findings say why).
 */
export function checkAdditionalNetwork(
  name: string,
  calicoPool: Ipv4Cidr | undefined,
  reserved: readonly ReservedNetwork[],
  overlayNames: readonly string[],
  vxlanEnabled: boolean,
  options: ConfigCheckOptions,
  add: AddFinding,
): AdditionalNetworkPlan | undefined {
  let nameOk = true;
  const bad = (message: string): void => {
    nameOk = false;
    add({ code: 'invalid-network-name', severity: 'error', parameter: '--to', message, source: 'stricter' });
  };
  if (name.length > 63 || !MARATHON_NETWORK_NAME.test(name)) {
    bad(`--to ${JSON.stringify(name)} is not a Marathon network name (lower-case letters, digits, '-' and '_', at most 63, starting and ending with a letter or digit)`);
  } else if (!DNS1123_SUBDOMAIN.test(name)) {
    bad(`--to ${JSON.stringify(name)} cannot name the IPPool and Profile: Calico resource names allow lower-case letters, digits, '-' and '.', not '_'`);
  }
  if (TAKEN_NETWORK_NAMES.has(name) || overlayNames.includes(name)) {
    bad(`--to ${JSON.stringify(name)} is already a DC/OS network (${[...TAKEN_NETWORK_NAMES].join(', ')} and the overlays ${overlayNames.join(', ')}), not a Calico one`);
  }
  const existing = resolvePools([
    ...(calicoPool ? [{ name: DCOS_DEFAULT_POOL_NAME, cidr: calicoPool.text }] : []),
    ...(options.existingPools ?? []).filter((pool) => pool.name !== name),
  ]).pools;
  const own = (options.existingPools ?? []).find((pool) => pool.name === name);
  const ownNetwork = own ? parseIpv4Cidr(own.cidr) : undefined;
  let network: Ipv4Cidr | undefined;
  let source: 'given' | 'automatic' | 'existing' = 'given';
  if (own && ownNetwork && !isCidrProblem(ownNetwork)) {
    // Calico cannot change a pool's CIDR ("IPPool CIDR cannot be modified"), so the existing pool decides.
    if (options.toCidr !== undefined) {
      const given = parseIpv4Cidr(options.toCidr);
      if (isCidrProblem(given) || given.text !== ownNetwork.text) {
        add({
          code: 'pool-exists-with-other-cidr',
          severity: 'error',
          parameter: '--to-cidr',
          message: `an IPPool named ${name} already exists with CIDR ${ownNetwork.text}, not ${options.toCidr}: IPPool CIDR cannot be modified; drop --to-cidr or delete the pool first`,
          source: 'stricter',
        });
        return undefined;
      }
    }
    network = ownNetwork;
    source = 'existing';
    add({
      code: 'pool-exists',
      severity: 'info',
      parameter: '--to',
      message: `an IPPool named ${name} already exists (${ownNetwork.text}); the plan keeps it`,
      source: 'stricter',
    });
  } else if (options.toCidr !== undefined) {
    const parsed = parseIpv4Cidr(options.toCidr);
    if (isCidrProblem(parsed)) {
      add({ code: 'invalid-cidr', severity: 'error', parameter: '--to-cidr', message: `--to-cidr: ${parsed.problem === 'not-strictly-masked' ? 'IPPool CIDR is not strictly masked' : 'IPPool CIDR must be a valid subnet'}: ${parsed.message}`, source: 'stricter' });
      return undefined;
    }
    network = parsed;
  } else {
    network = firstFreeSlash16([...reserved.map((item) => item.range), ...existing.map((pool) => cidrRange(pool.network))]);
    source = 'automatic';
    if (!network) {
      add({ code: 'no-free-cidr', severity: 'error', parameter: '--to-cidr', message: 'no private /16 is free of the install networks and existing pools; name one with --to-cidr', source: 'stricter' });
      return undefined;
    }
    add({
      code: 'cidr-chosen',
      severity: 'info',
      parameter: '--to-cidr',
      message: `the pool for ${name} uses ${network.text}, the first private /16 clear of the install networks and existing pools; confirm that your infrastructure does not use it, or name one with --to-cidr`,
      source: 'stricter',
    });
  }
  for (const pool of existing) {
    if (cidrsOverlap(network, pool.network)) {
      add({
        code: 'overlap-existing-pool',
        severity: 'error',
        parameter: '--to-cidr',
        message: `IPPool(${name}) CIDR overlaps with IPPool(${pool.name}) CIDR ${pool.network.text}`,
        source: 'stricter',
      });
    }
  }
  checkOverlaps(network, '--to-cidr', `the ${name} pool ${network.text}`, reserved, add);
  if (!nameOk) return undefined;
  add({
    code: 'cni-config-needed',
    severity: 'warning',
    parameter: '--to',
    message: `UCR (Mesos) tasks join ${name} only if every agent has a CNI network configuration named ${name} (in /opt/mesosphere/etc/dcos/network/cni, like the shipped calico one, with the calico IPAM restricted to this pool); the DC/OS docs cover the Docker network only`,
    source: 'stricter',
  });
  const plan = planAdditionalNetwork({ name, cidr: network.text, cidrSource: source, vxlanEnabled });
  add({
    code: 'pool-encapsulation',
    severity: 'info',
    parameter: '--to',
    message: `the generated IPPool sets ${vxlanEnabled ? 'vxlanMode: Always' : 'ipipMode: Always'} like DC/OS's default pool; the docs' example pool has no encapsulation and its traffic between agents would not be routed`,
    source: 'stricter',
  });
  return plan;
}

