import { readdirSync, readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { endpointsFromMarathon, type MarathonEndpointInput, type MarathonEndpointOptions } from '../../src/calico/endpoints.js';
import { createSimulator } from '../../src/calico/simulator.js';
import { fixturePath } from '../../src/paths.js';

const fixtures = fixturePath('calico', 'endpoints');
const cases = readdirSync(fixtures)
  .filter((name) => name.endsWith('.input.json'))
  .map((name) => name.slice(0, -'.input.json'.length));

function readJson(path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8')) as unknown;
}

/** An input file is an array of apps, a group tree, or one app. */
function inputOf(document: unknown): MarathonEndpointInput {
  if (Array.isArray(document)) return { apps: document };
  const record = document as Record<string, unknown>;
  return Array.isArray(record.groups) || Array.isArray(record.apps) ? { groups: [document] } : { apps: [document] };
}

function optionsOf(name: string): MarathonEndpointOptions {
  try {
    return readJson(`${fixtures}/${name}.options.json`) as MarathonEndpointOptions;
  } catch {
    return {};
  }
}

describe('calico/endpoints (fixtures)', () => {
  it('has fixture pairs', () => {
    expect(cases.length).toBeGreaterThanOrEqual(6);
  });

  for (const name of cases) {
    it(name, () => {
      const result = endpointsFromMarathon({ ...inputOf(readJson(`${fixtures}/${name}.input.json`)), options: optionsOf(name) });

      const actual = {
        endpoints: result.endpoints,
        problems: result.problems,
        nonCalico: result.nonCalico,
        ipam: result.ipam && { agents: result.ipam.agents, usage: result.ipam.usage, exhausted: result.ipam.exhausted, problems: result.ipam.problems },
      };
      expect(JSON.parse(JSON.stringify(actual))).toEqual(readJson(`${fixtures}/${name}.expected.json`));
    });
  }
});

describe('calico/endpoints', () => {
  const app = (id: string, labels: Record<string, string>, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
    id,
    cmd: 'sleep 3600',
    networks: [{ mode: 'container', name: 'calico', labels }],
    ...extra,
  });

  it('makes one endpoint per instance with the labels Calico sees, the namespace labels and the profile label', () => {
    const result = endpointsFromMarathon({ apps: [app('/a', { 'team/name': 'payments' }, { instances: 2 })], options: { noAddresses: true } });

    expect(result.endpoints.map((endpoint) => [endpoint.name, endpoint.app, endpoint.instance, endpoint.labels])).toEqual([
      ['a#0', '/a', 0, { 'team.name': 'payments', 'projectcalico.org/namespace': 'default', 'projectcalico.org/orchestrator': 'cni', calico: '' }],
      ['a#1', '/a', 1, { 'team.name': 'payments', 'projectcalico.org/namespace': 'default', 'projectcalico.org/orchestrator': 'cni', calico: '' }],
    ]);
    expect(result.ipam).toBeUndefined();
  });

  it('keeps explicit labels over the profile, and a Marathon key never reaches Calico\'s own labels (sanitisation turns / into .)', () => {
    const result = endpointsFromMarathon({
      apps: [app('/a', { calico: 'mine', 'projectcalico.org/orchestrator': 'k8s' })],
      options: { noAddresses: true },
    });

    expect(result.endpoints[0]?.labels).toEqual({
      calico: 'mine',
      'projectcalico.org.orchestrator': 'k8s',
      'projectcalico.org/orchestrator': 'cni',
      'projectcalico.org/namespace': 'default',
    });
  });

  it('takes labelsToApply from the profiles it is given', () => {
    const result = endpointsFromMarathon({
      apps: [app('/a', {})],
      options: { noAddresses: true, profiles: [{ name: 'calico', labelsToApply: { zone: 'eu', calico: '' } }] },
    });

    expect(result.endpoints[0]?.labels).toMatchObject({ zone: 'eu', calico: '' });
  });

  it('treats an unnamed container network as Marathon does: the default network, dcos unless configured', () => {
    const unnamed = { id: '/u', cmd: 'x', networks: [{ mode: 'container', labels: { a: 'b' } }] };

    expect(endpointsFromMarathon({ apps: [unnamed], options: { noAddresses: true } }).endpoints).toEqual([]);
    expect(endpointsFromMarathon({ apps: [unnamed], options: { noAddresses: true, defaultNetworkName: 'calico' } }).endpoints).toHaveLength(1);
  });

  it('defaults to one instance, like Marathon, for apps and pods', () => {
    const pod = { id: '/p', containers: [{ name: 'c' }], networks: [{ name: 'calico' }] };

    const result = endpointsFromMarathon({ apps: [app('/a', {})], pods: [pod], options: { noAddresses: true } });

    expect(result.endpoints.map((endpoint) => [endpoint.name, endpoint.source])).toEqual([
      ['a#0', 'app'],
      ['p#0', 'pod'],
    ]);
  });

  it('reports entries that are not run specs instead of throwing', () => {
    const result = endpointsFromMarathon({ apps: [42, { cmd: 'no id' }], groups: ['x'], options: { noAddresses: true } });

    expect(result.endpoints).toEqual([]);
    expect(result.problems.map((problem) => problem.code)).toEqual(['not-a-run-spec', 'not-a-run-spec']);
  });

  it('assigns addresses inside the DC/OS default pool, without duplicates', () => {
    const apps = Array.from({ length: 50 }, (_, index) => app(`/g/app-${index}`, { app: `app-${index}` }, { instances: 3 }));

    const result = endpointsFromMarathon({ apps, options: { agents: 7 } });

    const ips = result.endpoints.map((endpoint) => endpoint.ip);
    expect(ips).toHaveLength(150);
    expect(new Set(ips).size).toBe(150);
    for (const ip of ips) expect(ip).toMatch(/^172\.29\.\d+\.\d+$/);
    expect(new Set(result.endpoints.map((endpoint) => endpoint.agent)).size).toBe(7);
  });

  it('migrates in memory with the carry-policy options', () => {
    const before = { id: '/a', cmd: 'x', networks: [{ mode: 'container', name: 'dcos' }], labels: { team: 'x', tier: 'web' } };

    const result = endpointsFromMarathon({ apps: [before], options: { noAddresses: true, migrate: { carry: { include: ['tier'] } } } });

    expect(result.endpoints[0]?.labels).toEqual({ tier: 'web', 'projectcalico.org/namespace': 'default', 'projectcalico.org/orchestrator': 'cni', calico: '' });
  });

  it('gives the simulator endpoints it accepts, reproducing the DC/OS bookstore verdicts', () => {
    const apps = ['bookstore-frontend', 'bookstore-server', 'fruitstore-frontend'].map((name) => readJson(fixturePath('bookstore', 'migrated', `${name}.json`)));
    const { endpoints } = endpointsFromMarathon({ apps });
    const simulator = createSimulator({
      resources: [readFileSync(fixturePath('bookstore', 'calico', 'policy.yaml'), 'utf8'), readFileSync(fixturePath('bookstore', 'calico', 'profile.yaml'), 'utf8')],
      endpoints,
    });

    const verdict = (from: string, to: string): string => simulator.check({ from, to, protocol: 'TCP', port: 80 }).verdict;

    expect(verdict('bookstore-frontend#0', 'bookstore-server#0')).toBe('allow');
    expect(verdict('fruitstore-frontend#0', 'bookstore-server#0')).toBe('deny');
    expect(verdict('bookstore-server#0', 'fruitstore-frontend#0')).toBe('allow');
  });
});
