/**
 * What Marathon does to a pod definition on `POST`/`PUT /v2/pods`: shape check, network rules (shared with apps),
 * endpoint rules per network mode, defaults (marathon-api.md §4.6). Pods have no partial update and no legacy form.
 */

import type { MarathonConfig } from './app-normalise.js';
import { invalidJsonShape, objectNotValid } from './http-error.js';
import { clone, isObject, withoutNulls, type JsonObject } from './json.js';
import { canonicalPathId, isValidPathId, PATH_ID_MESSAGE } from './path-id.js';
import { checkShape, POD_SHAPE } from './shape.js';

interface Violation {
  path: string;
  message: string;
}

/** Normalises a complete pod; any `version` in the body is ignored. Throws MarathonHttpError 422 when invalid. */
export function normalisePod(input: unknown, config: MarathonConfig): JsonObject {
  if (!isObject(input)) throw invalidJsonShape([{ path: '/', message: 'error.expected.jsobject' }]);
  const body = withoutNulls(input);
  const shape = checkShape(body, POD_SHAPE);
  if (shape.length > 0) throw invalidJsonShape(shape);
  const pod = clone(body);
  delete pod.version;
  const violations: Violation[] = [];
  if (!isValidPathId(String(pod.id))) violations.push({ path: '/id', message: PATH_ID_MESSAGE });
  pod.id = canonicalPathId(String(pod.id));

  const rawNetworks = Array.isArray(pod.networks) ? (pod.networks as JsonObject[]) : [];
  const networks = rawNetworks.map((net) => {
    const mode = typeof net.mode === 'string' ? net.mode : 'container';
    const labels = isObject(net.labels) && Object.keys(net.labels).length > 0 ? net.labels : undefined;
    if (mode === 'host') {
      if (net.name !== undefined || labels) violations.push({ path: '/networks', message: 'Host networks may not have names or labels' });
      return { mode };
    }
    if (mode === 'container/bridge') {
      if (net.name !== undefined) violations.push({ path: '/networks', message: 'Bridge networks may not have names' });
      return labels ? { mode, labels } : { mode };
    }
    if (net.name === undefined && config.defaultNetworkName === undefined) {
      violations.push({ path: '/networks', message: 'Network name must be specified when container network is selected.' });
    }
    const name = typeof net.name === 'string' ? net.name : (config.defaultNetworkName ?? '');
    return labels ? { name, mode, labels } : { name, mode };
  });
  const names = networks.flatMap((net) => ('name' in net ? [net.name] : []));
  // Judged as for apps, before unnamed networks get the default name: one unnamed container network at most, and
  // no name given twice.
  const unnamed = rawNetworks.filter((net) => (typeof net.mode === 'string' ? net.mode : 'container') === 'container' && typeof net.name !== 'string').length;
  const given = rawNetworks.map((net) => net.name).filter((name): name is string => typeof name === 'string');
  if (unnamed > 1 || new Set(given).size !== given.length) violations.push({ path: '/networks', message: 'Duplicate networks are not allowed' });
  const modes = networks.map((net) => net.mode);
  const hosts = modes.filter((mode) => mode === 'host').length;
  const bridges = modes.filter((mode) => mode === 'container/bridge').length;
  const containerCount = modes.length - hosts - bridges;
  if (!((hosts <= 1 && bridges === 0 && containerCount === 0) || (hosts === 0 && bridges === 1 && containerCount === 0) || (hosts === 0 && bridges === 0))) {
    violations.push({ path: '/networks', message: 'May specify a single host network, single bridge network, or else 1-to-n container networks' });
  }
  if (networks.length === 0 || hosts > 0) delete pod.networks;
  else pod.networks = networks;

  const containerMode = containerCount > 0;
  const endpointNames: unknown[] = [];
  const containerPorts: unknown[] = [];
  const hostPorts: unknown[] = [];
  (pod.containers as JsonObject[]).forEach((container, i) => {
    const endpoints = Array.isArray(container.endpoints) ? (container.endpoints as JsonObject[]) : [];
    container.endpoints = endpoints.map((endpoint, j) => {
      const path = `/containers(${i})/endpoints(${j})`;
      const result: JsonObject = { ...endpoint };
      if (containerMode && endpoint.containerPort === undefined) {
        violations.push({ path: `${path}/containerPort`, message: 'is required when using container-mode networking' });
      }
      if (!containerMode && bridges === 0 && endpoint.containerPort !== undefined) {
        violations.push({ path: `${path}/containerPort`, message: 'is not allowed when using host-mode networking' });
      }
      if (!containerMode && endpoint.hostPort === undefined) result.hostPort = 0;
      const networkNames = Array.isArray(endpoint.networkNames) ? (endpoint.networkNames as string[]) : [];
      networkNames.forEach((name, k) => {
        if (!names.includes(name)) violations.push({ path: `${path}/networkNames(${k})`, message: `is not one of (${names.join(',')})` });
      });
      if (containerCount > 1 && endpoint.hostPort !== undefined && networkNames.length !== 1) {
        violations.push({ path, message: 'networkNames must be a single item list when hostPort is specified and more than 1 container network is defined' });
      }
      endpointNames.push(endpoint.name);
      if (endpoint.containerPort !== undefined && endpoint.containerPort !== 0) containerPorts.push(endpoint.containerPort);
      if (endpoint.hostPort !== undefined && endpoint.hostPort !== 0) hostPorts.push(endpoint.hostPort);
      result.protocol ??= ['tcp'];
      return result;
    });
  });
  // PodsValidation's messages, typo included.
  if (new Set(endpointNames).size !== endpointNames.length) violations.push({ path: '/', message: 'endpoint names nust be unique across all containers' });
  if (new Set(containerPorts).size !== containerPorts.length) violations.push({ path: '/', message: 'container ports must be unique across all containers' });
  if (new Set(hostPorts).size !== hostPorts.length) violations.push({ path: '/', message: 'host ports must be unique across all containers' });
  if (violations.length > 0) throw objectNotValid(violations);

  pod.scaling ??= { kind: 'fixed', instances: 1 };
  pod.scheduling ??= {};
  const scheduling = pod.scheduling as JsonObject;
  scheduling.backoff ??= { backoff: 1, backoffFactor: 1.15, maxLaunchDelay: 300 };
  scheduling.upgrade ??= { minimumHealthCapacity: 1, maximumOverCapacity: 1 };
  scheduling.killSelection ??= 'YOUNGEST_FIRST';
  scheduling.unreachableStrategy ??= { inactiveAfterSeconds: 0, expungeAfterSeconds: 0 };
  pod.executorResources ??= { cpus: 0.1, mem: 32, disk: 10 };
  pod.role ??= config.defaultRole;
  return pod;
}
