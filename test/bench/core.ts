/**
 * The migration core over 10,000 generated apps and 1,000 pods (mixed UCR/Docker, dcos/unnamed/calico/bridge/host,
 * legacy forms, labels, env): migrateApp/migratePod, and validateApp, against a baseline of one structuredClone per
 * item (the deep copy every migration must make) measured in the same run.
 */
import { migrateApp, migratePod, validateApp } from '../../src/core/index.js';
import type { JsonObject } from '../../src/core/index.js';
import type { Bench } from './harness.js';
import { formatMs, medianMs } from './harness.js';

function generateApps(count: number): JsonObject[] {
  const shapes: ((i: number) => JsonObject)[] = [
    (i) => ({ container: { type: 'MESOS', docker: { image: 'nginx' }, portMappings: [{ containerPort: 80, name: 'http', networkNames: ['dcos'], labels: { VIP_0: `/app-${i}:80` } }] }, networks: [{ mode: 'container', name: 'dcos' }] }),
    () => ({ container: { type: 'DOCKER', docker: { image: 'nginx' } }, networks: [{ mode: 'container' }] }),
    () => ({ container: { type: 'MESOS' }, networks: [{ mode: 'container', name: 'calico', labels: { tier: 'web' } }] }),
    () => ({ container: { type: 'DOCKER', docker: { image: 'nginx' }, portMappings: [{ containerPort: 80, hostPort: 0 }] }, networks: [{ mode: 'container/bridge' }] }),
    () => ({ portDefinitions: [{ port: 0, name: 'http' }] }),
    () => ({ container: { type: 'DOCKER', docker: { image: 'nginx', network: 'USER' } }, ipAddress: { networkName: 'dcos', labels: { legacy: 'yes' } } }),
  ];
  return Array.from({ length: count }, (_, i) => ({
    id: `/group-${Math.floor(i / 50)}/app-${i}`,
    cmd: 'python3 -m http.server 8080',
    cpus: 0.1,
    mem: 64,
    instances: 2,
    labels: { app: `app-${i}`, team: `team-${i % 7}`, HAPROXY_GROUP: 'external', 'app/path': `/group-${Math.floor(i / 50)}/app-${i}` },
    env: { PEER: i % 10 === 0 ? '9.0.1.2' : 'peer.marathon.l4lb.thisdcos.directory', MODE: 'prod' },
    healthChecks: [{ protocol: 'MESOS_HTTP', path: '/health', portIndex: 0 }],
    ...shapes[i % shapes.length]!(i),
  }));
}

function generatePods(count: number): JsonObject[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `/pods/pod-${i}`,
    labels: { app: `pod-${i}` },
    containers: [{ name: 'web', resources: { cpus: 0.1, mem: 64 }, endpoints: [{ name: 'http', containerPort: 80, networkNames: ['dcos'] }] }],
    networks: [{ mode: 'container', name: 'dcos' }],
  }));
}

export const coreBench: Bench = {
  name: 'core',
  async run() {
    const apps = generateApps(10_000);
    const pods = generatePods(1_000);
    const clone = await medianMs(() => {
      for (const app of apps) structuredClone(app);
      for (const pod of pods) structuredClone(pod);
    });
    const migrate = await medianMs(() => {
      for (const app of apps) migrateApp(app);
      for (const pod of pods) migratePod(pod);
    });
    const validate = await medianMs(() => {
      for (const app of apps) validateApp(app);
    });
    return [
      `10,000 apps + 1,000 pods, median of 5 runs`,
      `structuredClone of every item (baseline): ${formatMs(clone)}`,
      `migrateApp/migratePod: ${formatMs(migrate)} (${(migrate / clone).toFixed(2)}x the baseline, ${((migrate * 1000) / 11_000).toFixed(1)} µs per item)`,
      `validateApp (JSON Schema + network rules): ${formatMs(validate)} (${(validate / clone).toFixed(2)}x the baseline)`,
    ];
  },
};
