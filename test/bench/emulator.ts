/**
 * The Marathon emulator's own cost, so client benchmarks against it can tell client overhead from server time:
 * per-request medians of the calls a batch migration makes, against `GET /ping` (an HTTP round trip that does no
 * work) measured in the same run, on a cluster of 1,000 apps.
 */
import { performance } from 'node:perf_hooks';

import { startEmulator } from '../../src/emulator/index.js';
import { formatMs, median, type Bench } from './harness.js';

const APPS = 1000;

function cluster(): Record<string, unknown> {
  const apps = Array.from({ length: APPS }, (_, i) => ({
    id: `/team-${i % 20}/app-${i}`,
    cmd: 'sleep 1000',
    networks: [{ mode: 'container', name: 'dcos' }],
    container: { type: 'MESOS', docker: { image: 'nginx' }, portMappings: [{ containerPort: 80, name: 'http' }] },
    labels: { team: `team-${i % 20}` },
  }));
  return { id: '/', apps };
}

async function timeEach(count: number, fn: (i: number) => Promise<unknown>, warmup = 50): Promise<number> {
  // Unmeasured calls first: the first requests pay for JIT compilation and connection set-up.
  for (let i = 0; i < warmup; i++) await fn(count + i);
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    await fn(i);
    samples.push(performance.now() - start);
  }
  return median(samples);
}

async function request(url: string, method = 'GET', body?: unknown): Promise<void> {
  const response = await fetch(url, {
    method,
    headers: { 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  await response.arrayBuffer();
  if (response.status >= 300) throw new Error(`${method} ${url}: ${response.status}`);
}

/** `npm run bench emulator`. */
export const emulatorBench: Bench = {
  name: 'emulator',
  async run() {
    const tree = cluster();
    const loadStart = performance.now();
    const server = await startEmulator({ state: tree });
    const loadMs = performance.now() - loadStart;
    try {
      const base = server.url;
      const ping = await timeEach(300, () => request(`${base}/ping`));
      const appUrl = (k: number): string => `${base}/v2/apps/team-${k % 20}/app-${k}`;
      const get = await timeEach(300, (i) => request(appUrl(i % APPS)));
      // 50 warm-up PUTs plus 950 measured: every app is migrated exactly once.
      const put = await timeEach(APPS - 50, (i) =>
        request(appUrl((i + 50) % APPS), 'PUT', {
          networks: [{ mode: 'container', name: 'calico' }],
          container: { type: 'MESOS', docker: { image: 'nginx' }, portMappings: [{ containerPort: 80, name: 'http' }] },
        }),
      );
      const deployments = await timeEach(50, () => request(`${base}/v2/deployments`));
      const groups = await timeEach(20, () => request(`${base}/v2/groups`), 3);
      const ratio = (ms: number): string => `${(ms / ping).toFixed(1)}x ping`;
      return [
        `cluster: ${APPS} apps in 20 groups; state loaded in ${formatMs(loadMs)}`,
        `GET /ping (baseline round trip): median ${formatMs(ping)}`,
        `GET /v2/apps/{id}: median ${formatMs(get)} (${ratio(get)})`,
        `PUT /v2/apps/{id} (network change, instant deployment): median ${formatMs(put)} (${ratio(put)})`,
        `GET /v2/deployments: median ${formatMs(deployments)} (${ratio(deployments)})`,
        `GET /v2/groups (${APPS} apps): median ${formatMs(groups)} (${ratio(groups)})`,
      ];
    } finally {
      await server.close();
    }
  },
};
