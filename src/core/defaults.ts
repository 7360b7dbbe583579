/**
 * Marathon's defaults for apps and pods (docs/marathon-api.md §4.1-4.2, §4.6 and §6), applied to a definition so
 * that two definitions can be compared the way Marathon would store them: a diff of `applyAppDefaults(before)` and
 * `applyAppDefaults(after)` shows only real changes. The plan and the Marathon emulator reuse these functions.
 *
 * Covered: the scalar defaults of §6, upgrade/unreachable strategies (resident apps differ), `networks` (host when
 * absent or empty), network `mode` (container), unnamed container networks (only when `defaultNetworkName` is
 * given), port definitions on host networking, port mappings on container networks (with their `containerPort`,
 * `servicePort`, `protocol` and bridge `hostPort` defaults), the implied MESOS container of a non-host app, and
 * `requirePorts` forced to false off host networking. Not covered (cluster configuration decides them): `role`,
 * assigned service ports, health-check `portIndex`.
 */
import type { JsonObject } from './json.js';
import { deepCopy, getOwn, isObject } from './json.js';

/** Marathon's scalar app defaults (app.raml; docs/marathon-api.md §6). */
export const APP_SCALAR_DEFAULTS: Readonly<Record<string, unknown>> = Object.freeze({
  instances: 1,
  cpus: 1,
  mem: 128,
  disk: 0,
  gpus: 0,
  executor: '',
  backoffSeconds: 1,
  backoffFactor: 1.15,
  maxLaunchDelaySeconds: 300,
  requirePorts: false,
  killSelection: 'YOUNGEST_FIRST',
});

const SCALAR_DEFAULT_ENTRIES = Object.entries(APP_SCALAR_DEFAULTS);

/** Options of `applyAppDefaults` / `applyPodDefaults`. */
export interface DefaultsOptions {
  /**
   * Marathon's `default_network_name`; when given, unnamed container networks get it (as Marathon stores them).
   * Leave it out to keep unnamed networks unnamed.
   */
  defaultNetworkName?: string;
}

function isResident(app: JsonObject): boolean {
  const container = getOwn(app, 'container');
  const volumes = isObject(container) ? getOwn(container, 'volumes') : undefined;
  return Array.isArray(volumes) && volumes.some((volume) => isObject(volume) && isObject(getOwn(volume, 'persistent')));
}

function defaultNetworks(networks: unknown, options: DefaultsOptions): unknown {
  if (!Array.isArray(networks)) return networks;
  return networks.map((network) => {
    if (!isObject(network)) return network;
    const mode = getOwn(network, 'mode') ?? 'container';
    const result: JsonObject = { ...network, mode };
    if (mode === 'container' && getOwn(network, 'name') === undefined && options.defaultNetworkName !== undefined) {
      result.name = options.defaultNetworkName;
    }
    return result;
  });
}

/**
 * Returns a copy of a canonical app (run `normaliseLegacyApp` first for legacy input) with Marathon's defaults
 * filled in wherever a field is absent. Present fields are never changed, except `requirePorts`, which Marathon
 * forces to `false` off host networking. Pure; never throws: fields of the wrong type are left as they are.
 */
export function applyAppDefaults(input: JsonObject, options: DefaultsOptions = {}): JsonObject {
  return withAppDefaults(deepCopy(input), options);
}

/**
 * `applyAppDefaults` without the deep copy: the result shares every member it does not default with `input`, so
 * it is cheap, and must be treated as read-only (the plan's deltas use it; jsondiffpatch skips shared subtrees).
 */
export function withAppDefaults(input: JsonObject, options: DefaultsOptions = {}): JsonObject {
  const app: JsonObject = { ...input };
  for (const [key, value] of SCALAR_DEFAULT_ENTRIES) {
    if (getOwn(app, key) === undefined) app[key] = value;
  }
  const resident = isResident(app);
  if (getOwn(app, 'upgradeStrategy') === undefined) {
    app.upgradeStrategy = resident ? { minimumHealthCapacity: 0.5, maximumOverCapacity: 0 } : { minimumHealthCapacity: 1, maximumOverCapacity: 1 };
  }
  if (getOwn(app, 'unreachableStrategy') === undefined) {
    app.unreachableStrategy = resident ? 'disabled' : { inactiveAfterSeconds: 0, expungeAfterSeconds: 0 };
  }
  const networks = getOwn(app, 'networks');
  if (networks === undefined || (Array.isArray(networks) && networks.length === 0)) app.networks = [{ mode: 'host' }];
  else app.networks = defaultNetworks(networks, options);
  const finalNetworks = Array.isArray(app.networks) ? (app.networks as unknown[]) : [];
  const host = finalNetworks.some((network) => isObject(network) && getOwn(network, 'mode') === 'host');
  const bridge = finalNetworks.some((network) => isObject(network) && getOwn(network, 'mode') === 'container/bridge');

  if (host) {
    const definitions = getOwn(app, 'portDefinitions');
    if (definitions === undefined) app.portDefinitions = [{ port: 0, name: 'default', protocol: 'tcp' }];
    else if (Array.isArray(definitions)) {
      app.portDefinitions = definitions.map((d) => (isObject(d) && getOwn(d, 'protocol') === undefined ? { ...d, protocol: 'tcp' } : d));
    }
    return app;
  }
  if (getOwn(app, 'requirePorts') === true) app.requirePorts = false;
  const given = getOwn(app, 'container');
  const container = given === undefined ? { type: 'MESOS' } : isObject(given) ? { ...given } : given;
  app.container = container;
  if (isObject(container)) {
    const mappings = getOwn(container, 'portMappings');
    if (mappings === undefined) container.portMappings = [{ containerPort: 0, name: 'default' }];
    const list = getOwn(container, 'portMappings');
    if (Array.isArray(list)) {
      container.portMappings = list.map((mapping) => {
        if (!isObject(mapping)) return mapping;
        const m: JsonObject = { ...mapping };
        if (getOwn(m, 'containerPort') === undefined) m.containerPort = 0;
        if (getOwn(m, 'servicePort') === undefined) m.servicePort = 0;
        if (getOwn(m, 'protocol') === undefined) m.protocol = 'tcp';
        if (bridge && getOwn(m, 'hostPort') === undefined) m.hostPort = 0;
        return m;
      });
    }
  }
  return app;
}

/**
 * Returns a copy of a pod with Marathon's network defaults: network `mode` container, unnamed container networks
 * named `defaultNetworkName` when given, and `hostPort: 0` on endpoints without one under host or bridge
 * networking (an absent or empty `networks` is host networking). Pure; never throws.
 */
export function applyPodDefaults(input: JsonObject, options: DefaultsOptions = {}): JsonObject {
  return withPodDefaults(deepCopy(input), options);
}

/** `applyPodDefaults` without the deep copy: shares what it does not default with `input`; read-only. */
export function withPodDefaults(input: JsonObject, options: DefaultsOptions = {}): JsonObject {
  const pod: JsonObject = { ...input };
  const networks = getOwn(pod, 'networks');
  if (Array.isArray(networks)) pod.networks = defaultNetworks(networks, options);
  const list = Array.isArray(pod.networks) ? (pod.networks as unknown[]) : [];
  const containerMode = list.some((network) => isObject(network) && getOwn(network, 'mode') === 'container');
  if (containerMode) return pod;
  const containers = getOwn(pod, 'containers');
  if (!Array.isArray(containers)) return pod;
  pod.containers = containers.map((container: unknown) => {
    const endpoints = isObject(container) ? getOwn(container, 'endpoints') : undefined;
    if (!isObject(container) || !Array.isArray(endpoints)) return container;
    const defaulted = endpoints.map((endpoint: unknown) =>
      isObject(endpoint) && getOwn(endpoint, 'hostPort') === undefined ? { ...endpoint, hostPort: 0 } : endpoint,
    );
    return { ...container, endpoints: defaulted };
  });
  return pod;
}
