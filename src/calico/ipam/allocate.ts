/**
 * Deterministic IPAM: gives every workload endpoint an address from the IP pools the way Calico IPAM would in
 * shape, with a documented, reproducible choice where Calico is random.
 *
 * The scheme (see also the README, "IPAM"):
 * 1. Agents are `agent-1` … `agent-N`. Endpoints are spread over them round-robin in request order: the i-th
 *    request (0-based) runs on agent `i mod N`.
 * 2. Candidate pools of a network: enabled, `allowedUses` includes `Workload`, `assignmentMode: Automatic`, and a
 *    `nodeSelector` that selects the agent. A pool whose name equals the network's name is dedicated to it (the
 *    DC/OS convention for additional networks: pool, profile and Docker network share a name); such a pool is
 *    the network's only candidate and no other network uses it. Pools are taken in name order.
 * 3. Before any workload, every agent takes one tunnel address (VXLAN or IP-in-IP, as `calico-node
 *    -allocate-tunnel-addrs` does at start) from the first encapsulated pool that allows `Tunnel` and selects it,
 *    by the same steps as a workload (step 4).
 * 4. An agent allocates from its own (affine) blocks first, lowest free ordinal, ordinal 0 included (Calico
 *    routes /32s, so a block's network address is a valid workload address). When they are full it claims the
 *    lowest-addressed free block of the first candidate pool that has one (Calico starts at a pseudo-random block
 *    seeded by the host name; the lowest block makes results reproducible). When no free block is left it borrows
 *    the lowest free address of another agent's block (Calico's default, `StrictAffinity: false`).
 * 5. When every candidate pool is full the endpoint gets no address and the exhaustion is reported with counts.
 * Only IPv4 pools are used: the DC/OS CNI configuration and Docker network assign IPv4 only.
 */
import { numberToIpv4 } from './cidr.js';
import { type IpPool, type PoolProblem, type ResolvedPool, resolvePools } from './pools.js';

/** One endpoint that needs an address on a Calico network. */
export interface AddressRequest {
  /** The endpoint's name (unique). */
  name: string;
  /** The Calico network (CNI network / Docker network) the endpoint joins, e.g. `calico`. */
  network: string;
}

/** Options of `allocateAddresses`. */
export interface AllocateOptions {
  /** The cluster's IP pools (IPv6 pools are reported and skipped). */
  pools: readonly IpPool[];
  /** Number of agents the endpoints are spread over. Default 3. */
  agents?: number;
  /** Labels of every agent's Calico node, for pools with a `nodeSelector`. Default none. */
  agentLabels?: Readonly<Record<string, string>>;
  /**
   * Evaluates a pool's `nodeSelector` against an agent's labels. Needed only for selectors other than empty and
   * `all()`; without it such pools select no agent.
   */
  nodeSelectorMatches?: (selector: string, labels: Readonly<Record<string, string>>) => boolean;
  /** Every Calico network name in use, so that pools named after one are kept for it. */
  networks?: readonly string[];
}

/** Where one endpoint's address came from. */
export interface Assignment {
  name: string;
  ip: string;
  pool: string;
  /** The block, e.g. `172.29.0.64/26`. */
  block: string;
  agent: string;
  /** True when the address came from another agent's block (no free block was left). */
  borrowed: boolean;
}

/** A network whose requests could not all be served. */
export interface PoolExhaustion {
  network: string;
  /** The network's candidate pools, by name (empty when no pool can serve it at all). */
  pools: string[];
  requested: number;
  allocated: number;
  /** Addresses of the candidate pools left for workloads after tunnel addresses, at the start. */
  capacity: number;
  /** Endpoints left without an address, in request order. */
  unallocated: string[];
  /** `exhausted` when the pools ran full, `no-pool` when no pool serves the network on some agent. */
  reason: 'exhausted' | 'no-pool';
}

/** Use of one pool after allocation. */
export interface PoolUsage {
  pool: string;
  cidr: string;
  blockSize: number;
  addresses: number;
  blocks: number;
  blocksClaimed: number;
  tunnelAddresses: number;
  workloadAddresses: number;
}

export interface AllocationResult {
  /** By endpoint name; endpoints that got no address are absent. */
  assignments: Map<string, Assignment>;
  agents: string[];
  usage: PoolUsage[];
  exhausted: PoolExhaustion[];
  /** Pools IPAM could not use (IPv6, invalid, smaller than a block). */
  problems: PoolProblem[];
}

interface Block {
  pool: PoolState;
  index: number;
  /** Next free ordinal; addresses are never released, so the free ones are exactly `next` … end. */
  next: number;
  owner: number;
}

interface PoolState {
  pool: ResolvedPool;
  blocks: Block[];
  /** Blocks are claimed in address order; this is the next unclaimed index. */
  nextUnclaimed: number;
  /** Lowest block index that may still have a free address (for borrowing). */
  firstNotFull: number;
  tunnelAddresses: number;
  workloadAddresses: number;
}

/** The agent names the scheme uses for `count` agents. */
export function agentNames(count: number): string[] {
  return Array.from({ length: count }, (_, index) => `agent-${index + 1}`);
}

/**
 * Assigns addresses to `requests` by the scheme above. Pure and deterministic: the same requests and pools give
 * the same addresses. Never throws for full or unusable pools; those come back in `exhausted` and `problems`.
 * Throws RangeError when `agents` is not a positive integer.
 */
export function allocateAddresses(requests: readonly AddressRequest[], options: AllocateOptions): AllocationResult {
  const agentCount = options.agents ?? 3;
  if (!Number.isInteger(agentCount) || agentCount < 1) throw new RangeError(`agents must be a positive integer, got ${agentCount}`);
  const agents = agentNames(agentCount);
  const { pools, problems } = resolvePools(options.pools);
  const states = [...pools]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((pool): PoolState => ({ pool, blocks: [], nextUnclaimed: 0, firstNotFull: 0, tunnelAddresses: 0, workloadAddresses: 0 }));
  const labels = options.agentLabels ?? {};
  const selects = (pool: ResolvedPool): boolean => {
    const selector = pool.nodeSelector.trim();
    if (selector === '' || selector === 'all()') return true;
    return options.nodeSelectorMatches ? options.nodeSelectorMatches(selector, labels) : false;
  };
  // Every agent carries the same labels, so a pool selects all agents or none.
  const selected = states.filter((state) => selects(state.pool));
  const networks = new Set([...(options.networks ?? []), ...requests.map((request) => request.network)]);
  const candidates = new Map<string, PoolState[]>();
  const candidatesOf = (network: string): PoolState[] => {
    let list = candidates.get(network);
    if (!list) {
      const usable = selected.filter(
        (state) => !state.pool.disabled && state.pool.assignmentMode === 'Automatic' && state.pool.allowedUses.includes('Workload'),
      );
      const dedicated = usable.filter((state) => state.pool.name === network);
      list = dedicated.length > 0 ? dedicated : usable.filter((state) => !networks.has(state.pool.name));
      candidates.set(network, list);
    }
    return list;
  };
  // Per agent: the blocks it has affinity to, in claim order.
  const affine: Block[][] = agents.map(() => []);

  const claim = (state: PoolState, agent: number): Block | undefined => {
    if (state.nextUnclaimed >= state.pool.blockCount) return undefined;
    const block: Block = { pool: state, index: state.nextUnclaimed++, next: 0, owner: agent };
    state.blocks.push(block);
    affine[agent]!.push(block);
    return block;
  };
  const take = (block: Block): number => block.pool.pool.network.base + block.index * block.pool.pool.blockAddresses + block.next++;

  const tunnelPool = selected.find(
    (state) => !state.pool.disabled && state.pool.encapsulated && state.pool.allowedUses.includes('Tunnel'),
  );
  if (tunnelPool) {
    // Tunnel addresses go through the same steps as workloads, borrowing included (calico-node uses AutoAssign).
    for (let agent = 0; agent < agents.length; agent++) {
      if (!allocateOne([tunnelPool], agent)) break;
      tunnelPool.tunnelAddresses++;
    }
  }
  const startFree = new Map(states.map((state) => [state, state.pool.network.size - state.tunnelAddresses]));

  const assignments = new Map<string, Assignment>();
  const failed = new Map<string, { names: string[]; reason: PoolExhaustion['reason'] }>();
  const requested = new Map<string, number>();
  requests.forEach((request, index) => {
    requested.set(request.network, (requested.get(request.network) ?? 0) + 1);
    const agent = index % agents.length;
    const pools = candidatesOf(request.network);
    const found = pools.length === 0 ? undefined : allocateOne(pools, agent);
    if (!found) {
      const entry = failed.get(request.network) ?? { names: [], reason: pools.length === 0 ? 'no-pool' : 'exhausted' };
      entry.names.push(request.name);
      failed.set(request.network, entry);
      return;
    }
    const { block, address, borrowed } = found;
    block.pool.workloadAddresses++;
    const blockBase = block.pool.pool.network.base + block.index * block.pool.pool.blockAddresses;
    assignments.set(request.name, {
      name: request.name,
      ip: numberToIpv4(address),
      pool: block.pool.pool.name,
      block: `${numberToIpv4(blockBase)}/${block.pool.pool.blockSize}`,
      agent: agents[agent]!,
      borrowed,
    });
  });

  function allocateOne(pools: PoolState[], agent: number): { block: Block; address: number; borrowed: boolean } | undefined {
    for (const block of affine[agent]!) {
      if (block.next < block.pool.pool.blockAddresses && pools.includes(block.pool)) return { block, address: take(block), borrowed: false };
    }
    for (const state of pools) {
      const block = claim(state, agent);
      if (block) return { block, address: take(block), borrowed: false };
    }
    for (const state of pools) {
      while (state.firstNotFull < state.blocks.length) {
        const block = state.blocks[state.firstNotFull]!;
        if (block.next < state.pool.blockAddresses) return { block, address: take(block), borrowed: block.owner !== agent };
        state.firstNotFull++;
      }
    }
    return undefined;
  }

  const exhausted: PoolExhaustion[] = [...failed].map(([network, entry]) => {
    const pools = candidatesOf(network);
    const total = requested.get(network) ?? 0;
    return {
      network,
      pools: pools.map((state) => state.pool.name),
      requested: total,
      allocated: total - entry.names.length,
      capacity: pools.reduce((sum, state) => sum + (startFree.get(state) ?? 0), 0),
      unallocated: entry.names,
      reason: entry.reason,
    };
  });
  const usage = states.map((state) => ({
    pool: state.pool.name,
    cidr: state.pool.network.text,
    blockSize: state.pool.blockSize,
    addresses: state.pool.network.size,
    blocks: state.pool.blockCount,
    blocksClaimed: state.nextUnclaimed,
    tunnelAddresses: state.tunnelAddresses,
    workloadAddresses: state.workloadAddresses,
  }));
  return { assignments, agents, usage, exhausted, problems };
}
