/**
 * Simulator benchmark: the app-level matrix for one port over 10,000 apps x 10 instances (100,000 endpoints) and
 * 2,000 policies, and the fast matrix against the reference evaluator on a 1,000-endpoint subset, in one run.
 */
import { createSimulator } from '../../src/calico/simulator.js';
import { buildModel } from '../../src/calico/policy/model.js';
import { classMatrix } from '../../src/calico/policy/matrix.js';
import { referenceMatrix } from '../../src/calico/policy/reference.js';
import { resolveResources } from '../../src/calico/simulator.js';
import type { Endpoint } from '../../src/calico/types.js';
import { availableParallelism, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { formatMs, median, type Bench } from './harness.js';

const APPS = 10_000;
const INSTANCES = 10;
const POLICIES = 2_000;
const TEAMS = 50;
const TIERS = ['web', 'api', 'db', 'cache'];

function appLabels(i: number): Record<string, string> {
  const labels: Record<string, string> = { app: `app-${i}`, team: `team-${i % TEAMS}`, tier: TIERS[i % TIERS.length]! };
  if (i % 3 !== 0) labels.env = i % 3 === 1 ? 'prod' : 'staging';
  return labels;
}

/** `apps` apps of `INSTANCES` endpoints each; every app has a unique `app` label plus shared team/tier/env labels. */
export function benchEndpoints(apps: number): Endpoint[] {
  const endpoints: Endpoint[] = [];
  for (let i = 0; i < apps; i++) {
    const labels = appLabels(i);
    const namespace = i % 10 === 9 ? 'payments' : 'default';
    for (let k = 0; k < INSTANCES; k++) {
      const n = i * INSTANCES + k;
      endpoints.push({ name: `app-${i}.${k}`, app: `/app-${i}`, labels, namespace, ip: `10.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}` });
    }
  }
  return endpoints;
}

/** 2,000 policies: equality, set, has, negation, namespaced and global, port ranges; plus the allow-all profile. */
export function benchResources(): object[] {
  const resources: object[] = [
    { apiVersion: 'projectcalico.org/v3', kind: 'Profile', metadata: { name: 'calico' }, spec: { ingress: [{ action: 'Allow' }], egress: [{ action: 'Allow' }], labelsToApply: { calico: '' } } },
    { apiVersion: 'projectcalico.org/v3', kind: 'Tier', metadata: { name: 'security' }, spec: { order: 100, defaultAction: 'Pass' } },
  ];
  const np = (name: string, namespace: string, spec: object): object => ({ apiVersion: 'projectcalico.org/v3', kind: 'NetworkPolicy', metadata: { name, namespace }, spec });
  const gnp = (name: string, spec: object): object => ({ apiVersion: 'projectcalico.org/v3', kind: 'GlobalNetworkPolicy', metadata: { name }, spec });
  for (let p = 0; p < POLICIES; p++) {
    const app = (p * 37) % APPS;
    const team = p % TEAMS;
    const namespace = app % 10 === 9 ? 'payments' : 'default';
    switch (p % 5) {
      case 0: // equality + port range, namespaced
        resources.push(np(`app-${app}-ingress`, namespace, {
          order: 100 + (p % 7),
          selector: `app == 'app-${app}'`,
          ingress: [
            { action: 'Allow', protocol: 'TCP', source: { selector: `team == 'team-${team}'` }, destination: { ports: ['8000:8100'] } },
            { action: 'Allow', protocol: 'TCP', source: { selector: `app in {'app-${(app + 1) % APPS}', 'app-${(app + 2) % APPS}'}` }, destination: { ports: [80, 443] } },
          ],
        }));
        break;
      case 1: // set + has, namespaced, both directions
        resources.push(np(`team-${team}-db-${p}`, namespace, {
          order: 200,
          selector: `team == 'team-${team}' && tier == 'db' && app in {'app-${app}', 'app-${(app + 5) % APPS}', 'app-${(app + 9) % APPS}'}`,
          ingress: [{ action: 'Allow', protocol: 'TCP', source: { selector: `tier == 'api' && has(env)` }, destination: { ports: ['5432', '8080:8090'] } }],
          egress: [{ action: 'Allow', protocol: 'UDP', destination: { ports: [53] } }, { action: 'Allow', destination: { selector: "tier != 'web'" } }],
        }));
        break;
      case 2: // global, negation, !has
        resources.push(gnp(`cache-${p}`, {
          order: 300 + (p % 11),
          selector: `tier == 'cache' && team == 'team-${team}' && app != 'app-${app}'`,
          egress: [{ action: 'Deny', destination: { selector: '!has(env)' } }, { action: 'Allow', protocol: 'TCP', destination: { notPorts: ['1:1023'] } }],
        }));
        break;
      case 3: // global in the security tier, Pass
        resources.push(gnp(`security.quarantine-${p}`, {
          tier: 'security',
          order: 10,
          selector: `app in {'app-${app}', 'app-${(app + 3) % APPS}'}`,
          ingress: [{ action: 'Deny', source: { notSelector: `team == 'team-${team}'`, selector: 'has(team)' } }, { action: 'Pass' }],
        }));
        break;
      default: // starts with / contains, namespaced with namespaceSelector
        resources.push(np(`env-${p}`, namespace, {
          selector: `app == 'app-${app}' && env starts with 'pro'`,
          ingress: [
            { action: 'Log' },
            { action: 'Allow', protocol: 'TCP', source: { namespaceSelector: 'all()', selector: `team contains '${team % 10}'` }, destination: { ports: ['8080'] } },
            { action: 'Deny', protocol: 'TCP', destination: { ports: ['1:65535'] } },
          ],
        }));
    }
  }
  return resources;
}

export const simulatorBench: Bench = {
  name: 'simulator',
  async run() {
    const lines: string[] = [];
    const resources = resolveResources(benchResources());
    const query = { protocol: 'TCP' as const, port: 8080 };

    // Full size: 100,000 endpoints, 2,000 policies. Each run builds a fresh simulator, then asks for the matrix of
    // one port (cold: includes grouping endpoints into classes and indexing their labels) and of a second port
    // (warm: classes and label index reused).
    const endpoints = benchEndpoints(APPS);
    const build: number[] = [];
    const cold: number[] = [];
    const coldCpu: number[] = [];
    const warm: number[] = [];
    const warmCpu: number[] = [];
    const buildCpu: number[] = [];
    // CPU time of this process next to wall time: on a busy machine wall time also counts waiting for a core.
    const cpuMs = (since: NodeJS.CpuUsage): number => {
      const used = process.cpuUsage(since);
      return (used.user + used.system) / 1000;
    };
    let denied = 0;
    let groups = 0;
    for (let run = 0; run < 4; run++) {
      let t = performance.now();
      const buildStart = process.cpuUsage();
      const simulator = createSimulator({ resources, endpoints });
      build.push(performance.now() - t);
      buildCpu.push(cpuMs(buildStart));
      t = performance.now();
      const cpu = process.cpuUsage();
      const matrix = simulator.matrix(query);
      cold.push(performance.now() - t);
      coldCpu.push(cpuMs(cpu));
      t = performance.now();
      const warmStart = process.cpuUsage();
      simulator.matrix({ protocol: 'TCP', port: 5432 });
      warm.push(performance.now() - t);
      warmCpu.push(cpuMs(warmStart));
      groups = matrix.groups.length;
      denied = 0;
      for (let i = 0; i < 200; i++) if (matrix.cell(`/app-${i}`, `/app-${(i * 7919) % APPS}`).verdict !== 'allow') denied++;
    }
    // The first run also warms up the JIT: report the median of the others.
    lines.push(`endpoints: ${endpoints.length} (${APPS} apps x ${INSTANCES}), policies: ${POLICIES}, query TCP 8080`);
    lines.push(`createSimulator (resolve 100,000 endpoints' labels and addresses): median ${formatMs(median(build.slice(1)))} wall, ${formatMs(median(buildCpu.slice(1)))} CPU`);
    lines.push(`app-level matrix ${groups} x ${groups}, first query: median ${formatMs(median(cold.slice(1)))} wall, ${formatMs(median(coldCpu.slice(1)))} CPU (limit 2 s)`);
    lines.push(`app-level matrix, another port on the same simulator: median ${formatMs(median(warm.slice(1)))} wall, ${formatMs(median(warmCpu.slice(1)))} CPU`);
    lines.push(`sampled app pairs denied: ${denied}/200`);

    // 1,000-endpoint subset: fast vs reference, same policies, same run.
    const subset = benchEndpoints(100);
    const model = buildModel(resources, subset);
    /** Median wall and CPU milliseconds of `runs` calls after `warmup` unmeasured ones. */
    const measure = (fn: () => unknown, runs: number, warmup: number): { wall: number; cpu: number } => {
      for (let i = 0; i < warmup; i++) fn();
      const wall: number[] = [];
      const cpu: number[] = [];
      for (let i = 0; i < runs; i++) {
        const start = process.cpuUsage();
        const t = performance.now();
        fn();
        wall.push(performance.now() - t);
        cpu.push(cpuMs(start));
      }
      return { wall: median(wall), cpu: median(cpu) };
    };
    const fast = measure(() => classMatrix(model, { protocol: 6, port: 8080 }), 7, 2);
    const reference = measure(() => referenceMatrix(model, { protocol: 6, port: 8080 }), 3, 0);
    const fastMs = fast.wall;
    const referenceMs = reference.wall;
    const fastCpu = fast.cpu;
    const referenceCpu = reference.cpu;
    lines.push(`load average while measuring: ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${availableParallelism()} cores`);
    lines.push(
      `subset of ${subset.length} endpoints: fast matrix median ${formatMs(fastMs)} wall / ${formatMs(fastCpu)} CPU, reference evaluator median ${formatMs(referenceMs)} wall / ${formatMs(referenceCpu)} CPU, ratio ${(referenceMs / fastMs).toFixed(0)}x wall, ${(referenceCpu / fastCpu).toFixed(0)}x CPU (goal >= 100x)`,
    );
    return lines;
  },
};
