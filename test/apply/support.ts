/** Shared set-up of the live-cluster suites: apps on the dcos network, an emulator, a fast client, a live plan. */
import { readFileSync } from 'node:fs';

import type { BatchItem } from '../../src/apply/engine.js';
import { batchItemsFromPlan, type PlanLikeItem } from '../../src/cli/commands/apply.js';
import { type EmulatorOptions, startEmulator } from '../../src/emulator/index.js';
import { createMarathonClient, type MarathonClient, type MarathonClientOptions } from '../../src/marathon/client.js';
import { readLiveCluster } from '../../src/marathon/live.js';
import { fixturePath } from '../../src/paths.js';
import { buildPlan } from '../../src/plan/index.js';

export type Emulator = Awaited<ReturnType<typeof startEmulator>>;

/** A UCR app on the dcos overlay with one port mapping that names the network. */
export function dcosApp(id: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id,
    instances: 1,
    cpus: 0.1,
    mem: 32,
    cmd: 'sleep 1000',
    container: { type: 'MESOS', portMappings: [{ containerPort: 80, name: 'http', networkNames: ['dcos'] }] },
    networks: [{ mode: 'container', name: 'dcos' }],
    labels: { tier: 'web' },
    ...extra,
  };
}

/** The three bookstore apps of the DC/OS docs, on dcos. */
export function bookstoreApps(): Record<string, unknown>[] {
  return ['bookstore-frontend', 'bookstore-server', 'fruitstore-frontend'].map(
    (name) => JSON.parse(readFileSync(fixturePath('bookstore', 'apps', `${name}.json`), 'utf8')) as Record<string, unknown>,
  );
}

/** Starts an emulator holding these apps (and pods) at the root group. */
export function emulatorWith(apps: readonly Record<string, unknown>[], options: Omit<EmulatorOptions, 'state'> & { pods?: Record<string, unknown>[] } = {}): Promise<Emulator> {
  const { pods, ...rest } = options;
  return startEmulator({ ...rest, state: { id: '/', apps: [...apps], ...(pods ? { pods: pods.map((spec) => ({ id: spec['id'], spec })) } : {}) } });
}

/** A client with short backoffs so retry tests stay fast. */
export function fastClient(emulator: Emulator, options: Partial<MarathonClientOptions> = {}): MarathonClient {
  return createMarathonClient({ baseUrl: emulator.url, backoffMs: 5, maxBackoffMs: 40, lockPollMs: 20, timeoutMs: 5000, ...options });
}

/** Reads the live cluster and plans its migration, as `apply` does. */
export async function livePlan(client: MarathonClient, filter: (id: string) => boolean = () => true): Promise<BatchItem[]> {
  const live = await readLiveCluster(client);
  const plan = buildPlan({ live: [live.source], options: {} });
  return batchItemsFromPlan(plan.items as PlanLikeItem[], filter);
}

/** The stored app, from the emulator's own view of the cluster. */
export function storedApp(emulator: Emulator, id: string): Record<string, unknown> {
  const tree = emulator.snapshot() as { apps?: Record<string, unknown>[]; groups?: unknown[] };
  const found = findApp(tree, id);
  if (!found) throw new Error(`no app ${id} in the emulator`);
  return found;
}

function findApp(group: { apps?: Record<string, unknown>[]; groups?: unknown[] }, id: string): Record<string, unknown> | undefined {
  for (const app of group.apps ?? []) if (app['id'] === id) return app;
  for (const child of group.groups ?? []) {
    const found = findApp(child as typeof group, id);
    if (found) return found;
  }
  return undefined;
}

/** The network name(s) of a stored app. */
export function networkNames(emulator: Emulator, id: string): string[] {
  const networks = storedApp(emulator, id)['networks'] as { name?: string; mode?: string }[];
  return networks.map((network) => network.name ?? network.mode ?? '?');
}

/** Requests by route template, polling (`GET /v2/deployments`) excluded. */
export function changeRequests(emulator: Emulator): { total: number; byRoute: Record<string, number> } {
  const stats = emulator.stats();
  const byRoute = { ...stats.byRoute };
  delete byRoute['GET /v2/deployments'];
  return { total: Object.values(byRoute).reduce((sum, count) => sum + count, 0), byRoute };
}
