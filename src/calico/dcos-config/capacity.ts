/** Pool capacity: blocks per node and addresses for the planned instances. */
import type { Ipv4Cidr } from '../ipam/cidr.js';
import type { AddFinding, PoolCapacity } from './types.js';
import type { NodeCount } from './values.js';

// DC/OS sets no block size, so Calico's default /26 applies.
const BLOCK_SIZE = 26;

/**
 * Pool capacity against the nodes (each takes a tunnel address, and so a block) and the planned instances.
 * Returns undefined when the pool is smaller than one block (a finding says so).
 */
export function checkCapacity(
  network: string,
  parameter: string,
  pool: Ipv4Cidr,
  nodes: NodeCount,
  instances: number | undefined,
  add: AddFinding,
): PoolCapacity | undefined {
  if (pool.prefix > BLOCK_SIZE) {
    add({
      code: 'pool-smaller-than-block',
      severity: 'error',
      parameter,
      message: `${pool.text} is smaller than one /${BLOCK_SIZE} IPAM block: Calico refuses the pool ("IP pool size is too small for use with Calico IPAM. It must be equal to or greater than the block size.")`,
      source: 'stricter',
    });
    return undefined;
  }
  const blocks = 2 ** (BLOCK_SIZE - pool.prefix);
  const nodeCount = nodes.masters !== undefined && nodes.agents !== undefined ? nodes.masters + nodes.agents : undefined;
  // Every node runs felix and takes one tunnel address (VXLAN or IP-in-IP) from the pool.
  const workloadAddresses = pool.size - (nodeCount ?? 0);
  const capacity: PoolCapacity = { network, cidr: pool.text, blockSize: BLOCK_SIZE, addresses: pool.size, blocks, workloadAddresses };
  if (nodeCount !== undefined) capacity.nodes = nodeCount;
  if (instances !== undefined) capacity.instances = instances;
  if (nodeCount !== undefined && nodeCount > blocks) {
    add({
      code: 'fewer-blocks-than-nodes',
      severity: 'warning',
      parameter,
      message: `${pool.text} has ${blocks} /${BLOCK_SIZE} blocks for ${nodeCount} nodes: ${nodeCount - blocks} ${nodeCount - blocks === 1 ? 'node gets no block of its own and borrows' : 'nodes get no block of their own and borrow'} addresses from other nodes' blocks`,
      source: 'stricter',
    });
  }
  if (instances !== undefined) {
    const nodesText =
      nodeCount === undefined
        ? '; node tunnel addresses not counted, the node count is unknown (use --agents and --masters)'
        : `; ${nodeCount} more are node tunnel addresses`;
    if (instances > workloadAddresses) {
      add({
        code: 'pool-too-small',
        severity: 'error',
        parameter,
        message: `${instances} planned instances on ${network} need ${instances} addresses; ${pool.text} has ${workloadAddresses} for tasks${nodesText}: ${instances - workloadAddresses} short`,
        source: 'stricter',
      });
    } else if (instances > workloadAddresses * 0.9) {
      add({
        code: 'pool-nearly-full',
        severity: 'warning',
        parameter,
        message: `${instances} planned instances fill ${percent(instances, workloadAddresses)} of ${pool.text} (${workloadAddresses} addresses for tasks${nodesText}); rolling restarts need room for old and new tasks at once`,
        source: 'stricter',
      });
    } else {
      add({
        code: 'pool-capacity',
        severity: 'info',
        parameter,
        message: `${instances} planned instances use ${percent(instances, workloadAddresses)} of ${pool.text} (${workloadAddresses} addresses for tasks${nodesText})`,
        source: 'stricter',
      });
    }
  }
  return capacity;
}


function percent(part: number, whole: number): string {
  const value = (part / whole) * 100;
  return value < 1 ? 'under 1%' : `${Math.floor(value)}%`;
}
