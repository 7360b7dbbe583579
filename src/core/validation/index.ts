/**
 * Marathon's validation of apps and pods as far as this tool can change them: the JSON Schema (apps), the legacy
 * API rules, and the network rules of docs/marathon-api.md §4.1-4.2 (apps) and §4.6 (pods), with Marathon's own
 * messages and paths. Every problem is a Warning with severity `error` (unknown fields: `warning`) and a JSON
 * pointer; the message starts with Marathon's path (`/container/portMappings(0)/networkNames(0): ...`).
 */
import { withPodDefaults } from '../defaults.js';
import type { JsonObject } from '../json.js';
import { getOwn, isObject, jsonEqual, marathonPath, pointer, withoutNulls } from '../json.js';
import { containerEngine, hasLegacyNetworkForm, normaliseLegacyApp } from '../legacy.js';
import type { Warning } from '../types.js';
import { validateAppSchema, validateAppSchemaMembers } from './schema.js';

export { validateAppSchema, validateAppSchemaMembers } from './schema.js';

/** Options of `validateApp` / `validatePod`. */
export interface ValidationOptions {
  /**
   * Marathon's `default_network_name` (`dcos` on DC/OS, the default here). `null` means Marathon runs without one,
   * so unnamed container networks are invalid.
   */
  defaultNetworkName?: string | null;
}

const NETWORK_NAME_RE = /^[a-z0-9]([-a-z0-9_]*[a-z0-9])?$/;
const NETWORK_NAME_REQUIRED = 'Network name must be specified when container network is selected.';
const NETWORK_NAME_PER_HOST_PORT =
  'networkNames must be a single item list when hostPort is specified and more than 1 container network is defined';

function error(tokens: (string | number)[], message: string): Warning {
  return {
    code: 'marathon-validation',
    severity: 'error',
    pointer: pointer(...tokens),
    message: `${marathonPath(tokens)}: ${message}`,
  };
}

function modeOf(network: JsonObject): unknown {
  return getOwn(network, 'mode') ?? 'container';
}

/**
 * NetworkValidation.ramlNetworksValidator plus the network name and label rules of network.raml. `networks` is the
 * normalised list; `defaultNetworkName` resolves unnamed container networks.
 */
function validateNetworks(networks: unknown[], defaultNetworkName: string | null): Warning[] {
  const warnings: Warning[] = [];
  const objects = networks.filter(isObject);
  networks.forEach((network, index) => {
    if (!isObject(network)) {
      warnings.push(error(['networks', index], 'error.expected.jsobject'));
      return;
    }
    const name = getOwn(network, 'name');
    if (name !== undefined && (typeof name !== 'string' || name.length > 63 || !NETWORK_NAME_RE.test(name))) {
      warnings.push(error(['networks', index, 'name'], `error.pattern (must match ${NETWORK_NAME_RE.source}, at most 63 characters)`));
    }
    const labels = getOwn(network, 'labels');
    if (labels !== undefined && !isObject(labels)) warnings.push(error(['networks', index, 'labels'], 'error.expected.jsobject'));
    if (isObject(labels)) {
      for (const [key, value] of Object.entries(labels)) {
        if (typeof value !== 'string') warnings.push(error(['networks', index, 'labels', key], 'error.expected.jsstring'));
      }
    }
  });
  const host = objects.filter((n) => modeOf(n) === 'host');
  const bridge = objects.filter((n) => modeOf(n) === 'container/bridge');
  const container = objects.filter((n) => modeOf(n) === 'container');
  const hasContent = (value: unknown): boolean =>
    (typeof value === 'string' && value.length > 0) || (isObject(value) && Object.keys(value).length > 0);
  if (host.some((n) => hasContent(getOwn(n, 'name')) || hasContent(getOwn(n, 'labels')))) {
    warnings.push(error(['networks'], 'Host networks may not have names or labels'));
  }
  if (bridge.some((n) => hasContent(getOwn(n, 'name')))) warnings.push(error(['networks'], 'Bridge networks may not have names'));
  const unnamed = container.filter((n) => getOwn(n, 'name') === undefined).length;
  const names = objects.map((n) => getOwn(n, 'name')).filter((n): n is string => typeof n === 'string');
  if (unnamed > 1 || new Set(names).size !== names.length) warnings.push(error(['networks'], 'Duplicate networks are not allowed'));
  const valid =
    (host.length <= 1 && bridge.length === 0 && container.length === 0) ||
    (host.length === 0 && bridge.length <= 1 && container.length === 0) ||
    (host.length === 0 && bridge.length === 0 && container.length > 0);
  if (!valid) warnings.push(error(['networks'], 'May specify a single host network, single bridge network, or else 1-to-n container networks'));
  if (defaultNetworkName === null && unnamed > 0) warnings.push(error([], NETWORK_NAME_REQUIRED));
  return warnings;
}

/** The names port `networkNames` may use: every network's name, unnamed container networks as the default name. */
function knownNetworkNames(networks: unknown[], defaultNetworkName: string | null): string[] {
  const names: string[] = [];
  for (const network of networks) {
    if (!isObject(network)) continue;
    const name = getOwn(network, 'name');
    if (typeof name === 'string') names.push(name);
    else if (modeOf(network) === 'container' && defaultNetworkName !== null) names.push(defaultNetworkName);
  }
  return names;
}

function validateNetworkNames(
  names: unknown,
  path: (string | number)[],
  known: string[],
): Warning[] {
  const warnings: Warning[] = [];
  if (!Array.isArray(names)) return warnings;
  names.forEach((name, index) => {
    if (typeof name !== 'string' || !known.includes(name)) warnings.push(error([...path, 'networkNames', index], `is not one of (${known.join(',')})`));
  });
  return warnings;
}

/**
 * Validates an app as Marathon would accept it (POST/PUT with a full definition): JSON Schema, the legacy API rules
 * (a legacy app is then translated with `normaliseLegacyApp`), and the network and port-mapping rules. Returns an
 * empty list for a valid app. `null` fields count as absent, as in Marathon. Throws only if the shipped schema cannot be loaded.
 */
export function validateApp(input: unknown, options: ValidationOptions = {}): Warning[] {
  if (!isObject(input)) return [error([], 'error.expected.jsobject')];
  const app = withoutNulls(input);
  return appRuleProblems(app, validateAppSchema(app), defaultNetworkNameOf(options));
}

/**
 * The problems of `after`, a migrated version of `before`, that are not among `beforeProblems` (what `validateApp`
 * said of `before`): exactly `validateApp(after)` minus `beforeProblems`, computed without re-checking members that
 * did not change against the schema (the schema judges each member on its own, so they can only repeat old problems).
 */
export function validateAppChange(before: unknown, after: unknown, beforeProblems: readonly Warning[], options: ValidationOptions = {}): Warning[] {
  if (!isObject(before) || !isObject(after)) return newProblems(validateApp(after, options), beforeProblems);
  const app = withoutNulls(after);
  // Members equal as written are equal without their nulls too.
  const changed = Object.keys(app).filter((name) => !Object.hasOwn(before, name) || !jsonEqual(before[name], after[name]));
  return newProblems(appRuleProblems(app, validateAppSchemaMembers(app, changed), defaultNetworkNameOf(options)), beforeProblems);
}

/** The problems of a migrated pod that its `before` did not have (pods have no schema; the rules are cheap). */
export function validatePodChange(after: unknown, beforeProblems: readonly Warning[], options: ValidationOptions = {}): Warning[] {
  return newProblems(validatePod(after, options), beforeProblems);
}

function newProblems(problems: readonly Warning[], known: readonly Warning[]): Warning[] {
  const seen = new Set(known.map(problemKey));
  return problems.filter((problem) => !seen.has(problemKey(problem)));
}

function problemKey(problem: Warning): string {
  return `${problem.pointer}\u0000${problem.message}`;
}

function defaultNetworkNameOf(options: ValidationOptions): string | null {
  return options.defaultNetworkName === undefined ? 'dcos' : options.defaultNetworkName;
}

/** The legacy and network rules of validateApp, after the schema problems `warnings` (extended in place). */
function appRuleProblems(app: JsonObject, warnings: Warning[], defaultNetworkName: string | null): Warning[] {
  // validateOldAppAPI runs for every app: the Mesos containerizer takes no Docker parameters. (Docker network and
  // port mappings on a MESOS container are legacy forms; normaliseLegacyApp reports them below.)
  const rawContainer = getOwn(app, 'container');
  const rawDocker = isObject(rawContainer) ? getOwn(rawContainer, 'docker') : undefined;
  const parameters = isObject(rawDocker) ? getOwn(rawDocker, 'parameters') : undefined;
  if (containerEngine(rawContainer) === 'MESOS' && Array.isArray(parameters) && parameters.length > 0) {
    warnings.push(error(['container', 'docker', 'parameters'], 'must be empty'));
  }
  let canonical = app;
  if (hasLegacyNetworkForm(app)) {
    const legacy = normaliseLegacyApp(app);
    if (legacy.rejected) return [...warnings, ...legacy.warnings];
    canonical = legacy.app;
  }
  const networksRaw = getOwn(canonical, 'networks');
  if (networksRaw !== undefined && !Array.isArray(networksRaw)) return warnings; // the schema reported the type
  const networks: unknown[] = Array.isArray(networksRaw) && networksRaw.length > 0 ? networksRaw : [{ mode: 'host' }];
  warnings.push(...validateNetworks(networks, defaultNetworkName));
  const container = getOwn(canonical, 'container');
  const containerNetworks = networks.filter((n) => isObject(n) && modeOf(n) === 'container').length;
  if (containerEngine(container) === 'DOCKER' && containerNetworks > 1) {
    warnings.push(error([], 'may only specify a single container network when using the Docker container engine'));
  }
  const hostMode = networks.some((n) => isObject(n) && modeOf(n) === 'host');
  const mappings = isObject(container) ? getOwn(container, 'portMappings') : undefined;
  // Marathon drops port mappings of host-networked apps before validating.
  if (!hostMode && Array.isArray(mappings)) {
    const known = knownNetworkNames(networks, defaultNetworkName);
    const portNames = mappings.filter(isObject).map((m) => getOwn(m, 'name')).filter((n) => typeof n === 'string');
    if (new Set(portNames).size !== portNames.length) warnings.push(error(['container', 'portMappings'], 'Port names must be unique.'));
    mappings.forEach((mapping, index) => {
      if (!isObject(mapping)) return;
      const path = ['container', 'portMappings', index];
      warnings.push(...validateNetworkNames(getOwn(mapping, 'networkNames'), path, known));
      const networkNames = getOwn(mapping, 'networkNames');
      const count = Array.isArray(networkNames) ? networkNames.length : 0;
      if (containerNetworks > 1 && getOwn(mapping, 'hostPort') !== undefined && count !== 1) {
        warnings.push(error(path, NETWORK_NAME_PER_HOST_PORT));
      }
    });
  }
  return warnings;
}

/**
 * Validates a pod's networks and endpoints as Marathon does (PodsValidation): the network rules, `networkNames`
 * referencing pod networks, `containerPort` required on container networks and forbidden on host networking, one
 * networkName per host port with several container networks, and endpoint names, container ports and host ports
 * unique across containers. Pods have no JSON Schema in Marathon; other pod fields are not checked.
 */
export function validatePod(raw: unknown, options: ValidationOptions = {}): Warning[] {
  const defaultNetworkName = defaultNetworkNameOf(options);
  if (!isObject(raw)) return [error([], 'error.expected.jsobject')];
  const input = withoutNulls(raw);
  const warnings: Warning[] = [];
  if (typeof getOwn(input, 'id') !== 'string') warnings.push(error(['id'], getOwn(input, 'id') === undefined ? 'error.path.missing' : 'error.expected.jsstring'));
  const networksRaw = getOwn(input, 'networks');
  if (networksRaw !== undefined && !Array.isArray(networksRaw)) return [...warnings, error(['networks'], 'error.expected.jsarray')];
  const pod = withPodDefaults(input);
  const networks = Array.isArray(networksRaw) ? networksRaw : [];
  warnings.push(...validateNetworks(networks, defaultNetworkName));
  const containers = getOwn(pod, 'containers');
  if (containers !== undefined && !Array.isArray(containers)) return [...warnings, error(['containers'], 'error.expected.jsarray')];
  const known = knownNetworkNames(networks, defaultNetworkName);
  // An empty networks list is host networking.
  const hostMode = networks.length === 0 || networks.some((n) => isObject(n) && modeOf(n) === 'host');
  const containerMode = networks.some((n) => isObject(n) && modeOf(n) === 'container');
  const containerNetworks = networks.filter((n) => isObject(n) && modeOf(n) === 'container').length;
  const endpointNames: unknown[] = [];
  const containerPorts: unknown[] = [];
  const hostPorts: unknown[] = [];
  (containers ?? []).forEach((container: unknown, c: number) => {
    const endpoints = isObject(container) ? getOwn(container, 'endpoints') : undefined;
    if (!Array.isArray(endpoints)) return;
    endpoints.forEach((endpoint, e) => {
      if (!isObject(endpoint)) return;
      const path = ['containers', c, 'endpoints', e];
      endpointNames.push(getOwn(endpoint, 'name'));
      const containerPort = getOwn(endpoint, 'containerPort');
      const hostPort = getOwn(endpoint, 'hostPort');
      if (containerPort !== undefined && containerPort !== 0) containerPorts.push(containerPort);
      if (hostPort !== undefined && hostPort !== 0) hostPorts.push(hostPort);
      warnings.push(...validateNetworkNames(getOwn(endpoint, 'networkNames'), path, known));
      if (hostMode && containerPort !== undefined) warnings.push(error([...path, 'containerPort'], 'is not allowed when using host-mode networking'));
      if (containerMode && containerPort === undefined) warnings.push(error([...path, 'containerPort'], 'is required when using container-mode networking'));
      const networkNames = getOwn(endpoint, 'networkNames');
      const count = Array.isArray(networkNames) ? networkNames.length : 0;
      // applyPodDefaults adds no host port on container networks, so only a host port the user gave counts here.
      if (containerNetworks > 1 && hostPort !== undefined && count !== 1) {
        warnings.push(error(path, NETWORK_NAME_PER_HOST_PORT));
      }
    });
  });
  if (new Set(endpointNames).size !== endpointNames.length) warnings.push(error([], 'endpoint names nust be unique across all containers'));
  if (new Set(containerPorts).size !== containerPorts.length) warnings.push(error([], 'container ports must be unique across all containers'));
  if (new Set(hostPorts).size !== hostPorts.length) warnings.push(error([], 'host ports must be unique across all containers'));
  return warnings;
}
