/**
 * The migration rules of DESIGN.md ("Migration rules (core)") for Marathon apps and pods: rename the old container
 * network (named, or unnamed and resolving to it), rename `networkNames`, convert legacy forms, carry labels into
 * the migrated network, switch dcos-commons scheduler env, and explain every risk with a JSON pointer.
 */
import { containerEngine, hasLegacyNetworkForm, normaliseLegacyApp } from './legacy.js';
import type { JsonObject } from './json.js';
import { childPointer, deepCopy, getOwn, isObject, pointer, setOwn } from './json.js';
import { evaluateCarryPolicy, quoteForMessage } from './labels.js';
import { resolveMigrationOptions } from './options.js';
import { scanCalicoLabels, scanCommand, scanEnvironment, scanIpv6Networks, scanVipLabels } from './risks.js';
import type { Change, MigrationOptions, ResolvedMigrationOptions, Warning } from './types.js';

/** The result of `migrateApp`. */
export interface MigrateAppResult {
  /** The migrated app: the input itself when no rule applied, else a new object sharing untouched members with it (read-only). */
  app: JsonObject;
  changes: Change[];
  warnings: Warning[];
}

/** The result of `migratePod`. */
export interface MigratePodResult {
  /** The migrated pod: the input itself when no rule applied, else a new object (read-only, like migrateApp's). */
  pod: JsonObject;
  changes: Change[];
  warnings: Warning[];
}

/**
 * Env names through which dcos-commons schedulers (and Universe templates) pass the pods' virtual network:
 * `VIRTUAL_NETWORK_NAME`, per-pod `<POD>_VIRTUAL_NETWORK_NAME` / `VIRTUAL_NETWORK_NAME_<POD>`,
 * `TASKCFG_ALL_VIRTUAL_NETWORK_NAME`, and `VIRTUAL_NETWORK_LABELS`, which some packages fill with the network name
 * (docs/templates-catalog.md §5 M1, M3, M6). Only values equal to the old network name are switched.
 */
export const SCHEDULER_NETWORK_ENV_RE = /^(?:[A-Z0-9_]+_)?VIRTUAL_NETWORK_NAME(?:_[A-Z0-9_]+)?$|^VIRTUAL_NETWORK_LABELS$/;

interface Collector {
  changes: Change[];
  warnings: Warning[];
}

function invalid(kind: 'app' | 'pod', path: string, message: string): Warning {
  return { code: `invalid-${kind}`, severity: 'error', pointer: path, message };
}

/** Indices of the container networks that move: named `from`, or unnamed while the default name is `from`. */
function networksToMove(networks: unknown[], options: ResolvedMigrationOptions): number[] {
  const indices: number[] = [];
  networks.forEach((network, index) => {
    if (!isObject(network)) return;
    const mode = getOwn(network, 'mode') ?? 'container';
    if (mode !== 'container') return;
    const name = getOwn(network, 'name');
    // Marathon reads `"name": null` as no name.
    if (name === options.from || (name == null && options.defaultNetworkName === options.from)) indices.push(index);
  });
  return indices;
}

function containerNetworkNames(networks: unknown[], options: ResolvedMigrationOptions): (string | undefined)[] {
  return networks
    .filter((network): network is JsonObject => isObject(network) && (getOwn(network, 'mode') ?? 'container') === 'container')
    .map((network) => {
      const name = getOwn(network, 'name');
      return typeof name === 'string' ? name : name == null ? options.defaultNetworkName : undefined;
    });
}

/** Rule 1: rename (or name) each moving network. Returns false when `to` is already present (nothing renamed). */
function renameNetworks(networks: unknown[], moving: number[], options: ResolvedMigrationOptions, out: Collector): boolean {
  if (containerNetworkNames(networks, options).includes(options.to)) {
    out.warnings.push({
      code: 'from-and-to-both-present',
      severity: 'error',
      pointer: '/networks',
      message:
        `the item is on both ${options.from} and ${options.to}; renaming ${options.from} would duplicate ${options.to} ` +
        '("Duplicate networks are not allowed"), so its networks are left as they are: decide by hand which network to keep',
    });
    return false;
  }
  if (moving.length > 1) {
    // `{name: dcos}` next to an unnamed container network: Marathon accepts it (it names unnamed networks only
    // after validating), but two networks called `to` would be rejected as duplicates.
    out.warnings.push({
      code: 'from-network-twice',
      severity: 'error',
      pointer: '/networks',
      message:
        `${moving.length} container networks resolve to ${options.from} (one named, one unnamed with Marathon's default name); ` +
        `renaming both would duplicate ${options.to}, so the networks are left as they are: remove one of them by hand`,
    });
    return false;
  }
  for (const index of moving) {
    const network = networks[index] as JsonObject;
    const path = pointer('networks', index, 'name');
    const before = getOwn(network, 'name');
    setOwn(network, 'name', options.to);
    if (before == null) {
      out.changes.push({
        kind: 'network-named',
        pointer: path,
        message: `unnamed container network (Marathon's default network ${options.defaultNetworkName}) named ${options.to}`,
        after: options.to,
      });
    } else {
      out.changes.push({ kind: 'network-renamed', pointer: path, message: `container network ${options.from} renamed to ${options.to}`, before, after: options.to });
    }
  }
  return true;
}

/** Rule 2: `networkNames` entries naming the old network, in one list of ports (`container.portMappings` or endpoints). */
function renameNetworkNames(ports: unknown, portsPointer: string, options: ResolvedMigrationOptions, out: Collector): void {
  if (!Array.isArray(ports)) return;
  ports.forEach((port, portIndex) => {
    const names = isObject(port) ? getOwn(port, 'networkNames') : undefined;
    if (!Array.isArray(names)) return;
    names.forEach((name, nameIndex) => {
      if (name !== options.from) return;
      names[nameIndex] = options.to;
      out.changes.push({
        kind: 'network-names-renamed',
        pointer: childPointer(portsPointer, portIndex, 'networkNames', nameIndex),
        message: `port ${portLabel(port as JsonObject, portIndex)} now names network ${options.to} instead of ${options.from}`,
        before: name,
        after: options.to,
      });
    });
  });
}

function portLabel(port: JsonObject, index: number): string {
  const name = getOwn(port, 'name');
  return typeof name === 'string' ? quoteForMessage(name) : `#${index}`;
}

/**
 * Rule 4: carries labels into one moving network's `labels`. Existing network labels stay; a conflicting carried
 * label keeps the network's value and warns.
 */
function carryLabels(
  network: JsonObject,
  networkPointer: string,
  itemLabels: unknown,
  labelsPointer: string,
  options: ResolvedMigrationOptions,
  out: Collector,
): void {
  if (!isObject(itemLabels)) return;
  const { carried, decisions } = evaluateCarryPolicy(itemLabels, options.carry);
  const existingRaw = getOwn(network, 'labels');
  if (existingRaw != null && !isObject(existingRaw)) return; // wrong type: validation reports it
  let target = isObject(existingRaw) ? existingRaw : undefined;
  for (const [key, value] of Object.entries(carried)) {
    const source = decisions.find((d) => d.carried && d.targetKey === key);
    const sourceKey = source?.key ?? key;
    if (target && Object.hasOwn(target, key)) {
      if (target[key] !== value) {
        out.warnings.push({
          code: 'label-conflict',
          severity: 'warning',
          pointer: childPointer(networkPointer, 'labels', key),
          message:
            `label ${quoteForMessage(sourceKey)}=${quoteForMessage(value)} conflicts with the network's ` +
            `${quoteForMessage(key)}=${quoteForMessage(String(target[key]))}; the network's value is kept`,
        });
      }
      continue;
    }
    if (!target) {
      target = {};
      setOwn(network, 'labels', target);
    }
    setOwn(target, key, value);
    out.changes.push({
      kind: 'label-carried',
      pointer: childPointer(networkPointer, 'labels', key),
      message:
        sourceKey === key
          ? `label ${quoteForMessage(key)} carried into the network's labels so Calico policies can select it`
          : `label ${quoteForMessage(sourceKey)} carried into the network's labels as ${quoteForMessage(key)}`,
      after: value,
    });
  }
  for (const decision of decisions) {
    if (decision.reason === 'invalid-for-calico') {
      out.warnings.push({
        code: 'label-not-carried',
        severity: 'info',
        pointer: childPointer(labelsPointer, decision.key),
        message: `label ${quoteForMessage(decision.key)} is not carried: Calico would reject it${decision.targetKey === decision.key ? '' : ` as ${quoteForMessage(decision.targetKey)}`} and the task would fail to launch`,
      });
    }
  }
}

/**
 * A copy of the app that the rules may write to: the members they write (networks, port mappings, env) are copied,
 * the rest is shared with the input. A legacy app is copied whole, since its translation rebuilds several members.
 */
function copyForRewrite(input: JsonObject): JsonObject {
  if (hasLegacyNetworkForm(input)) return deepCopy(input);
  const app: JsonObject = { ...input };
  const networks = getOwn(input, 'networks');
  if (networks !== undefined) app.networks = deepCopy(networks);
  const container = getOwn(input, 'container');
  if (isObject(container)) {
    const copy: JsonObject = { ...container };
    const mappings = getOwn(container, 'portMappings');
    if (mappings !== undefined) copy.portMappings = deepCopy(mappings);
    app.container = copy;
  }
  const env = getOwn(input, 'env');
  if (isObject(env)) app.env = { ...env };
  return app;
}

/** Whether any rule could rewrite the app: a legacy network form, a network to move, or a scheduler env to switch. */
function appNeedsRewrite(app: JsonObject, options: ResolvedMigrationOptions): boolean {
  if (hasLegacyNetworkForm(app)) return true;
  const networks = getOwn(app, 'networks');
  if (Array.isArray(networks) && networksToMove(networks, options).length > 0) return true;
  const env = getOwn(app, 'env');
  if (!isObject(env)) return false;
  for (const name of Object.keys(env)) if (SCHEDULER_NETWORK_ENV_RE.test(name) && env[name] === options.from) return true;
  return false;
}

/** Rule 6: dcos-commons scheduler env naming the old network. */
function switchSchedulerEnv(env: unknown, options: ResolvedMigrationOptions, out: Collector): void {
  if (!isObject(env)) return;
  for (const [name, value] of Object.entries(env)) {
    if (!SCHEDULER_NETWORK_ENV_RE.test(name) || value !== options.from) continue;
    setOwn(env, name, options.to);
    out.changes.push({
      kind: 'env-switched',
      pointer: pointer('env', name),
      message: `scheduler env ${name} switched from ${options.from} to ${options.to}: the scheduler redeploys its pods on ${options.to}`,
      before: value,
      after: options.to,
    });
  }
}

function multipleContainerNetworksWarning(networks: unknown[], options: ResolvedMigrationOptions): Warning | undefined {
  const names = containerNetworkNames(networks, options);
  if (names.length < 2) return undefined;
  const others = names.filter((name) => name !== options.from && name !== options.to);
  return {
    code: 'multiple-container-networks',
    severity: 'warning',
    pointer: '/networks',
    message:
      `the item joins ${names.length} container networks; only ${options.from} moves to ${options.to}` +
      (others.length > 0 ? `, the others stay unchanged (${others.map((n) => n ?? '(unnamed)').join(', ')})` : ''),
  };
}

/**
 * Migrates one Marathon app (canonical or legacy 1.4 form, a file definition or an API `AppInfo`) from the old
 * network to the new one. Pure: the input is never modified; the returned app is a new object when a rule rewrites
 * it (sharing the members no rule writes with the input), and the input itself otherwise, so callers must treat it
 * as read-only (frozen inputs are fine; copy it before changing it). Never throws for
 * bad input: an input that is not an app, or that Marathon would reject, comes back unchanged with an `error`
 * warning. Throws `UsageError` only for invalid options (see `resolveMigrationOptions`).
 */
export function migrateApp(input: unknown, options?: MigrationOptions): MigrateAppResult {
  const resolved = resolveMigrationOptions(options);
  if (!isObject(input)) {
    return { app: deepCopy(input) as JsonObject, changes: [], warnings: [invalid('app', '', 'an app must be a JSON object')] };
  }
  const out: Collector = { changes: [], warnings: [] };
  // Copy on write: an app no rule rewrites is returned as it came (never mutated), which is most of a large cluster.
  let app = appNeedsRewrite(input, resolved) ? copyForRewrite(input) : input;
  let legacyNotes: Collector = { changes: [], warnings: [] };
  if (hasLegacyNetworkForm(app)) {
    const legacy = normaliseLegacyApp(app);
    if (legacy.rejected) return { app, changes: [], warnings: [...legacy.warnings, ...scanAppRisks(app, resolved, false)] };
    legacyNotes = { changes: legacy.changes, warnings: legacy.warnings };
    const moves = Array.isArray(legacy.app.networks) && networksToMove(legacy.app.networks, resolved).length > 0;
    if (moves || resolved.legacy === 'always') app = legacy.app;
    else legacyNotes = { changes: [], warnings: [] };
  }
  out.changes.push(...legacyNotes.changes);
  out.warnings.push(...legacyNotes.warnings);

  const networks = getOwn(app, 'networks');
  if (networks != null && !Array.isArray(networks)) {
    out.warnings.push(invalid('app', '/networks', 'networks must be an array'));
    return { app, changes: out.changes, warnings: out.warnings };
  }
  const moving = Array.isArray(networks) ? networksToMove(networks, resolved) : [];
  let moved = false;
  if (Array.isArray(networks) && moving.length > 0) {
    moved = renameNetworks(networks, moving, resolved, out);
    if (moved) {
      const container = getOwn(app, 'container');
      if (isObject(container)) renameNetworkNames(getOwn(container, 'portMappings'), '/container/portMappings', resolved, out);
      const docker = containerEngine(container) === 'DOCKER';
      for (const index of moving) {
        const network = networks[index] as JsonObject;
        const networkPointer = pointer('networks', index);
        // Docker-engine tasks never hand network labels to Calico: nothing to carry, nothing Calico would see.
        if (docker) continue;
        carryLabels(network, networkPointer, getOwn(app, 'labels'), '/labels', resolved, out);
        out.warnings.push(...scanCalicoLabels(getOwn(network, 'labels'), childPointer(networkPointer, 'labels')));
      }
      if (docker) {
        out.warnings.push({
          code: 'docker-engine-no-labels',
          severity: 'warning',
          pointer: '/container/type',
          message:
            `the app runs on the Docker engine: Marathon passes no network labels to Docker, so Calico policies cannot select it ` +
            `by label (app labels are not carried); the Calico libnetwork plugin reads Docker labels prefixed org.projectcalico.label. ` +
            `(container.docker.parameters key "label"), or run the app on the Mesos containerizer (container.type MESOS)`,
        });
      }
      const multiple = multipleContainerNetworksWarning(networks, resolved);
      if (multiple) out.warnings.push(multiple);
    }
  }
  switchSchedulerEnv(getOwn(app, 'env'), resolved, out);
  out.warnings.push(...scanAppRisks(app, resolved, moved));
  return { app, changes: out.changes, warnings: out.warnings };
}

/** Risks that do not depend on a rename having happened, plus VIP labels of a moved app. */
function scanAppRisks(app: JsonObject, options: ResolvedMigrationOptions, moved: boolean): Warning[] {
  const warnings: Warning[] = [];
  const networks = getOwn(app, 'networks');
  warnings.push(...scanIpv6Networks(networks));
  const container = getOwn(app, 'container');
  if (Array.isArray(networks) && containerEngine(container) === 'DOCKER') {
    const count = containerNetworkNames(networks, options).length;
    if (count > 1) {
      warnings.push({
        code: 'docker-single-container-network',
        severity: 'error',
        pointer: '/networks',
        message: `the Docker engine allows only one container network, the app has ${count} ("may only specify a single container network when using the Docker container engine")`,
      });
    }
  }
  if (moved && isObject(container)) {
    const mappings = getOwn(container, 'portMappings');
    if (Array.isArray(mappings)) {
      mappings.forEach((mapping, index) => {
        if (isObject(mapping)) warnings.push(...scanVipLabels(getOwn(mapping, 'labels'), pointer('container', 'portMappings', index, 'labels'), options.to));
      });
    }
  }
  warnings.push(...scanEnvironment(getOwn(app, 'env'), '/env', 'env'));
  warnings.push(...scanCommand(getOwn(app, 'cmd'), '/cmd', 'cmd'));
  warnings.push(...scanCommand(getOwn(app, 'args'), '/args', 'args'));
  return warnings;
}

/**
 * Migrates one Marathon pod (the definition, not a `PodStatus`; pass `status.spec`) from the old network to the
 * new one: pod `networks`, `containers[].endpoints[].networkNames`, pod `labels` carried into the moving network.
 * Pure and never throwing for bad input, like `migrateApp`.
 */
export function migratePod(input: unknown, options?: MigrationOptions): MigratePodResult {
  const resolved = resolveMigrationOptions(options);
  if (!isObject(input)) {
    return { pod: deepCopy(input) as JsonObject, changes: [], warnings: [invalid('pod', '', 'a pod must be a JSON object')] };
  }
  const inputNetworks = getOwn(input, 'networks');
  // Copy on write: only a pod with a network to move is rewritten; any other is returned as it came, never mutated.
  const pod = Array.isArray(inputNetworks) && networksToMove(inputNetworks, resolved).length > 0 ? deepCopy(input) : input;
  const out: Collector = { changes: [], warnings: [] };
  const networks = getOwn(pod, 'networks');
  if (networks != null && !Array.isArray(networks)) {
    return { pod, changes: [], warnings: [invalid('pod', '/networks', 'networks must be an array')] };
  }
  const containers = getOwn(pod, 'containers');
  const moving = Array.isArray(networks) ? networksToMove(networks, resolved) : [];
  let moved = false;
  if (Array.isArray(networks) && moving.length > 0) {
    moved = renameNetworks(networks, moving, resolved, out);
    if (moved) {
      if (Array.isArray(containers)) {
        containers.forEach((container, index) => {
          if (isObject(container)) renameNetworkNames(getOwn(container, 'endpoints'), pointer('containers', index, 'endpoints'), resolved, out);
        });
      }
      for (const index of moving) {
        const network = networks[index] as JsonObject;
        const networkPointer = pointer('networks', index);
        carryLabels(network, networkPointer, getOwn(pod, 'labels'), '/labels', resolved, out);
        out.warnings.push(...scanCalicoLabels(getOwn(network, 'labels'), childPointer(networkPointer, 'labels')));
      }
      const multiple = multipleContainerNetworksWarning(networks, resolved);
      if (multiple) out.warnings.push(multiple);
    }
  }
  out.warnings.push(...scanIpv6Networks(networks));
  out.warnings.push(...scanEnvironment(getOwn(pod, 'environment'), '/environment', 'pod environment'));
  if (Array.isArray(containers)) {
    containers.forEach((container, index) => {
      if (!isObject(container)) return;
      const base = pointer('containers', index);
      const name = typeof container.name === 'string' ? container.name : `#${index}`;
      if (moved) {
        const endpoints = getOwn(container, 'endpoints');
        if (Array.isArray(endpoints)) {
          endpoints.forEach((endpoint, e) => {
            if (isObject(endpoint)) out.warnings.push(...scanVipLabels(getOwn(endpoint, 'labels'), childPointer(base, 'endpoints', e, 'labels'), resolved.to));
          });
        }
      }
      out.warnings.push(...scanEnvironment(getOwn(container, 'environment'), childPointer(base, 'environment'), `container ${name} environment`));
      const exec = getOwn(container, 'exec');
      const command = isObject(exec) ? getOwn(exec, 'command') : undefined;
      if (isObject(command)) {
        out.warnings.push(...scanCommand(getOwn(command, 'shell'), childPointer(base, 'exec', 'command', 'shell'), `container ${name} command`));
        out.warnings.push(...scanCommand(getOwn(command, 'argv'), childPointer(base, 'exec', 'command', 'argv'), `container ${name} argv`));
      }
    });
  }
  return { pod, changes: out.changes, warnings: out.warnings };
}
