/** IPAM for the simulator: IPv4 CIDR arithmetic, IP pools with Calico's defaults, deterministic allocation. */
export {
  cidr,
  cidrContains,
  cidrRange,
  cidrsOverlap,
  formatRange,
  ipv4ToNumber,
  isCidrProblem,
  isIpv4Address,
  numberToIpv4,
  parseIpv4Cidr,
  rangesOverlap,
} from './cidr.js';
export type { CidrProblem, Ipv4Cidr, Ipv4Range } from './cidr.js';
export { DEFAULT_IPV4_BLOCK_SIZE, ipPoolsFromResources, poolNetwork, resolvePools } from './pools.js';
export type { EncapsulationMode, IpPool, IpPoolUse, PoolProblem, ResolvedPool } from './pools.js';
export { agentNames, allocateAddresses } from './allocate.js';
export type { AddressRequest, AllocateOptions, AllocationResult, Assignment, PoolExhaustion, PoolUsage } from './allocate.js';
