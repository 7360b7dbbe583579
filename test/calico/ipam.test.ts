import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import {
  allocateAddresses,
  cidrsOverlap,
  cidr,
  formatRange,
  ipv4ToNumber,
  ipPoolsFromResources,
  numberToIpv4,
  parseIpv4Cidr,
  type IpPool,
} from '../../src/calico/ipam/index.js';

const dcosPool: IpPool = { name: 'default-ipv4-ippool', cidr: '172.29.0.0/16', vxlanMode: 'Always', natOutgoing: true };

function requests(count: number, network = 'calico'): { name: string; network: string }[] {
  return Array.from({ length: count }, (_, index) => ({ name: `app#${index}`, network }));
}

describe('calico/ipam/cidr', () => {
  it('parses strictly masked IPv4 networks and refuses the rest with a reason', () => {
    expect(parseIpv4Cidr('172.29.0.0/16')).toEqual({ text: '172.29.0.0/16', base: ipv4ToNumber('172.29.0.0'), prefix: 16, size: 65536 });
    expect(parseIpv4Cidr('172.29.0.1/16')).toMatchObject({ problem: 'not-strictly-masked' });
    expect(parseIpv4Cidr('172.29.0.1/16', { strict: false })).toMatchObject({ text: '172.29.0.0/16' });
    expect(parseIpv4Cidr('fd01:b::/64')).toMatchObject({ problem: 'not-ipv4' });
    expect(parseIpv4Cidr('10.1/16')).toMatchObject({ problem: 'invalid' });
    expect(parseIpv4Cidr('10.0.0.0/33')).toMatchObject({ problem: 'invalid' });
    expect(parseIpv4Cidr('')).toMatchObject({ problem: 'invalid' });
    expect(parseIpv4Cidr('10.0.0.7')).toMatchObject({ text: '10.0.0.7/32', size: 1 });
  });

  it('converts addresses both ways, including the top of the space', () => {
    expect(numberToIpv4(ipv4ToNumber('255.255.255.255'))).toBe('255.255.255.255');
    expect(ipv4ToNumber('11.0.0.0')).toBe(11 * 2 ** 24);
    expect(() => ipv4ToNumber('0x0a.0.0.1')).toThrow(TypeError);
  });

  it('detects overlaps and formats ranges', () => {
    expect(cidrsOverlap(cidr('9.0.0.0/8'), cidr('9.200.0.0/16'))).toBe(true);
    expect(cidrsOverlap(cidr('172.29.0.0/16'), cidr('172.30.0.0/16'))).toBe(false);
    expect(formatRange({ first: ipv4ToNumber('11.0.0.0'), last: ipv4ToNumber('11.255.255.255') })).toBe('11.0.0.0/8');
    expect(formatRange({ first: ipv4ToNumber('11.0.0.0'), last: ipv4ToNumber('11.255.255.254') })).toBe('11.0.0.0-11.255.255.254');
  });
});

describe('calico/ipam/allocate', () => {
  it('gives every agent a tunnel address first, then spreads instances round-robin over the agents', () => {
    const result = allocateAddresses(requests(4), { pools: [dcosPool], agents: 3 });

    expect([...result.assignments.values()].map(({ name, ip, agent, block }) => ({ name, ip, agent, block }))).toEqual([
      { name: 'app#0', ip: '172.29.0.1', agent: 'agent-1', block: '172.29.0.0/26' },
      { name: 'app#1', ip: '172.29.0.65', agent: 'agent-2', block: '172.29.0.64/26' },
      { name: 'app#2', ip: '172.29.0.129', agent: 'agent-3', block: '172.29.0.128/26' },
      { name: 'app#3', ip: '172.29.0.2', agent: 'agent-1', block: '172.29.0.0/26' },
    ]);
    expect(result.usage).toEqual([
      {
        pool: 'default-ipv4-ippool',
        cidr: '172.29.0.0/16',
        blockSize: 26,
        addresses: 65536,
        blocks: 1024,
        blocksClaimed: 3,
        tunnelAddresses: 3,
        workloadAddresses: 4,
      },
    ]);
    expect(result.exhausted).toEqual([]);
  });

  it('hands out ordinal 0 of a block when no tunnel address takes it, and claims the next block when one is full', () => {
    const pool: IpPool = { name: 'small', cidr: '10.9.0.0/26', blockSize: 28 };

    const result = allocateAddresses(requests(17), { pools: [pool], agents: 1 });

    expect(result.assignments.get('app#0')?.ip).toBe('10.9.0.0');
    expect(result.assignments.get('app#15')?.ip).toBe('10.9.0.15');
    expect(result.assignments.get('app#16')).toMatchObject({ ip: '10.9.0.16', block: '10.9.0.16/28', borrowed: false });
  });

  it('borrows from another agent when no free block is left', () => {
    const pool: IpPool = { name: 'tiny', cidr: '10.9.0.0/27', blockSize: 28 };

    const result = allocateAddresses(requests(3), { pools: [pool], agents: 3 });

    expect(result.assignments.get('app#0')).toMatchObject({ ip: '10.9.0.0', agent: 'agent-1', borrowed: false });
    expect(result.assignments.get('app#1')).toMatchObject({ ip: '10.9.0.16', agent: 'agent-2', borrowed: false });
    expect(result.assignments.get('app#2')).toMatchObject({ ip: '10.9.0.1', agent: 'agent-3', block: '10.9.0.0/28', borrowed: true });
  });

  it('reports exhaustion with counts and the endpoints left without an address', () => {
    const pool: IpPool = { name: 'full', cidr: '10.9.0.0/28', blockSize: 28, vxlanMode: 'Always' };

    const result = allocateAddresses(requests(20), { pools: [pool], agents: 2 });

    expect(result.assignments.size).toBe(14);
    expect(result.exhausted).toEqual([
      {
        network: 'calico',
        pools: ['full'],
        requested: 20,
        allocated: 14,
        capacity: 14,
        unallocated: ['app#14', 'app#15', 'app#16', 'app#17', 'app#18', 'app#19'],
        reason: 'exhausted',
      },
    ]);
  });

  it('keeps a pool named after a network for that network only', () => {
    const pools: IpPool[] = [dcosPool, { name: 'blue', cidr: '10.1.0.0/16' }];

    const result = allocateAddresses(
      [
        { name: 'a#0', network: 'blue' },
        { name: 'b#0', network: 'calico' },
      ],
      { pools, agents: 1 },
    );

    expect(result.assignments.get('a#0')).toMatchObject({ ip: '10.1.0.0', pool: 'blue' });
    expect(result.assignments.get('b#0')).toMatchObject({ ip: '172.29.0.1', pool: 'default-ipv4-ippool' });
  });

  it('skips disabled, manual, tunnel-only and IPv6 pools, and says why IPv6 and invalid pools are unused', () => {
    const pools: IpPool[] = [
      { name: 'a-disabled', cidr: '10.1.0.0/16', disabled: true },
      { name: 'b-manual', cidr: '10.2.0.0/16', assignmentMode: 'Manual' },
      { name: 'c-tunnel', cidr: '10.3.0.0/16', allowedUses: ['Tunnel'] },
      { name: 'd-v6', cidr: 'fd00::/64' },
      { name: 'e-small', cidr: '10.4.0.0/27' },
      { name: 'f-ok', cidr: '10.5.0.0/16' },
    ];

    const result = allocateAddresses(requests(1), { pools, agents: 1 });

    expect(result.assignments.get('app#0')?.pool).toBe('f-ok');
    expect(result.problems.map((problem) => problem.pool)).toEqual(['d-v6', 'e-small']);
    expect(result.problems[1]?.message).toMatch(/^IP pool size is too small for use with Calico IPAM/);
  });

  it('reports a network no pool can serve', () => {
    const result = allocateAddresses(requests(2), { pools: [{ name: 'x', cidr: '10.1.0.0/16', disabled: true }], agents: 1 });

    expect(result.exhausted).toMatchObject([{ network: 'calico', pools: [], requested: 2, allocated: 0, reason: 'no-pool' }]);
  });

  it('evaluates node selectors through the matcher it is given', () => {
    const pools: IpPool[] = [
      { name: 'a-zone', cidr: '10.1.0.0/16', nodeSelector: "zone == 'a'" },
      { name: 'b-any', cidr: '10.2.0.0/16' },
    ];
    const matcher = (selector: string, labels: Readonly<Record<string, string>>): boolean =>
      selector === "zone == 'a'" && labels.zone === 'a';

    const inZoneA = allocateAddresses(requests(1), { pools, agents: 1, agentLabels: { zone: 'a' }, nodeSelectorMatches: matcher });
    const elsewhere = allocateAddresses(requests(1), { pools, agents: 1, agentLabels: { zone: 'b' }, nodeSelectorMatches: matcher });

    expect(inZoneA.assignments.get('app#0')?.pool).toBe('a-zone');
    expect(elsewhere.assignments.get('app#0')?.pool).toBe('b-any');
  });

  it('reads IPPool documents out of calicoctl resources', () => {
    const pools = ipPoolsFromResources([
      { apiVersion: 'projectcalico.org/v3', kind: 'Profile', metadata: { name: 'calico' }, spec: {} },
      { kind: 'IPPool', metadata: { name: 'blue' }, spec: { cidr: '10.1.0.0/16', blockSize: 24, vxlanMode: 'Always', allowedUses: ['Workload'] } },
    ]);

    expect(pools).toEqual([{ name: 'blue', cidr: '10.1.0.0/16', blockSize: 24, vxlanMode: 'Always', allowedUses: ['Workload'] }]);
  });

  it('never hands out an address twice or outside the pools, and serves min(requests, capacity)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 300 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 24, max: 28 }),
        fc.integer({ min: 28, max: 30 }),
        fc.boolean(),
        (count, agents, prefix, blockSize, encapsulated) => {
          const pool: IpPool = { name: 'p', cidr: `10.7.0.0/${prefix}`, blockSize, vxlanMode: encapsulated ? 'Always' : 'Never' };
          const network = cidr(pool.cidr);
          const tunnels = encapsulated ? Math.min(agents, network.size) : 0;

          const result = allocateAddresses(requests(count), { pools: [pool], agents });

          const ips = [...result.assignments.values()].map((assignment) => ipv4ToNumber(assignment.ip));
          expect(new Set(ips).size).toBe(ips.length);
          for (const ip of ips) expect(ip >= network.base && ip < network.base + network.size).toBe(true);
          expect(ips.length).toBe(Math.min(count, network.size - tunnels));
          for (const assignment of result.assignments.values()) {
            const block = cidr(assignment.block);
            expect(block.prefix).toBe(blockSize);
            expect(ipv4ToNumber(assignment.ip) - block.base).toBeLessThan(block.size);
          }
        },
      ),
      { numRuns: 100 },
    );
  });
});
