/**
 * IP pools as IPAM sees them: the IPPool fields that decide where workload addresses come from, with Calico's
 * defaults (clientv3 `ippool.go`): blockSize 26, enabled, `allowedUses [Workload, Tunnel]`, `assignmentMode
 * Automatic`, `nodeSelector all()`.
 */
import { cidr, type Ipv4Cidr, isCidrProblem, parseIpv4Cidr } from './cidr.js';

export type IpPoolUse = 'Workload' | 'Tunnel' | 'LoadBalancer';
export type EncapsulationMode = 'Always' | 'CrossSubnet' | 'Never';

/** The IPPool fields IPAM reads. Unset fields take Calico's defaults. */
export interface IpPool {
  name: string;
  cidr: string;
  blockSize?: number;
  disabled?: boolean;
  nodeSelector?: string;
  allowedUses?: readonly IpPoolUse[];
  assignmentMode?: 'Automatic' | 'Manual';
  vxlanMode?: EncapsulationMode;
  ipipMode?: EncapsulationMode;
  natOutgoing?: boolean;
}

/** Calico's IPv4 default block size (`/26`, 64 addresses). */
export const DEFAULT_IPV4_BLOCK_SIZE = 26;

/** A pool with its CIDR parsed and defaults applied; IPv6 pools never become one (DC/OS assigns IPv4 only). */
export interface ResolvedPool {
  name: string;
  network: Ipv4Cidr;
  blockSize: number;
  /** Addresses per block, `2^(32 - blockSize)`. */
  blockAddresses: number;
  /** Number of blocks the pool is carved into. */
  blockCount: number;
  disabled: boolean;
  nodeSelector: string;
  allowedUses: readonly IpPoolUse[];
  assignmentMode: 'Automatic' | 'Manual';
  /** True when VXLAN or IP-in-IP is on: every node then takes one tunnel address from the pool. */
  encapsulated: boolean;
}

/** Why a pool cannot be used by IPAM; reported, not thrown, so one bad pool does not hide the others. */
export interface PoolProblem {
  pool: string;
  message: string;
}

/**
 * Applies Calico's defaults and parses the CIDR. IPv6 pools and pools Calico would reject (not strictly masked,
 * smaller than a block, block size out of range) come back as problems with Calico's own wording.
 */
export function resolvePools(pools: readonly IpPool[]): { pools: ResolvedPool[]; problems: PoolProblem[] } {
  const resolved: ResolvedPool[] = [];
  const problems: PoolProblem[] = [];
  for (const pool of pools) {
    const parsed = parseIpv4Cidr(pool.cidr);
    if (isCidrProblem(parsed)) {
      const message =
        parsed.problem === 'not-ipv4'
          ? `IPv6 pool ${pool.cidr} is not used: Calico on DC/OS assigns IPv4 addresses only`
          : parsed.problem === 'not-strictly-masked'
            ? `IPPool CIDR is not strictly masked: ${parsed.message}`
            : `IPPool CIDR must be a valid subnet: ${parsed.message}`;
      problems.push({ pool: pool.name, message });
      continue;
    }
    const blockSize = pool.blockSize ?? DEFAULT_IPV4_BLOCK_SIZE;
    if (!Number.isInteger(blockSize) || blockSize < 20 || blockSize > 32) {
      problems.push({ pool: pool.name, message: `IPv4 block size must be between 20 and 32, got ${blockSize}` });
      continue;
    }
    const disabled = pool.disabled === true;
    if (!disabled && parsed.prefix > blockSize) {
      problems.push({
        pool: pool.name,
        message: `IP pool size is too small for use with Calico IPAM. It must be equal to or greater than the block size (${parsed.text} < /${blockSize})`,
      });
      continue;
    }
    resolved.push({
      name: pool.name,
      network: parsed,
      blockSize,
      blockAddresses: 2 ** (32 - blockSize),
      blockCount: Math.max(1, 2 ** (blockSize - parsed.prefix)),
      disabled,
      nodeSelector: pool.nodeSelector ?? 'all()',
      allowedUses: pool.allowedUses ?? ['Workload', 'Tunnel'],
      assignmentMode: pool.assignmentMode ?? 'Automatic',
      encapsulated: (pool.vxlanMode ?? 'Never') !== 'Never' || (pool.ipipMode ?? 'Never') !== 'Never',
    });
  }
  return { pools: resolved, problems };
}

/**
 * Reads the IPPool documents out of calicoctl resources (objects with `kind: IPPool`, `metadata.name` and
 * `spec`); other kinds are ignored. Fields of the wrong type are ignored too: validating them is the resource
 * loader's job, and IPAM then falls back to Calico's defaults.
 */
export function ipPoolsFromResources(resources: readonly unknown[]): IpPool[] {
  const pools: IpPool[] = [];
  for (const resource of resources) {
    if (!isRecord(resource) || resource.kind !== 'IPPool') continue;
    const metadata = isRecord(resource.metadata) ? resource.metadata : {};
    const spec = isRecord(resource.spec) ? resource.spec : {};
    if (typeof spec.cidr !== 'string') continue;
    const pool: IpPool = { name: typeof metadata.name === 'string' ? metadata.name : spec.cidr, cidr: spec.cidr };
    if (typeof spec.blockSize === 'number') pool.blockSize = spec.blockSize;
    if (typeof spec.disabled === 'boolean') pool.disabled = spec.disabled;
    if (typeof spec.nodeSelector === 'string') pool.nodeSelector = spec.nodeSelector;
    if (Array.isArray(spec.allowedUses)) pool.allowedUses = spec.allowedUses.filter(isPoolUse);
    if (spec.assignmentMode === 'Automatic' || spec.assignmentMode === 'Manual') pool.assignmentMode = spec.assignmentMode;
    if (isMode(spec.vxlanMode)) pool.vxlanMode = spec.vxlanMode;
    if (isMode(spec.ipipMode)) pool.ipipMode = spec.ipipMode;
    if (typeof spec.natOutgoing === 'boolean') pool.natOutgoing = spec.natOutgoing;
    pools.push(pool);
  }
  return pools;
}

/** The network of a pool the caller knows to be valid IPv4 (e.g. a DC/OS default). */
export function poolNetwork(pool: IpPool): Ipv4Cidr {
  return cidr(pool.cidr);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isPoolUse(value: unknown): value is IpPoolUse {
  return value === 'Workload' || value === 'Tunnel' || value === 'LoadBalancer';
}

function isMode(value: unknown): value is EncapsulationMode {
  return value === 'Always' || value === 'CrossSubnet' || value === 'Never';
}
