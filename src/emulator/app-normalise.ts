/**
 * What Marathon does to an app definition between the request body and storage: old-API validation, the legacy
 * translation (`ipAddress`, `docker.network`, `ports`, `uris`), the network and port rules of the canonical API,
 * defaults, and canonical validation. The result is the canonical App that `GET /v2/apps/{id}` shows (without
 * `version`, `versionInfo` and status fields, which the store adds).
 */

import { applyAppDefaults } from '../core/index.js';
import { translateLegacyApp, translateLegacyAppUpdate } from './legacy.js';
import type { MarathonHttpError} from './http-error.js';
import { invalidJsonShape, objectNotValid } from './http-error.js';
import { clone, isObject, withoutNulls, type JsonObject } from './json.js';
import { canonicalPathId, isValidPathId, PATH_ID_MESSAGE } from './path-id.js';
import { APP_SHAPE, checkShape } from './shape.js';

/** The Marathon start-up flags that shape normalisation. */
export interface MarathonConfig {
  /** `--default_network_name`: what an unnamed container network resolves to (`dcos` on DC/OS). */
  defaultNetworkName: string | undefined;
  /** `--mesos_bridge_name`: the CNI network that `ipAddress.networkName` maps to bridge mode. */
  mesosBridgeName: string;
  /** The role apps get when they name none. */
  defaultRole: string;
}

interface Violation {
  path: string;
  message: string;
}

/** Fields of an App that Marathon reads; anything else in a body is ignored and never stored. */
const APP_FIELDS = [
  'id', 'acceptedResourceRoles', 'args', 'backoffFactor', 'backoffSeconds', 'cmd', 'constraints', 'container', 'cpus',
  'dependencies', 'disk', 'env', 'executor', 'executorResources', 'fetch', 'healthChecks', 'check', 'instances',
  'labels', 'maxLaunchDelaySeconds', 'mem', 'gpus', 'ipAddress', 'networks', 'ports', 'portDefinitions',
  'readinessChecks', 'residency', 'resourceLimits', 'requirePorts', 'secrets', 'taskKillGracePeriodSeconds',
  'upgradeStrategy', 'uris', 'user', 'version', 'killSelection', 'unreachableStrategy', 'tty', 'role',
] as const;

/** Output order of canonical apps, as Marathon serialises them. */
const OUTPUT_ORDER = [
  'id', 'acceptedResourceRoles', 'backoffFactor', 'backoffSeconds', 'cmd', 'args', 'constraints', 'container', 'cpus',
  'dependencies', 'disk', 'env', 'executor', 'executorResources', 'fetch', 'healthChecks', 'check', 'instances',
  'labels', 'maxLaunchDelaySeconds', 'mem', 'gpus', 'networks', 'portDefinitions', 'readinessChecks', 'residency',
  'resourceLimits', 'requirePorts', 'secrets', 'taskKillGracePeriodSeconds', 'upgradeStrategy', 'user', 'version',
  'versionInfo', 'killSelection', 'unreachableStrategy', 'tty', 'role',
] as const;

/**
 * Turns a complete App body (POST, PUT with `partialUpdate=false`, PUT that creates) into the canonical stored
 * form. `id` is the path id when the request names one (it wins over the body). Throws MarathonHttpError 422 for
 * shape and validation failures, 500 for what Marathon's normaliser rejects by exception.
 */
export function normaliseApp(input: unknown, config: MarathonConfig, id?: string): JsonObject {
  if (!isObject(input)) throw invalidJsonShape([{ path: '/', message: 'error.expected.jsobject' }]);
  const body = withoutNulls(input);
  const shape = checkShape(body, APP_SHAPE);
  if (shape.length > 0) throw invalidJsonShape(shape);
  const app = pickFields(body);
  delete app.version;
  if (id !== undefined) app.id = id;
  if (typeof app.id !== 'string') throw invalidJsonShape([{ path: '/id', message: 'error.path.missing' }]);
  const oldApi = validateOldAppApi(app, 'app');
  if (oldApi.length > 0) throw objectNotValid(oldApi);
  const canonical = translateLegacyApp(app, config);
  return finishApp(canonical, config, true);
}

/**
 * Applies an AppUpdate body (PUT with `partialUpdate=true`, PATCH) to the stored app: the update's legacy fields are
 * translated, every top-level field it names replaces the stored one wholesale, and the merged app goes through
 * the full pipeline. Throws as normaliseApp does.
 */
export function mergeAppUpdate(stored: JsonObject, update: JsonObject, config: MarathonConfig): JsonObject {
  const translated = normaliseAppUpdate(update, config);
  const merged: JsonObject = clone(stored);
  delete merged.version;
  delete merged.versionInfo;
  // Marathon takes these two from the update even when it leaves them out (they reset).
  delete merged.executorResources;
  delete merged.resourceLimits;
  for (const [key, value] of Object.entries(translated)) {
    if (key === 'id' || key === 'version' || value === undefined) continue;
    merged[key] = value;
  }
  // Port definitions stored for a host app are not the user's choice for a container network: drop them rather
  // than letting them pad the port mappings.
  if ('networks' in translated && !('portDefinitions' in translated)) delete merged.portDefinitions;
  return finishApp(merged, config, false);
}

/**
 * The update-only part of the pipeline (shape check, old-API checks, legacy translation, the default container for
 * container networks). Exported for PUT's creation path, which needs the translated update as a full App.
 */
export function normaliseAppUpdate(input: JsonObject, config: MarathonConfig): JsonObject {
  const update = withoutNulls(input);
  const shape = checkShape(update, APP_SHAPE);
  if (shape.length > 0) throw invalidJsonShape(shape);
  const picked = pickFields(update);
  const oldApi = validateOldAppApi(picked, 'update');
  if (oldApi.length > 0) throw objectNotValid(oldApi);
  const translated = translateLegacyAppUpdate(picked, config);
  const networks = translated.networks;
  if (Array.isArray(networks) && networks.some((net) => isObject(net) && net.mode !== 'host') && !('container' in translated)) {
    // Marathon's update normaliser creates a default container here; it replaces the stored one.
    translated.container = { type: 'MESOS', portMappings: [{ containerPort: 0, name: 'default' }] };
  }
  return translated;
}

/** The 422 Marathon sends when `version` (a rollback) is combined with anything but `id`. */
export function versionMixViolation(update: JsonObject): MarathonHttpError | undefined {
  if (update.version === undefined) return undefined;
  const others = Object.keys(update).filter((key) => key !== 'id' && key !== 'version' && update[key] !== undefined);
  if (others.length === 0) return undefined;
  return objectNotValid([{ path: '/', message: "The 'version' field may only be combined with the 'id' field." }]);
}

/** The declared fields of a body; the body must be owned by the caller (withoutNulls already copied it). */
function pickFields(body: JsonObject): JsonObject {
  const app: JsonObject = {};
  for (const key of APP_FIELDS) if (body[key] !== undefined && body[key] !== null) app[key] = body[key];
  return app;
}

/**
 * Old-API checks Marathon runs before translating legacy fields (422, path `/` unless noted). `body` tells which
 * reader built the object: an App's `networks` is a list (an empty one counts as none), an AppUpdate's an option
 * (present counts, even empty) - AppValidation's `app.networks.nonEmpty` against `update.networks.nonEmpty`.
 */
function validateOldAppApi(app: JsonObject, body: 'app' | 'update'): Violation[] {
  const violations: Violation[] = [];
  const container = isObject(app.container) ? app.container : undefined;
  const docker = container && isObject(container.docker) ? container.docker : undefined;
  const hasNetworks = Array.isArray(app.networks) && app.networks.length > 0;
  const hasIpAddress = isObject(app.ipAddress);
  const hasPorts =
    (Array.isArray(app.ports) && app.ports.length > 0) || (Array.isArray(app.portDefinitions) && app.portDefinitions.length > 0);
  if (hasIpAddress && hasPorts) violations.push({ path: '/', message: 'cannot specify both an IP address and port' });
  if (hasIpAddress && hasNetworks) violations.push({ path: '/', message: 'must not specify both networks and ipAddress' });
  if (docker?.network !== undefined && (body === 'app' ? hasNetworks : 'networks' in app)) {
    violations.push({ path: '/', message: 'must not specify both container.docker.network and networks' });
  }
  if (hasIpAddress && container?.type === 'DOCKER' && isObject((app.ipAddress as JsonObject).discovery)) {
    violations.push({ path: '/ipAddress', message: 'ipAddress/discovery is not allowed for Docker containers' });
  }
  if (container?.type === 'MESOS' && docker) {
    for (const field of ['network', 'parameters', 'portMappings'] as const) {
      const value = docker[field];
      if (value !== undefined && !(Array.isArray(value) && value.length === 0)) {
        violations.push({ path: `/container/docker/${field}`, message: 'must be empty' });
      }
    }
  }
  return violations;
}

/** Canonical rules, defaults and validation; `full` adds the defaults of a complete definition. */
function finishApp(input: JsonObject, config: MarathonConfig, full: boolean): JsonObject {
  // Callers hand over an object they own (a translation or a merge result), so it is edited in place.
  const app = input;
  const violations: Violation[] = [];
  if (!isValidPathId(String(app.id))) violations.push({ path: '/id', message: PATH_ID_MESSAGE });
  app.id = canonicalPathId(String(app.id));
  if (app.id === '/') violations.push({ path: '/id', message: 'Path must contain at least one path element' });

  const networks = canonicalNetworks(app.networks, config, violations);
  app.networks = networks;
  const mode = networks[0]?.mode ?? 'host';
  const container = isObject(app.container) ? app.container : undefined;

  if (mode === 'host') {
    if (container) delete container.portMappings;
    const definitions = Array.isArray(app.portDefinitions)
      ? app.portDefinitions
      : [{ port: 0, name: 'default', protocol: 'tcp' }];
    app.portDefinitions = definitions.map((definition) => canonicalPortDefinition(definition));
    checkUniqueNames(app.portDefinitions as JsonObject[], '/portDefinitions', violations);
  } else {
    const given = Array.isArray(app.portDefinitions) ? app.portDefinitions.length : 0;
    delete app.portDefinitions;
    app.requirePorts = false;
    const target = container ?? { type: 'MESOS' };
    app.container = target;
    let mappings = Array.isArray(target.portMappings)
      ? (target.portMappings as unknown[])
      : [{ containerPort: 0, name: 'default' }];
    while (mappings.length < given) mappings = [...mappings, { containerPort: 0 }];
    target.portMappings = mappings.map((mapping) => canonicalPortMapping(mapping, mode === 'container/bridge'));
    validatePortMappings(target.portMappings as JsonObject[], networks, violations);
  }
  if (isObject(app.container)) canonicalContainer(app.container, networks, violations);
  if (!hasCmdArgsOrContainer(app)) {
    violations.push({ path: '/', message: "AppDefinition must either contain one of 'cmd' or 'args', and/or a 'container'." });
  }

  if (full || app.healthChecks !== undefined) app.healthChecks = canonicalHealthChecks(app);
  if (Array.isArray(app.fetch)) {
    app.fetch = (app.fetch as JsonObject[]).map((artifact) => ({ uri: artifact.uri, extract: true, executable: false, cache: false, ...artifact }));
  }
  validateLabelRules(app, violations);
  if (violations.length > 0) throw objectNotValid(violations);
  return ordered(applyDefaults(app, config));
}

/**
 * AppValidation's containsCmdArgsOrContainer: exactly one of `cmd` and `args`, or neither with a container that
 * names an image (docker, or appc on MESOS).
 */
function hasCmdArgsOrContainer(app: JsonObject): boolean {
  const cmd = app.cmd !== undefined;
  const args = Array.isArray(app.args) && app.args.length > 0;
  const container = isObject(app.container) ? app.container : undefined;
  const docker = container !== undefined && isObject(container.docker);
  const appc = container !== undefined && isObject(container.appc);
  const imageContainer = container !== undefined && ((docker && !appc && (container.type === 'DOCKER' || container.type === 'MESOS')) || (!docker && appc && container.type === 'MESOS'));
  return cmd !== args || (!(cmd && args) && imageContainer);
}

interface CanonicalNetwork {
  mode: string;
  name?: string;
  labels?: Record<string, string>;
}

function canonicalNetworks(raw: unknown, config: MarathonConfig, violations: Violation[]): CanonicalNetwork[] {
  const list = Array.isArray(raw) ? (raw as JsonObject[]) : [];
  if (list.length === 0) return [{ mode: 'host' }];
  const modes = list.map((net) => (typeof net.mode === 'string' ? net.mode : 'container'));
  const messages = new Set<string>();
  list.forEach((net, index) => {
    const hasLabels = isObject(net.labels) && Object.keys(net.labels).length > 0;
    if (modes[index] === 'host' && (net.name !== undefined || hasLabels)) messages.add('Host networks may not have names or labels');
    if (modes[index] === 'container/bridge' && net.name !== undefined) messages.add('Bridge networks may not have names');
  });
  const hosts = modes.filter((mode) => mode === 'host').length;
  const bridges = modes.filter((mode) => mode === 'container/bridge').length;
  const containers = modes.length - hosts - bridges;
  const valid = (hosts === 1 && bridges === 0 && containers === 0) || (hosts === 0 && bridges === 1 && containers === 0) || (hosts === 0 && bridges === 0);
  if (!valid) messages.add('May specify a single host network, single bridge network, or else 1-to-n container networks');
  // Judged before unnamed networks get the default name (NetworkValidation): at most one unnamed container network,
  // and no name given twice - so a named `dcos` beside an unnamed one passes, and both are stored as `dcos`.
  const unnamed = list.filter((net, index) => modes[index] === 'container' && typeof net.name !== 'string').length;
  const names = list.map((net) => net.name).filter((name): name is string => typeof name === 'string');
  if (unnamed > 1 || new Set(names).size !== names.length) messages.add('Duplicate networks are not allowed');
  if (config.defaultNetworkName === undefined && list.some((net, index) => modes[index] === 'container' && net.name === undefined)) {
    messages.add('Network name must be specified when container network is selected.');
  }
  for (const message of messages) violations.push({ path: '/networks', message });
  return list.map((net, index) => {
    const mode = modes[index]!;
    const labels = isObject(net.labels) && Object.keys(net.labels).length > 0 ? (net.labels as Record<string, string>) : undefined;
    if (mode === 'host') return { mode };
    if (mode === 'container/bridge') return labels ? { mode, labels } : { mode };
    const name = typeof net.name === 'string' ? net.name : (config.defaultNetworkName ?? '');
    return labels ? { name, mode, labels } : { name, mode };
  });
}

function canonicalPortDefinition(raw: unknown): JsonObject {
  const definition = isObject(raw) ? raw : {};
  const result: JsonObject = { port: definition.port ?? 0 };
  if (definition.name !== undefined) result.name = definition.name;
  result.protocol = definition.protocol ?? 'tcp';
  if (isObject(definition.labels) && Object.keys(definition.labels).length > 0) result.labels = definition.labels;
  return result;
}

function canonicalPortMapping(raw: unknown, bridge: boolean): JsonObject {
  const mapping = isObject(raw) ? raw : {};
  const result: JsonObject = { containerPort: mapping.containerPort ?? 0 };
  if (mapping.hostPort !== undefined) result.hostPort = mapping.hostPort;
  else if (bridge) result.hostPort = 0;
  if (isObject(mapping.labels) && Object.keys(mapping.labels).length > 0) result.labels = mapping.labels;
  if (mapping.name !== undefined) result.name = mapping.name;
  result.protocol = mapping.protocol ?? 'tcp';
  result.servicePort = mapping.servicePort ?? 0;
  if (Array.isArray(mapping.networkNames) && mapping.networkNames.length > 0) result.networkNames = mapping.networkNames;
  return result;
}

function validatePortMappings(mappings: JsonObject[], networks: CanonicalNetwork[], violations: Violation[]): void {
  checkUniqueNames(mappings, '/container/portMappings', violations);
  const names = networks.flatMap((net) => (net.name === undefined ? [] : [net.name]));
  const containerNetworks = networks.filter((net) => net.mode === 'container').length;
  mappings.forEach((mapping, i) => {
    const networkNames = Array.isArray(mapping.networkNames) ? (mapping.networkNames as string[]) : [];
    networkNames.forEach((name, j) => {
      if (!names.includes(name)) {
        violations.push({ path: `/container/portMappings(${i})/networkNames(${j})`, message: `is not one of (${names.join(',')})` });
      }
    });
    if (containerNetworks > 1 && mapping.hostPort !== undefined && networkNames.length !== 1) {
      violations.push({
        path: `/container/portMappings(${i})`,
        message: 'networkNames must be a single item list when hostPort is specified and more than 1 container network is defined',
      });
    }
  });
}

function checkUniqueNames(items: JsonObject[], path: string, violations: Violation[]): void {
  const names = items.map((item) => item.name).filter((name) => name !== undefined);
  if (new Set(names).size !== names.length) violations.push({ path, message: 'Port names must be unique.' });
}

function canonicalContainer(container: JsonObject, networks: CanonicalNetwork[], violations: Violation[]): void {
  container.type ??= 'DOCKER';
  container.volumes ??= [];
  if (isObject(container.docker)) {
    delete container.docker.network;
    delete container.docker.portMappings;
    container.docker.forcePullImage ??= false;
    if (container.type === 'DOCKER') {
      container.docker.privileged ??= false;
      container.docker.parameters ??= [];
    }
  }
  if (container.type === 'DOCKER' && networks.filter((net) => net.mode === 'container').length > 1) {
    violations.push({ path: '/', message: 'may only specify a single container network when using the Docker container engine' });
  }
}

function canonicalHealthChecks(app: JsonObject): JsonObject[] {
  const checks = Array.isArray(app.healthChecks) ? (app.healthChecks as JsonObject[]) : [];
  const container = isObject(app.container) ? app.container : undefined;
  const hasPorts =
    (Array.isArray(app.portDefinitions) && app.portDefinitions.length > 0) ||
    (Array.isArray(container?.portMappings) && (container.portMappings as unknown[]).length > 0);
  return checks.map((check) => {
    const result: JsonObject = { gracePeriodSeconds: 300, intervalSeconds: 60, maxConsecutiveFailures: 3, timeoutSeconds: 20, delaySeconds: 15, ...check };
    if (result.protocol !== 'COMMAND' && result.protocol !== 'MESOS_COMMAND' && result.port === undefined && result.portIndex === undefined && hasPorts) {
      result.portIndex = 0;
    }
    return result;
  });
}

function validateLabelRules(app: JsonObject, violations: Violation[]): void {
  const labels = isObject(app.labels) ? (app.labels as Record<string, unknown>) : {};
  const migration = labels.DCOS_MIGRATION_API_VERSION;
  if (migration !== undefined) {
    if (migration !== 'v1') violations.push({ path: '/', message: 'DCOS_MIGRATION_API_VERSION: "v1" is the only supported version' });
    if (!labels.DCOS_PACKAGE_FRAMEWORK_NAME || !labels.DCOS_MIGRATION_API_PATH) {
      violations.push({
        path: '/',
        message: 'DCOS_PACKAGE_FRAMEWORK_NAME and DCOS_MIGRATION_API_PATH must be defined when using DCOS_MIGRATION_API_VERSION',
      });
    }
  }
  if (labels.MARATHON_SINGLE_INSTANCE_APP === 'true' && typeof app.instances === 'number' && app.instances > 1) {
    violations.push({ path: '/', message: 'Single instance app may only have one instance' });
  }
}

/** Marathon's defaults: the core's `applyAppDefaults` plus the collection fields and role Marathon always shows. */
function applyDefaults(input: JsonObject, config: MarathonConfig): JsonObject {
  const app = applyAppDefaults(input, config.defaultNetworkName === undefined ? {} : { defaultNetworkName: config.defaultNetworkName });
  app.constraints ??= [];
  app.dependencies ??= [];
  app.env ??= {};
  app.fetch ??= [];
  app.healthChecks ??= [];
  app.labels ??= {};
  app.readinessChecks ??= [];
  app.secrets ??= {};
  app.role ??= config.defaultRole;
  return app;
}

/** Re-orders an app's keys into Marathon's serialisation order (unknown keys last, in their order). */
export function ordered(app: JsonObject): JsonObject {
  const result: JsonObject = {};
  for (const key of OUTPUT_ORDER) if (app[key] !== undefined) result[key] = app[key];
  for (const [key, value] of Object.entries(app)) if (!(key in result) && value !== undefined) result[key] = value;
  return result;
}
