/**
 * Marathon's translation of the pre-1.5 network API into `networks` (docs/marathon-api.md §4.3; Marathon's
 * `AppNormalization.forDeprecated` and `AppValidation.validateOldAppAPI`). Only the network-related parts are done
 * here; defaults are `applyAppDefaults`' job.
 */
import type { JsonObject } from './json.js';
import { deepCopy, getOwn, isObject, pointer } from './json.js';
import type { Change, Warning } from './types.js';

/** Marathon's default `--mesos_bridge_name`, DC/OS's UCR bridge network. */
export const DEFAULT_MESOS_BRIDGE_NAME = 'mesos-bridge';

/** The outcome of `normaliseLegacyApp`. */
export interface LegacyNormalisation {
  /** The app in canonical form, or an unchanged copy when nothing was legacy or Marathon would reject it. */
  app: JsonObject;
  /** What the translation did, located in the output app (removed fields: their place in the input). */
  changes: Change[];
  /** `ipaddress-groups-dropped`, or one `legacy-rejected` error with Marathon's own message. */
  warnings: Warning[];
  /** Whether a legacy form was found and translated. */
  converted: boolean;
  /** Whether Marathon would refuse the definition (the app is returned unchanged). */
  rejected: boolean;
}

function present(value: unknown): boolean {
  return value !== undefined && value !== null;
}

function nonEmptyArray(value: unknown): boolean {
  return Array.isArray(value) && value.length > 0;
}

/** Whether the app uses `ipAddress`, `container.docker.network` or `container.docker.portMappings`. */
export function hasLegacyNetworkForm(app: unknown): boolean {
  if (!isObject(app)) return false;
  if (present(getOwn(app, 'ipAddress'))) return true;
  const container = getOwn(app, 'container');
  const docker = isObject(container) ? getOwn(container, 'docker') : undefined;
  return isObject(docker) && (present(getOwn(docker, 'network')) || present(getOwn(docker, 'portMappings')));
}

/** The container engine Marathon assumes: `container.type`, defaulting to DOCKER as in Marathon's RAML. */
export function containerEngine(container: unknown): 'DOCKER' | 'MESOS' | undefined {
  if (!isObject(container)) return undefined;
  return getOwn(container, 'type') === 'MESOS' ? 'MESOS' : 'DOCKER';
}

function rejected(app: JsonObject, path: string, message: string): LegacyNormalisation {
  return {
    app: deepCopy(app),
    changes: [],
    warnings: [
      {
        code: 'legacy-rejected',
        severity: 'error',
        pointer: path,
        message: `Marathon rejects this legacy network definition: ${message}`,
      },
    ],
    converted: false,
    rejected: true,
  };
}

/** Options of the legacy translation. */
export interface LegacyOptions {
  /** Marathon's `--mesos_bridge_name` (default `mesos-bridge`). */
  mesosBridgeName?: string;
}

/**
 * Translates an app's legacy network fields exactly as Marathon does on input:
 * `ipAddress` (+ `container.docker.network` USER/BRIDGE/HOST, or a `networkName` equal to the Mesos bridge name)
 * becomes `networks`; `ipAddress.labels` become the network's `labels`; `ipAddress.discovery.ports` become
 * `container.portMappings` (VIP labels kept on each mapping); `ipAddress.groups` are dropped with a warning;
 * `container.docker.portMappings` move to `container.portMappings`; `container.docker.network` is cleared; an
 * `ipAddress` without a container gets an empty MESOS container; for non-host networks `ports`/`portDefinitions`
 * are discarded (and port mappings padded to their count), for host networks port mappings are dropped.
 *
 * Pure: the input is never modified. Never throws for odd input; a mix Marathon refuses is returned unchanged
 * with one `legacy-rejected` error carrying Marathon's message (e.g. "must not specify both networks and
 * ipAddress").
 */
export function normaliseLegacyApp(input: JsonObject, options: LegacyOptions = {}): LegacyNormalisation {
  const bridgeName = options.mesosBridgeName ?? DEFAULT_MESOS_BRIDGE_NAME;
  if (!hasLegacyNetworkForm(input)) {
    return { app: deepCopy(input), changes: [], warnings: [], converted: false, rejected: false };
  }
  const ipAddressRaw = getOwn(input, 'ipAddress');
  const ipAddress = isObject(ipAddressRaw) ? ipAddressRaw : undefined;
  if (present(ipAddressRaw) && !ipAddress) return rejected(input, '/ipAddress', 'ipAddress must be an object');
  const containerRaw = getOwn(input, 'container');
  const dockerRaw = isObject(containerRaw) ? getOwn(containerRaw, 'docker') : undefined;
  const docker = isObject(dockerRaw) ? dockerRaw : undefined;
  const engine = containerEngine(containerRaw);
  const dockerNetwork = docker ? getOwn(docker, 'network') : undefined;
  const networks = getOwn(input, 'networks');
  const discovery = ipAddress ? getOwn(ipAddress, 'discovery') : undefined;

  // AppValidation.validateOldAppAPI, in Marathon's order.
  if (engine === 'MESOS' && docker) {
    for (const field of ['network', 'parameters', 'portMappings']) {
      const value = getOwn(docker, field);
      if (present(value) && !(Array.isArray(value) && value.length === 0)) {
        return rejected(input, pointer('container', 'docker', field), `/container/docker/${field}: must be empty`);
      }
    }
  }
  if (ipAddress && engine === 'DOCKER' && present(discovery)) {
    return rejected(input, '/ipAddress', '/ipAddress: ipAddress/discovery is not allowed for Docker containers');
  }
  if (present(dockerNetwork) && Array.isArray(networks) && networks.length > 0) {
    return rejected(input, '', 'must not specify both container.docker.network and networks');
  }
  if (ipAddress && Array.isArray(networks) && networks.length > 0) {
    return rejected(input, '', 'must not specify both networks and ipAddress');
  }
  if (ipAddress && (nonEmptyArray(getOwn(input, 'ports')) || nonEmptyArray(getOwn(input, 'portDefinitions')))) {
    return rejected(input, '', 'cannot specify both an IP address and port');
  }
  if (present(dockerNetwork) && !['USER', 'BRIDGE', 'HOST'].includes(dockerNetwork as string)) {
    return rejected(input, pointer('container', 'docker', 'network'), `unsupported docker network type ${String(dockerNetwork)}`);
  }
  const containerMappings = isObject(containerRaw) ? getOwn(containerRaw, 'portMappings') : undefined;
  const dockerMappings = docker ? getOwn(docker, 'portMappings') : undefined;
  if (nonEmptyArray(containerMappings) && nonEmptyArray(dockerMappings)) {
    return rejected(input, pointer('container', 'portMappings'), 'cannot specify both portMappings and docker.portMappings');
  }
  const discoveryPorts = isObject(discovery) ? getOwn(discovery, 'ports') : undefined;
  if (nonEmptyArray(discoveryPorts)) {
    if (engine === 'DOCKER') {
      return rejected(input, pointer('ipAddress', 'discovery', 'ports'), 'ipAddress.discovery.ports do not apply for container type DOCKER');
    }
    if (nonEmptyArray(containerMappings) || nonEmptyArray(dockerMappings)) {
      return rejected(input, pointer('container', 'portMappings'), 'container.portMappings and ipAddress.discovery.ports must not both be set');
    }
  }

  const app = deepCopy(input);
  const changes: Change[] = [];
  const warnings: Warning[] = [];
  const legacyChange = (path: string, message: string, before?: unknown, after?: unknown): void => {
    const change: Change = { kind: 'legacy-converted', pointer: path, message };
    // Snapshots: later rules keep editing the objects these values came from.
    if (before !== undefined) change.before = deepCopy(before);
    if (after !== undefined) change.after = deepCopy(after);
    changes.push(change);
  };

  // 1. No container but ipAddress: Marathon implies an empty MESOS container.
  let container = getOwn(app, 'container');
  if (ipAddress && !isObject(container)) {
    container = { type: 'MESOS' };
    app.container = container;
    legacyChange('/container', 'ipAddress without a container: Marathon creates an empty MESOS container', undefined, container);
  }
  const ct = isObject(container) ? container : undefined;
  const dockerCopy = ct && isObject(getOwn(ct, 'docker')) ? (getOwn(ct, 'docker') as JsonObject) : undefined;

  // 2. container.docker.portMappings -> container.portMappings.
  if (ct && dockerCopy && Object.hasOwn(dockerCopy, 'portMappings')) {
    const moved = dockerCopy.portMappings;
    delete dockerCopy.portMappings;
    if (nonEmptyArray(moved) || !present(getOwn(ct, 'portMappings'))) {
      if (present(moved)) ct.portMappings = moved;
      legacyChange('/container/portMappings', 'container.docker.portMappings moved to container.portMappings', undefined, moved);
    } else {
      legacyChange('/container/docker/portMappings', 'empty container.docker.portMappings removed', moved);
    }
  }

  // 3. ipAddress.discovery.ports -> container.portMappings (MESOS only; checked above).
  if (ct && Array.isArray(discoveryPorts) && discoveryPorts.length > 0) {
    const mappings = discoveryPorts.map((port: unknown) => {
      const p = isObject(port) ? port : {};
      const mapping: JsonObject = { containerPort: getOwn(p, 'number') ?? 0 };
      if (present(getOwn(p, 'name'))) mapping.name = getOwn(p, 'name');
      if (present(getOwn(p, 'protocol'))) mapping.protocol = getOwn(p, 'protocol');
      if (isObject(getOwn(p, 'labels'))) mapping.labels = deepCopy(getOwn(p, 'labels'));
      return mapping;
    });
    ct.portMappings = mappings;
    legacyChange(
      '/container/portMappings',
      'ipAddress.discovery.ports became container.portMappings (port labels such as VIP_0 kept)',
      undefined,
      mappings,
    );
  }

  // 4. NetworkTranslation: ipAddress and/or docker.network -> networks.
  const ipLabels = ipAddress && isObject(getOwn(ipAddress, 'labels')) ? (getOwn(ipAddress, 'labels') as JsonObject) : undefined;
  const withLabels = (network: JsonObject): JsonObject => {
    if (ipLabels && Object.keys(ipLabels).length > 0) network.labels = deepCopy(ipLabels);
    return network;
  };
  let translated: JsonObject[] | undefined;
  if (ipAddress) {
    const networkName = getOwn(ipAddress, 'networkName');
    if (dockerNetwork === 'HOST') translated = [{ mode: 'host' }];
    else if (dockerNetwork === 'BRIDGE') translated = [withLabels({ mode: 'container/bridge' })];
    else if (dockerNetwork === undefined || dockerNetwork === null) {
      if (networkName === bridgeName) translated = [withLabels({ mode: 'container/bridge' })];
      else translated = [withLabels(present(networkName) ? { mode: 'container', name: networkName } : { mode: 'container' })];
    } else {
      translated = [withLabels(present(networkName) ? { mode: 'container', name: networkName } : { mode: 'container' })];
    }
  } else if (present(dockerNetwork)) {
    translated = [dockerNetwork === 'HOST' ? { mode: 'host' } : dockerNetwork === 'BRIDGE' ? { mode: 'container/bridge' } : { mode: 'container' }];
  }
  if (translated) {
    const source = ipAddress ? (present(dockerNetwork) ? 'ipAddress and container.docker.network' : 'ipAddress') : 'container.docker.network';
    app.networks = translated;
    legacyChange('/networks', `${source} became networks`, undefined, translated);
  }
  if (Object.hasOwn(app, 'ipAddress')) {
    const before = app.ipAddress;
    delete app.ipAddress;
    legacyChange('/ipAddress', 'ipAddress removed (Marathon never emits it together with networks)', before);
    const groups = ipAddress ? getOwn(ipAddress, 'groups') : undefined;
    if (nonEmptyArray(groups)) {
      warnings.push({
        code: 'ipaddress-groups-dropped',
        severity: 'warning',
        pointer: '/ipAddress/groups',
        message: `ipAddress.groups (${(groups as unknown[]).length} group(s)) are ignored by Marathon and dropped; use Calico network policies to isolate the app instead`,
      });
    }
  }
  if (dockerCopy && Object.hasOwn(dockerCopy, 'network')) {
    const before = dockerCopy.network;
    delete dockerCopy.network;
    legacyChange('/container/docker/network', 'container.docker.network cleared (replaced by networks)', before);
  }

  // 5. Ports under the translated network mode (AppNormalization: applyDefaultPortDefinitions,
  //    maybeDropPortMappings, maybeAddPortMappings).
  const finalNetworks = translated ?? (Array.isArray(getOwn(app, 'networks')) ? (getOwn(app, 'networks') as unknown[]) : []);
  if (translated) {
    const isHost = finalNetworks.length === 0 || finalNetworks.some((n) => isObject(n) && n.mode === 'host');
    if (isHost) {
      if (ct && Object.hasOwn(ct, 'portMappings')) {
        const before = ct.portMappings;
        delete ct.portMappings;
        legacyChange('/container/portMappings', 'port mappings dropped: Marathon ignores them on host networking', before);
      }
    } else {
      const definitions = getOwn(app, 'portDefinitions');
      const ports = getOwn(app, 'ports');
      const declared = Array.isArray(definitions) ? definitions.length : Array.isArray(ports) ? ports.length : 0;
      for (const field of ['portDefinitions', 'ports']) {
        if (Object.hasOwn(app, field)) {
          const before = app[field];
          delete app[field];
          legacyChange(pointer(field), `${field} discarded: Marathon ignores them on container networks`, before);
        }
      }
      if (ct) {
        const existing = getOwn(ct, 'portMappings');
        const current: unknown[] = Array.isArray(existing) ? [...existing] : declared > 0 ? [{ containerPort: 0, name: 'default' }] : [];
        if (declared > current.length || (!Array.isArray(existing) && declared > 1)) {
          while (current.length < declared) current.push({ containerPort: 0 });
          ct.portMappings = current;
          legacyChange('/container/portMappings', `port mappings padded to the ${declared} declared port(s), as Marathon does`, existing, current);
        }
      }
    }
  }
  return { app, changes, warnings, converted: true, rejected: false };
}
