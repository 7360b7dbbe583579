/**
 * Endpoints from Marathon at cluster scale: 10,000 apps x 10 instances (100,000 endpoints, labels needing
 * sanitisation and a long value hashed by DC/OS's rule) with addresses from a /12 pool over 200 agents.
 * Baseline in the same run: the same endpoints without addresses (labels only), so the ratio is the cost of IPAM.
 */
import { endpointsFromMarathon } from '../../src/calico/endpoints.js';
import { formatMs, medianMs, type Bench } from './harness.js';

function apps(count: number): Record<string, unknown>[] {
  return Array.from({ length: count }, (_, index) => ({
    id: `/team-${index % 50}/app-${index}`,
    instances: 10,
    container: { type: 'MESOS', docker: { image: 'nginx' } },
    networks: [
      {
        mode: 'container',
        name: 'calico',
        labels: {
          app: `app-${index}`,
          'team/name': `team ${index % 50}`,
          tier: ['web', 'api', 'db'][index % 3]!,
          ...(index % 10 === 0 ? { release: `release-${index}-${'x'.repeat(70)}` } : {}),
        },
      },
    ],
  }));
}

export const endpointsBench: Bench = {
  name: 'endpoints',
  async run() {
    const input = apps(10_000);
    const pools = [{ name: 'big', cidr: '10.0.0.0/12', vxlanMode: 'Always' as const }];
    let count = 0;
    const labelsOnly = await medianMs(() => {
      count = endpointsFromMarathon({ apps: input, options: { noAddresses: true } }).endpoints.length;
    });
    const withAddresses = await medianMs(() => {
      count = endpointsFromMarathon({ apps: input, options: { pools, agents: 200 } }).endpoints.length;
    });
    return [
      `${count} endpoints from 10,000 apps x 10 instances`,
      `labels only (baseline): ${formatMs(labelsOnly)} median`,
      `labels + IPAM over 200 agents: ${formatMs(withAddresses)} median (${(withAddresses / labelsOnly).toFixed(2)}x the baseline)`,
    ];
  },
};
