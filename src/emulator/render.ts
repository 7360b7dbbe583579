/**
 * Read-side views: AppInfo (definition plus counts, deployments, tasks), PodStatus and the GroupInfo tree, with
 * Marathon's `embed` rules. Tasks are synthetic but stable: one per instance, addresses derived from the app id and
 * the network (overlay `dcos` 9.0.0.0/8, `calico` 192.168.0.0/16, other container networks 10.200.0.0/16, host
 * networking the agent address).
 */

import { createHash } from 'node:crypto';

import type { EmulatorState } from './context.js';
import { isObject, type JsonObject } from './json.js';
import { parentId } from './path-id.js';

/** Which extras an AppInfo carries. */
export interface AppEmbeds {
  counts: boolean;
  deployments: boolean;
  tasks: boolean;
  readiness: boolean;
  lastTaskFailure: boolean;
  taskStats: boolean;
}

/** No extras (apps inside `GET /v2/groups` by default). */
export const NO_EMBEDS: AppEmbeds = {
  counts: false,
  deployments: false,
  tasks: false,
  readiness: false,
  lastTaskFailure: false,
  taskStats: false,
};

/**
 * Resolves `embed` values for apps. `prefixes` are the accepted prefixes in this resource (e.g. `apps.`, `app.` or
 * `group.apps.`); unknown values are ignored as Marathon does.
 */
export function appEmbeds(values: readonly string[], prefixes: readonly string[], base: AppEmbeds): AppEmbeds {
  const result = { ...base };
  for (const value of values) {
    const prefix = prefixes.find((candidate) => value.startsWith(candidate));
    if (prefix === undefined) continue;
    switch (value.slice(prefix.length)) {
      case 'tasks':
        result.tasks = true;
        result.deployments = true;
        break;
      case 'deployments':
        result.deployments = true;
        break;
      case 'readiness':
        result.readiness = true;
        break;
      case 'lastTaskFailure':
        result.lastTaskFailure = true;
        break;
      case 'counts':
        result.counts = true;
        break;
      case 'taskStats':
        result.taskStats = true;
        break;
      case 'failures':
        result.tasks = true;
        result.lastTaskFailure = true;
        result.deployments = true;
        break;
    }
  }
  return result;
}

/** An app as `GET /v2/apps` shows it. */
export function renderApp(app: JsonObject, embeds: AppEmbeds, state: EmulatorState): JsonObject {
  const id = String(app.id);
  const result: JsonObject = { ...app };
  const instances = typeof app.instances === 'number' ? app.instances : 0;
  if (embeds.counts) {
    const checked = Array.isArray(app.healthChecks) && app.healthChecks.length > 0;
    const healthy = state.deployments.isHealthy(id, app);
    result.tasksStaged = 0;
    result.tasksRunning = instances;
    result.tasksHealthy = checked && healthy ? instances : 0;
    result.tasksUnhealthy = checked && !healthy ? instances : 0;
  }
  if (embeds.deployments) result.deployments = state.deployments.deploymentsOf('app', id).map((deploymentId) => ({ id: deploymentId }));
  if (embeds.readiness) result.readinessCheckResults = [];
  if (embeds.tasks) result.tasks = syntheticTasks(app, instances);
  return result;
}

function syntheticTasks(app: JsonObject, instances: number): JsonObject[] {
  const id = String(app.id);
  const networks = Array.isArray(app.networks) ? (app.networks as JsonObject[]) : [];
  const versionInfo = isObject(app.versionInfo) ? app.versionInfo : {};
  const started = String(versionInfo.lastConfigChangeAt ?? app.version ?? '');
  return Array.from({ length: instances }, (_, index) => {
    const agent = address('10.0.1', `${id}#${index}`, 1);
    const addresses = networks.some((net) => net.mode === 'container')
      ? networks.filter((net) => net.mode === 'container').map((net) => address(prefixOf(String(net.name)), `${id}#${index}#${String(net.name)}`, 2))
      : [agent];
    return {
      appId: id,
      id: `${id.slice(1).replaceAll('/', '_')}.instance-${hash(`${id}#${index}`).slice(0, 8)}-0000-4000-8000-${hash(id).slice(0, 12)}._app.1`,
      host: agent,
      state: 'TASK_RUNNING',
      stagedAt: started,
      startedAt: started,
      version: app.version,
      ipAddresses: addresses.map((ipAddress) => ({ ipAddress, protocol: 'IPv4' })),
      ports: [],
      slaveId: `agent-${agent}`,
    };
  });
}

function prefixOf(network: string): string {
  if (network === 'dcos') return '9.0';
  if (network === 'calico') return '192.168';
  return '10.200';
}

function address(prefix: string, key: string, octets: number): string {
  const digest = createHash('sha256').update(key).digest();
  const tail = Array.from({ length: octets }, (_, i) => String(1 + (digest[i]! % 254)));
  return `${prefix}.${tail.join('.')}`;
}

function hash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** A pod's status object (`/v2/pods/{id}::status`, and the `pods` entries of `GET /v2/groups`). */
export function renderPodStatus(pod: JsonObject, state: EmulatorState): JsonObject {
  const id = String(pod.id);
  const inDeployment = state.deployments.deploymentsOf('pod', id).length > 0;
  const healthy = state.deployments.isHealthy(id, pod);
  const since = String(pod.version ?? '');
  const scaling = isObject(pod.scaling) ? pod.scaling : {};
  const instances = typeof scaling.instances === 'number' ? scaling.instances : 1;
  const networks = Array.isArray(pod.networks) ? (pod.networks as JsonObject[]) : [];
  return {
    id,
    spec: pod,
    status: !inDeployment && healthy ? 'STABLE' : 'DEGRADED',
    statusSince: since,
    instances: Array.from({ length: instances }, (_, index) => ({
      id: `${id.slice(1).replaceAll('/', '_')}.instance-${hash(`${id}#${index}`).slice(0, 8)}`,
      status: healthy ? 'STABLE' : 'DEGRADED',
      statusSince: since,
      agentHostname: address('10.0.1', `${id}#${index}`, 1),
      networks: networks
        .filter((net) => net.mode === 'container')
        .map((net) => ({ name: net.name, addresses: [address(prefixOf(String(net.name)), `${id}#${index}#${String(net.name)}`, 2)] })),
      specReference: `/v2/pods${id}::versions/${since}`,
      lastUpdated: since,
      lastChanged: since,
    })),
    terminationHistory: [],
    lastUpdated: since,
    lastChanged: since,
  };
}

/** Which parts of a group tree to include. */
export interface GroupEmbeds {
  groups: boolean;
  apps: boolean;
  pods: boolean;
  app: AppEmbeds;
}

/** Resolves `embed` values for `GET /v2/groups` (default: groups, apps and pods, apps without extras). */
export function groupEmbeds(values: readonly string[]): GroupEmbeds {
  if (values.length === 0) return { groups: true, apps: true, pods: true, app: NO_EMBEDS };
  return {
    groups: values.includes('group.groups'),
    apps: values.includes('group.apps'),
    pods: values.includes('group.pods'),
    app: appEmbeds(values, ['group.apps.'], NO_EMBEDS),
  };
}

/** The GroupInfo of `groupId` (which must exist). */
export function renderGroup(groupId: string, embeds: GroupEmbeds, state: EmulatorState): JsonObject {
  const { store } = state;
  const record = store.groups.get(groupId)!;
  const result: JsonObject = { id: groupId };
  if (embeds.apps) {
    result.apps = sortedIds(store.apps.keys(), groupId).map((id) => renderApp(store.apps.get(id)!.current, embeds.app, state));
  }
  if (embeds.pods) {
    result.pods = sortedIds(store.pods.keys(), groupId).map((id) => renderPodStatus(store.pods.get(id)!.current, state));
  }
  if (embeds.groups) {
    result.groups = sortedIds(store.groups.keys(), groupId)
      .filter((id) => id !== groupId)
      .map((id) => renderGroup(id, embeds, state));
  }
  result.dependencies = record.dependencies;
  result.version = record.version;
  if (groupId !== '/') result.enforceRole = record.enforceRole ?? false;
  return result;
}

function sortedIds(ids: Iterable<string>, groupId: string): string[] {
  return [...ids].filter((id) => id !== '/' && parentId(id) === groupId).sort();
}
